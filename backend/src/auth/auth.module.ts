import { Module } from '@nestjs/common';
import { APP_GUARD, Reflector } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { getStorageToken, ThrottlerModule, type ThrottlerStorage } from '@nestjs/throttler';
import { DataSource } from 'typeorm';
import { ConfigService, type BackendConfigService } from '../config/config.module';
import { AuditModule } from '../audit/audit.module';
import { RateLimitGuard } from '../common/rate-limit.guard';
import { DevicesModule } from '../devices/devices.module';
import { UsersModule } from '../users/users.module';
import { AccessGuard } from './access.guard';
import { ACCESS_TOKEN_TTL_SECONDS, AccessTokensService, JWT_ALGORITHM, JWT_AUDIENCE, JWT_ISSUER } from './access-tokens.service';
import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';
import { loadJwtSecret } from './jwt-secret';
import { PgThrottlerStorage } from './pg-throttler-storage';
import { BackgroundJobs } from '../telemetry/background-jobs';
import { accountTracker, ENROLLMENTS_PER_ADDRESS, LOGIN_ATTEMPTS_PER_ACCOUNT, LOGIN_ATTEMPTS_PER_ADDRESS, LOGIN_WINDOW_MS, LoginThrottlerGuard } from './login-throttler.guard';
import { RefreshTokensService } from './refresh-tokens.service';

@Module({
  imports: [
    UsersModule,
    DevicesModule,
    AuditModule,
    JwtModule.registerAsync({
      inject: [DataSource, ConfigService],
      useFactory: async (dataSource: DataSource, config: BackendConfigService) => ({
        secret: await loadJwtSecret(dataSource, config.get('jwtSecret', { infer: true })),
        signOptions: { algorithm: JWT_ALGORITHM, expiresIn: ACCESS_TOKEN_TTL_SECONDS, issuer: JWT_ISSUER, audience: JWT_AUDIENCE },
        verifyOptions: { algorithms: [JWT_ALGORITHM], issuer: JWT_ISSUER, audience: JWT_AUDIENCE },
      }),
    }),
    ThrottlerModule.forRootAsync({
      inject: [DataSource, BackgroundJobs],
      useFactory: (dataSource: DataSource, jobs: BackgroundJobs) => ({
        errorMessage: 'too many attempts; wait a minute and try again',
        // Shared by every instance: the limits hold behind a load balancer.
        storage: new PgThrottlerStorage(dataSource, jobs),
        throttlers: [
          { name: 'account', ttl: LOGIN_WINDOW_MS, limit: LOGIN_ATTEMPTS_PER_ACCOUNT, blockDuration: LOGIN_WINDOW_MS, getTracker: accountTracker },
          { name: 'address', ttl: LOGIN_WINDOW_MS, limit: LOGIN_ATTEMPTS_PER_ADDRESS },
          { name: 'enrollment', ttl: LOGIN_WINDOW_MS, limit: ENROLLMENTS_PER_ADDRESS },
        ],
      }),
    }),
  ],
  controllers: [AuthController],
  providers: [
    AccessTokensService,
    RefreshTokensService,
    AuthService,
    LoginThrottlerGuard,
    // Before the access guard, so refused tokens count against the address too.
    {
      provide: APP_GUARD,
      useFactory: (storage: ThrottlerStorage, reflector: Reflector, config: BackendConfigService) =>
        RateLimitGuard.create(storage, reflector, config.get('rateLimitPerMinute', { infer: true })),
      inject: [getStorageToken(), Reflector, ConfigService],
    },
    { provide: APP_GUARD, useClass: AccessGuard },
  ],
  exports: [AuthService, RefreshTokensService],
})
export class AuthModule {}
