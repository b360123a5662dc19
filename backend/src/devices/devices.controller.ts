import { Body, Controller, HttpStatus, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { SkipThrottle } from '@nestjs/throttler';
import type { EnrollResponse } from '@seri/shared';
import { AdminDoc } from '../admin/common/api-docs';
import { Public } from '../auth/auth.decorators';
import { LoginThrottlerGuard } from '../auth/login-throttler.guard';
import type { AuthenticatedDevice } from './authenticated-device';
import { CurrentDevice } from './current-device.decorator';
import { DeviceAuthGuard } from './device-auth.guard';
import { DevicesService } from './devices.service';
import { DeviceReportDto } from './dto/device-report.dto';
import { EnrollDeviceDto, EnrollResponseDto } from './dto/enroll-device.dto';

@ApiTags('devices')
@Controller('devices')
export class DevicesController {
  constructor(private readonly devices: DevicesService) {}

  @Post('enroll')
  @Public()
  @UseGuards(LoginThrottlerGuard)
  @SkipThrottle({ account: true, address: true })
  @AdminDoc({
    summary: 'Enroll a terminal with an enrollment code',
    response: EnrollResponseDto,
    status: HttpStatus.CREATED,
    errors: [HttpStatus.NOT_FOUND, HttpStatus.TOO_MANY_REQUESTS],
  })
  enroll(@Body() request: EnrollDeviceDto): Promise<EnrollResponse> {
    return this.devices.enroll(request);
  }

  @Post('report')
  @UseGuards(DeviceAuthGuard)
  @ApiBearerAuth()
  @AdminDoc({ summary: 'A terminal reports its pull cursor and queue (device token)', status: HttpStatus.NO_CONTENT })
  report(@CurrentDevice() device: AuthenticatedDevice, @Body() report: DeviceReportDto): Promise<void> {
    return this.devices.saveReport(device, report);
  }
}
