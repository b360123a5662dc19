import { Module } from '@nestjs/common';
import { CatalogModule } from '../catalog/catalog.module';
import { DevicesModule } from '../devices/devices.module';
import { ShopsModule } from '../shops/shops.module';
import { StockModule } from '../stock/stock.module';
import { SyncModule } from '../sync/sync.module';
import { UsersModule } from '../users/users.module';
import { DemoSeedService } from './demo-seed';

@Module({
  imports: [ShopsModule, UsersModule, DevicesModule, CatalogModule, StockModule, SyncModule],
  providers: [DemoSeedService],
  exports: [DemoSeedService],
})
export class SeedModule {}
