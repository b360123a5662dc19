import { Module } from '@nestjs/common';
import { StockLedgerService } from './stock-ledger.service';
import { StockMovementApplier } from './stock-movement.applier';

@Module({ providers: [StockLedgerService, StockMovementApplier], exports: [StockLedgerService, StockMovementApplier] })
export class StockModule {}
