import { Body, Controller, HttpCode, HttpStatus, Post } from '@nestjs/common';
import type { EnrollResponse } from '@seri/shared';
import { DevicesService } from './devices.service';
import { EnrollDeviceDto } from './dto/enroll-device.dto';

@Controller('devices')
export class DevicesController {
  constructor(private readonly devices: DevicesService) {}

  @Post('enroll')
  @HttpCode(HttpStatus.CREATED)
  enroll(@Body() request: EnrollDeviceDto): Promise<EnrollResponse> {
    return this.devices.enroll(request);
  }
}
