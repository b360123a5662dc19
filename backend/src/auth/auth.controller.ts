import { Body, Controller, Get, HttpStatus, Ip, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { SkipThrottle } from '@nestjs/throttler';
import { AdminDoc } from '../admin/common/api-docs';
import { ANY_ROLE, CurrentUser, Public, Roles } from './auth.decorators';
import { AuthService } from './auth.service';
import type { AuthenticatedUser } from './authenticated-user';
import { LoginDto, MeDto, RefreshDto, TokenPairDto } from './dto/auth.dto';
import { LoginThrottlerGuard } from './login-throttler.guard';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Post('login')
  @Public()
  @UseGuards(LoginThrottlerGuard)
  @SkipThrottle({ enrollment: true })
  @AdminDoc({ summary: 'Log in with email and password', response: TokenPairDto, errors: [HttpStatus.TOO_MANY_REQUESTS] })
  login(@Body() body: LoginDto, @Ip() ip: string): Promise<TokenPairDto> {
    return this.auth.login(body.email, body.password, ip);
  }

  @Post('refresh')
  @Public()
  @UseGuards(LoginThrottlerGuard)
  @SkipThrottle({ account: true, enrollment: true })
  @AdminDoc({
    summary: 'Trade a refresh token for a new pair',
    description: 'Each refresh token works once. Presenting a used one again revokes every token of its login.',
    response: TokenPairDto,
    errors: [HttpStatus.TOO_MANY_REQUESTS],
  })
  refresh(@Body() body: RefreshDto, @Ip() ip: string): Promise<TokenPairDto> {
    return this.auth.refresh(body.refreshToken, ip);
  }

  @Post('logout')
  @Public()
  @AdminDoc({ summary: 'End the login a refresh token belongs to', status: HttpStatus.NO_CONTENT })
  logout(@Body() body: RefreshDto): Promise<void> {
    return this.auth.logout(body.refreshToken);
  }

  @Get('me')
  @Roles(...ANY_ROLE)
  @ApiBearerAuth()
  @AdminDoc({ summary: 'Who the access token belongs to and which shops they manage', response: MeDto })
  me(@CurrentUser() user: AuthenticatedUser): MeDto {
    return this.auth.me(user);
  }
}
