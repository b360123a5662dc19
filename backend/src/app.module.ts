import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { LoggerModule } from 'nestjs-pino';
import type { DataSource } from 'typeorm';
import { AdminModule } from './admin/admin.module';
import { AuditModule } from './audit/audit.module';
import { AuthModule } from './auth/auth.module';
import { CatalogModule } from './catalog/catalog.module';
import { ConflictsModule } from './conflicts/conflicts.module';
import { AllExceptionsFilter } from './common/all-exceptions.filter';
import { DatabaseModule } from './database/database.module';
import { DevicesModule } from './devices/devices.module';
import { ExpensesModule } from './expenses/expenses.module';
import { HealthModule } from './health/health.module';
import { RealtimeModule } from './realtime/realtime.module';
import { ReportsModule } from './reports/reports.module';
import { SalesModule } from './sales/sales.module';
import { SeedModule } from './seed/seed.module';
import { ShopsModule } from './shops/shops.module';
import { StockModule } from './stock/stock.module';
import { SyncModule } from './sync/sync.module';
import { UsersModule } from './users/users.module';
import type { BackendConfig } from './config/backend-config';
import { backendConfigModule } from './config/config.module';
import { loggerParams } from './telemetry/logging';
import { TelemetryModule } from './telemetry/telemetry.module';

@Module({})
export class AppModule {
  static forDataSource(dataSource: DataSource, config: BackendConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        backendConfigModule(config),
        LoggerModule.forRoot(loggerParams(config)),
        DatabaseModule.forDataSource(dataSource),
        TelemetryModule,
        ShopsModule,
        UsersModule,
        DevicesModule,
        CatalogModule,
        StockModule,
        SalesModule,
        ExpensesModule,
        SyncModule,
        ConflictsModule,
        RealtimeModule,
        HealthModule,
        SeedModule,
        AuditModule,
        AuthModule,
        AdminModule,
        ReportsModule,
      ],
      providers: [{ provide: APP_FILTER, useClass: AllExceptionsFilter }],
    };
  }
}
