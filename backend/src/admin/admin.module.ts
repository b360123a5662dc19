import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { AdminCashSessionsController } from '../cash-sessions/admin-cash-sessions.controller';
import { AdminCashSessionsService } from '../cash-sessions/admin-cash-sessions.service';
import { CashSessionsModule } from '../cash-sessions/cash-sessions.module';
import { ConflictsModule } from '../conflicts/conflicts.module';
import { AdminDevicesController } from '../devices/admin-devices.controller';
import { AdminDevicesService } from '../devices/admin-devices.service';
import { DevicesModule } from '../devices/devices.module';
import { AdminShopsController } from '../shops/admin-shops.controller';
import { AdminShopsService } from '../shops/admin-shops.service';
import { ShopsModule } from '../shops/shops.module';
import { StockModule } from '../stock/stock.module';
import { SyncModule } from '../sync/sync.module';
import { AdminQuickKeysController } from '../quick-keys/admin-quick-keys.controller';
import { AdminQuickKeysService } from '../quick-keys/admin-quick-keys.service';
import { AdminUsersController } from '../users/admin-users.controller';
import { AdminUsersService } from '../users/admin-users.service';
import { UsersModule } from '../users/users.module';
import { AdminOpsService } from './admin-ops.service';
import { AdminExpensesController } from './expenses/admin-expenses.controller';
import { AdminExpensesService } from './expenses/admin-expenses.service';
import { AdminProductsController } from './products/admin-products.controller';
import { AdminProductsService } from './products/admin-products.service';
import { AdminReviewController } from './review/admin-review.controller';
import { AdminReviewService } from './review/admin-review.service';
import { AdminSalesController } from './sales/admin-sales.controller';
import { AdminSalesService } from './sales/admin-sales.service';
import { AdminStockController } from './stock/admin-stock.controller';
import { AdminStockService } from './stock/admin-stock.service';
import { AdminTaxRatesController } from './tax-rates/admin-tax-rates.controller';
import { AdminTaxRatesService } from './tax-rates/admin-tax-rates.service';

/**
 * The managers' admin API under /api/admin. Every route is behind the global access guard
 * (JWT, role, shop in the path); writes go through the sync module's op pipeline.
 */
@Module({
  imports: [AuthModule, ShopsModule, UsersModule, DevicesModule, SyncModule, ConflictsModule, StockModule, CashSessionsModule],
  controllers: [
    AdminShopsController,
    AdminUsersController,
    AdminDevicesController,
    AdminProductsController,
    AdminStockController,
    AdminSalesController,
    AdminExpensesController,
    AdminReviewController,
    AdminCashSessionsController,
    AdminTaxRatesController,
    AdminQuickKeysController,
  ],
  providers: [
    AdminOpsService,
    AdminShopsService,
    AdminUsersService,
    AdminDevicesService,
    AdminProductsService,
    AdminStockService,
    AdminSalesService,
    AdminExpensesService,
    AdminReviewService,
    AdminCashSessionsService,
    AdminTaxRatesService,
    AdminQuickKeysService,
  ],
})
export class AdminModule {}
