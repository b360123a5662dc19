import { Controller, Get } from '@nestjs/common';
import type { HealthResponse } from '@seri/shared';
import { HealthService } from './health.service';

/** No auth: load balancers and terminals' online checks call it. */
@Controller('health')
export class HealthController {
  constructor(private readonly health: HealthService) {}

  @Get()
  check(): Promise<HealthResponse> {
    return this.health.check();
  }
}
