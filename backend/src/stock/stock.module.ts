import { Module } from '@nestjs/common';
import { StockAlertsService } from './stock-alerts.service';
import { StockLedgerService } from './stock-ledger.service';
import { StockMovementApplier } from './stock-movement.applier';

@Module({
  providers: [StockLedgerService, StockMovementApplier, StockAlertsService],
  exports: [StockLedgerService, StockMovementApplier, StockAlertsService],
})
export class StockModule {}
