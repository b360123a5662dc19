import { Module } from '@nestjs/common';
import { CatalogModule } from '../catalog/catalog.module';
import { ConflictsModule } from '../conflicts/conflicts.module';
import { DevicesModule } from '../devices/devices.module';
import { CashSessionsModule } from '../cash-sessions/cash-sessions.module';
import { ExpensesModule } from '../expenses/expenses.module';
import { SalesModule } from '../sales/sales.module';
import { StockModule } from '../stock/stock.module';
import { UsersModule } from '../users/users.module';
import { ChangeFeedService } from './change-feed.service';
import { OpDispatcher } from './op-dispatcher';
import { PullService } from './pull.service';
import { PushService } from './push.service';
import { RejectedOpsService } from './rejected-ops.service';
import { ServerClock } from './server-clock';
import { SyncController } from './sync.controller';

@Module({
  imports: [DevicesModule, UsersModule, SalesModule, StockModule, CatalogModule, ExpensesModule, CashSessionsModule, ConflictsModule],
  controllers: [SyncController],
  providers: [
    { provide: ServerClock, useFactory: () => new ServerClock() },
    ChangeFeedService,
    OpDispatcher,
    PushService,
    PullService,
    RejectedOpsService,
  ],
  // PushService.applyOps is the admin API's way in for writes; RejectedOpsService its listing of refusals.
  exports: [ChangeFeedService, ServerClock, PushService, RejectedOpsService],
})
export class SyncModule {}
