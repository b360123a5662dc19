import { Module } from '@nestjs/common';
import { StockModule } from '../stock/stock.module';
import { UsersModule } from '../users/users.module';
import { SaleApplier } from './sale.applier';

@Module({ imports: [StockModule, UsersModule], providers: [SaleApplier], exports: [SaleApplier] })
export class SalesModule {}
