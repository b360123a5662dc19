import { Controller, Get, Header, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { SkipThrottle } from '@nestjs/throttler';
import { Public } from '../auth/auth.decorators';
import { MetricsAccessGuard } from './metrics-access.guard';
import { Metrics, PROMETHEUS_CONTENT_TYPE } from './metrics';

/** `GET /metrics` (outside /api, where Prometheus looks by default): the text exposition format. */
// Probes and scrapes come every few seconds from the balancer and Prometheus, and must answer while the database is down.
@SkipThrottle()
@ApiExcludeController()
@Controller('metrics')
export class MetricsController {
  constructor(private readonly metrics: Metrics) {}

  @Get()
  @Public()
  @UseGuards(MetricsAccessGuard)
  @Header('Content-Type', PROMETHEUS_CONTENT_TYPE)
  @Header('Cache-Control', 'no-store')
  scrape(): Promise<string> {
    return this.metrics.scrape();
  }
}
