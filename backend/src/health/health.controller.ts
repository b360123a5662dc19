import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { HealthCheck, type HealthCheckResult } from '@nestjs/terminus';
import type { HealthResponse } from '@seri/shared';
import { Public } from '../auth/auth.decorators';
import { HealthService } from './health.service';
import { ReadinessService } from './readiness.service';

/** No auth: load balancers and terminals' online checks call it. */
@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthService,
    private readonly readiness: ReadinessService,
  ) {}

  @Get()
  @Public()
  @ApiOperation({ summary: 'Is the server up and its database reachable; which protocol versions it serves' })
  @ApiResponse({ status: 200, description: 'Up.' })
  @ApiResponse({ status: 503, description: 'The database is not reachable.' })
  check(): Promise<HealthResponse> {
    return this.health.check();
  }

  @Get('live')
  @Public()
  @HealthCheck()
  @ApiOperation({ summary: 'Liveness: the process answers (restart it when this fails)' })
  @ApiResponse({ status: 200, description: 'Alive.' })
  live(): Promise<HealthCheckResult> {
    return this.readiness.live();
  }

  @Get('ready')
  @Public()
  @HealthCheck()
  @ApiOperation({ summary: 'Readiness: database reachable, migrations applied, LISTEN up, not shutting down (send traffic only when 200)' })
  @ApiResponse({ status: 200, description: 'Ready.' })
  @ApiResponse({ status: 503, description: 'Not ready; the body names the failing checks.' })
  ready(): Promise<HealthCheckResult> {
    return this.readiness.ready();
  }
}
