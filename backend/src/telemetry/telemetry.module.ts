import { Global, Module } from '@nestjs/common';
import { BackgroundJobs } from './background-jobs';
import { MetricsAccessGuard } from './metrics-access.guard';
import { MetricsController } from './metrics.controller';
import { Metrics } from './metrics';
import { PoolMetrics } from './pool-metrics';

/** Metrics (`/metrics`) and the background-job runner, available to every module. */
@Global()
@Module({
  controllers: [MetricsController],
  providers: [Metrics, BackgroundJobs, PoolMetrics, MetricsAccessGuard],
  exports: [Metrics, BackgroundJobs],
})
export class TelemetryModule {}
