import { Module } from '@nestjs/common';
import { APP_GUARD, Reflector } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { getStorageToken, ThrottlerModule, type ThrottlerStorage } from '@nestjs/throttler';
import { DataSource } from 'typeorm';
import { AuditModule } from '../audit/audit.module';
import { RateLimitGuard } from '../common/rate-limit.guard';
import { DevicesModule } from '../devices/devices.module';
import { UsersModule } from '../users/users.module';
import { AccessGuard } from './access.guard';
import { ACCESS_TOKEN_TTL_SECONDS, AccessTokensService, JWT_ALGORITHM, JWT_AUDIENCE, JWT_ISSUER } from './access-tokens.service';
import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';
import { loadJwtSecret } from './jwt-secret';
import { accountTracker, LOGIN_ATTEMPTS_PER_ACCOUNT, LOGIN_ATTEMPTS_PER_ADDRESS, LOGIN_WINDOW_MS, LoginThrottlerGuard } from './login-throttler.guard';
import { RefreshTokensService } from './refresh-tokens.service';

@Module({
  imports: [
    UsersModule,
    DevicesModule,
    AuditModule,
    JwtModule.registerAsync({
      inject: [DataSource],
      useFactory: async (dataSource: DataSource) => ({
        secret: await loadJwtSecret(dataSource),
        signOptions: { algorithm: JWT_ALGORITHM, expiresIn: ACCESS_TOKEN_TTL_SECONDS, issuer: JWT_ISSUER, audience: JWT_AUDIENCE },
        verifyOptions: { algorithms: [JWT_ALGORITHM], issuer: JWT_ISSUER, audience: JWT_AUDIENCE },
      }),
    }),
    ThrottlerModule.forRoot({
      errorMessage: 'too many attempts; wait a minute and try again',
      throttlers: [
        { name: 'account', ttl: LOGIN_WINDOW_MS, limit: LOGIN_ATTEMPTS_PER_ACCOUNT, blockDuration: LOGIN_WINDOW_MS, getTracker: accountTracker },
        { name: 'address', ttl: LOGIN_WINDOW_MS, limit: LOGIN_ATTEMPTS_PER_ADDRESS },
      ],
    }),
  ],
  controllers: [AuthController],
  providers: [
    AccessTokensService,
    RefreshTokensService,
    AuthService,
    LoginThrottlerGuard,
    // Before the access guard, so refused tokens count against the address too.
    { provide: APP_GUARD, useFactory: (storage: ThrottlerStorage, reflector: Reflector) => RateLimitGuard.create(storage, reflector), inject: [getStorageToken(), Reflector] },
    { provide: APP_GUARD, useClass: AccessGuard },
  ],
  exports: [AuthService, RefreshTokensService],
})
export class AuthModule {}
