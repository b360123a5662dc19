import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { RealtimeModule } from '../realtime/realtime.module';
import { HealthController } from './health.controller';
import { HealthService } from './health.service';
import { ReadinessState } from './readiness-state';
import { ReadinessService } from './readiness.service';

@Module({
  // Terminus logs failed checks itself; the request line already says 503.
  imports: [TerminusModule.forRoot({ logger: false }), RealtimeModule],
  controllers: [HealthController],
  providers: [HealthService, ReadinessService, ReadinessState],
  exports: [ReadinessState],
})
export class HealthModule {}
