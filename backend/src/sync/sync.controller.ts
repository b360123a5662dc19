import { Body, Controller, Get, HttpCode, HttpStatus, Post, Query, UseGuards } from '@nestjs/common';
import { SkipThrottle } from '@nestjs/throttler';
import type { PullResponse, PushResponse } from '@seri/shared';
import type { AuthenticatedDevice } from '../devices/authenticated-device';
import { CurrentDevice } from '../devices/current-device.decorator';
import { DeviceAuthGuard } from '../devices/device-auth.guard';
import { PullQueryDto } from './dto/pull-query.dto';
import { PullService } from './pull.service';
import { PushService } from './push.service';

@Controller('sync')
@UseGuards(DeviceAuthGuard)
// Outside the API's per-address flood guard: a shop's terminals share one address behind its
// router, and a push is bounded by its own batch and body limits (413).
@SkipThrottle()
export class SyncController {
  constructor(
    private readonly pushes: PushService,
    private readonly pulls: PullService,
  ) {}

  /** The body is validated by the push service with the shared validator (paths like ops.0.payload…). */
  @Post('push')
  @HttpCode(HttpStatus.OK)
  push(@CurrentDevice() device: AuthenticatedDevice, @Body() body: unknown): Promise<PushResponse> {
    return this.pushes.push(device, body);
  }

  @Get('pull')
  pull(@CurrentDevice() device: AuthenticatedDevice, @Query() query: PullQueryDto): Promise<PullResponse> {
    return this.pulls.pull(device, query.cursor, query.limit, query.scope, query.until);
  }
}
