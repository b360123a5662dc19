import { Module } from '@nestjs/common';
import { CatalogModule } from '../catalog/catalog.module';
import { ConflictsModule } from '../conflicts/conflicts.module';
import { DevicesModule } from '../devices/devices.module';
import { CashSessionsModule } from '../cash-sessions/cash-sessions.module';
import { ExpensesModule } from '../expenses/expenses.module';
import { QuickKeysModule } from '../quick-keys/quick-keys.module';
import { SalesModule } from '../sales/sales.module';
import { StockModule } from '../stock/stock.module';
import { UsersModule } from '../users/users.module';
import { ChangeFeedService } from './change-feed.service';
import { FeedCompactionService } from './feed-compaction.service';
import { OpDispatcher } from './op-dispatcher';
import { PullService } from './pull.service';
import { PushService } from './push.service';
import { RejectedOpsService } from './rejected-ops.service';
import { DEFAULT_RETENTION_OPTIONS, RETENTION_OPTIONS } from './retention-options';
import { ServerClock } from './server-clock';
import { SyncController } from './sync.controller';

@Module({
  imports: [DevicesModule, UsersModule, SalesModule, StockModule, CatalogModule, ExpensesModule, CashSessionsModule, ConflictsModule, QuickKeysModule],
  controllers: [SyncController],
  providers: [
    { provide: ServerClock, useFactory: () => new ServerClock() },
    // What the server keeps and for how long (I12); the configuration module may provide its own.
    { provide: RETENTION_OPTIONS, useFactory: () => ({ ...DEFAULT_RETENTION_OPTIONS }) },
    ChangeFeedService,
    FeedCompactionService,
    OpDispatcher,
    PushService,
    PullService,
    RejectedOpsService,
  ],
  // PushService.applyOps is the admin API's way in for writes; RejectedOpsService its listing of refusals.
  exports: [ChangeFeedService, FeedCompactionService, ServerClock, PushService, RejectedOpsService],
})
export class SyncModule {}
