import { Body, Controller, Delete, Get, HttpStatus, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { AdminDoc } from '../admin/common/api-docs';
import { Audit } from '../audit/audit.decorator';
import { CurrentUser } from '../auth/auth.decorators';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import { AdminDevicesService } from './admin-devices.service';
import { CreateEnrollmentCodeDto, EnrollmentCodeDto, TerminalDto } from './dto/admin-device.dto';
import { EnrollmentCodeParamPipe } from './enrollment-code-param.pipe';

@ApiTags('admin: devices')
@ApiBearerAuth()
@Controller('admin/shops/:shopId')
export class AdminDevicesController {
  constructor(private readonly devices: AdminDevicesService) {}

  @Get('devices')
  @AdminDoc({ summary: 'The shop’s terminals: last seen, cursor lag and queue as each reported', response: [TerminalDto] })
  list(@Param('shopId', ParseUUIDPipe) shopId: string): Promise<TerminalDto[]> {
    return this.devices.list(shopId);
  }

  @Get('devices/:deviceId')
  @AdminDoc({ summary: 'One terminal', response: TerminalDto, errors: [HttpStatus.NOT_FOUND] })
  get(@Param('shopId', ParseUUIDPipe) shopId: string, @Param('deviceId', ParseUUIDPipe) deviceId: string): Promise<TerminalDto> {
    return this.devices.get(shopId, deviceId);
  }

  @Post('devices/:deviceId/revoke')
  @Audit('device.revoke')
  @AdminDoc({ summary: 'Revoke a terminal’s token (it can no longer push or pull)', response: TerminalDto, errors: [HttpStatus.NOT_FOUND, HttpStatus.CONFLICT] })
  revoke(
    @CurrentUser() actor: AuthenticatedUser,
    @Param('shopId', ParseUUIDPipe) shopId: string,
    @Param('deviceId', ParseUUIDPipe) deviceId: string,
  ): Promise<TerminalDto> {
    return this.devices.revoke(actor, shopId, deviceId);
  }

  @Get('enrollment-codes')
  @AdminDoc({ summary: 'Enrollment codes that can still be used', response: [EnrollmentCodeDto] })
  codes(@Param('shopId', ParseUUIDPipe) shopId: string): Promise<EnrollmentCodeDto[]> {
    return this.devices.listCodes(shopId);
  }

  @Post('enrollment-codes')
  @Audit('enrollment-code.create')
  @AdminDoc({ summary: 'Make a single-use enrollment code that expires', response: EnrollmentCodeDto, status: HttpStatus.CREATED })
  createCode(
    @CurrentUser() actor: AuthenticatedUser,
    @Param('shopId', ParseUUIDPipe) shopId: string,
    @Body() body: CreateEnrollmentCodeDto,
  ): Promise<EnrollmentCodeDto> {
    return this.devices.createCode(actor, shopId, body);
  }

  @Delete('enrollment-codes/:code')
  @Audit('enrollment-code.withdraw')
  @AdminDoc({ summary: 'Withdraw an enrollment code before it is used', status: HttpStatus.NO_CONTENT, errors: [HttpStatus.NOT_FOUND] })
  withdrawCode(@Param('shopId', ParseUUIDPipe) shopId: string, @Param('code', EnrollmentCodeParamPipe) code: string): Promise<void> {
    return this.devices.withdrawCode(shopId, code);
  }
}
