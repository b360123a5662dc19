import { Body, Controller, Get, HttpStatus, Param, ParseUUIDPipe, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { AdminDoc } from '../admin/common/api-docs';
import { Audit } from '../audit/audit.decorator';
import { CurrentUser } from '../auth/auth.decorators';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import { AdminUsersService } from './admin-users.service';
import { CreateUserDto, ResetPinDto, SetPasswordDto, UpdateUserDto, UserDto, UserListQueryDto } from './dto/admin-user.dto';

@ApiTags('admin: users')
@ApiBearerAuth()
@Controller('admin/shops/:shopId/users')
export class AdminUsersController {
  constructor(private readonly users: AdminUsersService) {}

  @Get()
  @AdminDoc({ summary: 'List the shop’s users', response: [UserDto] })
  list(@Param('shopId', ParseUUIDPipe) shopId: string, @Query() query: UserListQueryDto): Promise<UserDto[]> {
    return this.users.list(shopId, query);
  }

  @Post()
  @Audit('user.create')
  @AdminDoc({ summary: 'Create a user (cashier, manager, or admin by an admin)', response: UserDto, status: HttpStatus.CREATED, errors: [HttpStatus.CONFLICT] })
  create(@CurrentUser() actor: AuthenticatedUser, @Param('shopId', ParseUUIDPipe) shopId: string, @Body() body: CreateUserDto): Promise<UserDto> {
    return this.users.create(actor, shopId, body);
  }

  @Get(':userId')
  @AdminDoc({ summary: 'One user of the shop', response: UserDto, errors: [HttpStatus.NOT_FOUND] })
  get(@Param('shopId', ParseUUIDPipe) shopId: string, @Param('userId', ParseUUIDPipe) userId: string): Promise<UserDto> {
    return this.users.get(shopId, userId);
  }

  @Patch(':userId')
  @Audit('user.update')
  @AdminDoc({ summary: 'Rename a user, change their role or email', response: UserDto, errors: [HttpStatus.NOT_FOUND, HttpStatus.CONFLICT] })
  update(
    @CurrentUser() actor: AuthenticatedUser,
    @Param('shopId', ParseUUIDPipe) shopId: string,
    @Param('userId', ParseUUIDPipe) userId: string,
    @Body() body: UpdateUserDto,
  ): Promise<UserDto> {
    return this.users.update(actor, shopId, userId, body);
  }

  @Put(':userId/pin')
  @Audit('user.pin.reset')
  @AdminDoc({ summary: 'Reset a user’s PIN (reaches the terminals at their next pull)', response: UserDto, errors: [HttpStatus.NOT_FOUND] })
  resetPin(
    @CurrentUser() actor: AuthenticatedUser,
    @Param('shopId', ParseUUIDPipe) shopId: string,
    @Param('userId', ParseUUIDPipe) userId: string,
    @Body() body: ResetPinDto,
  ): Promise<UserDto> {
    return this.users.resetPin(actor, shopId, userId, body.pin);
  }

  @Put(':userId/password')
  @Audit('user.password.set')
  @AdminDoc({ summary: 'Set a user’s admin API password (ends their sessions)', response: UserDto, errors: [HttpStatus.NOT_FOUND] })
  setPassword(
    @CurrentUser() actor: AuthenticatedUser,
    @Param('shopId', ParseUUIDPipe) shopId: string,
    @Param('userId', ParseUUIDPipe) userId: string,
    @Body() body: SetPasswordDto,
  ): Promise<UserDto> {
    return this.users.setPassword(actor, shopId, userId, body.password);
  }

  @Post(':userId/disable')
  @Audit('user.disable')
  @AdminDoc({ summary: 'Disable a user (no more logins, sessions revoked)', response: UserDto, errors: [HttpStatus.NOT_FOUND] })
  disable(
    @CurrentUser() actor: AuthenticatedUser,
    @Param('shopId', ParseUUIDPipe) shopId: string,
    @Param('userId', ParseUUIDPipe) userId: string,
  ): Promise<UserDto> {
    return this.users.setActive(actor, shopId, userId, false);
  }

  @Post(':userId/enable')
  @Audit('user.enable')
  @AdminDoc({ summary: 'Enable a disabled user again', response: UserDto, errors: [HttpStatus.NOT_FOUND] })
  enable(
    @CurrentUser() actor: AuthenticatedUser,
    @Param('shopId', ParseUUIDPipe) shopId: string,
    @Param('userId', ParseUUIDPipe) userId: string,
  ): Promise<UserDto> {
    return this.users.setActive(actor, shopId, userId, true);
  }
}
