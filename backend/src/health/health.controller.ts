import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { HealthResponse } from '@seri/shared';
import { Public } from '../auth/auth.decorators';
import { HealthService } from './health.service';

/** No auth: load balancers and terminals' online checks call it. */
@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(private readonly health: HealthService) {}

  @Get()
  @Public()
  @ApiOperation({ summary: 'Is the server up and its database reachable; which protocol versions it serves' })
  @ApiResponse({ status: 200, description: 'Up.' })
  @ApiResponse({ status: 503, description: 'The database is not reachable.' })
  check(): Promise<HealthResponse> {
    return this.health.check();
  }
}
