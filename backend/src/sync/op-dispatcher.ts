import { Injectable } from '@nestjs/common';
import type { AnyOp } from '@seri/shared';
import { CashSessionApplier } from '../cash-sessions/cash-session.applier';
import { ProductApplier } from '../catalog/product.applier';
import { TaxRateApplier } from '../catalog/tax-rate.applier';
import type { AppliedEffect } from '../common/change.types';
import type { OpContext } from '../common/op-context';
import { ExpenseApplier } from '../expenses/expense.applier';
import { QuickKeysApplier } from '../quick-keys/quick-keys.applier';
import { SaleApplier } from '../sales/sale.applier';
import { StockMovementApplier } from '../stock/stock-movement.applier';

/** Routes a validated op to the applier of its entity and kind (exhaustive over the protocol). */
@Injectable()
export class OpDispatcher {
  constructor(
    private readonly sales: SaleApplier,
    private readonly stock: StockMovementApplier,
    private readonly products: ProductApplier,
    private readonly expenses: ExpenseApplier,
    private readonly cashSessions: CashSessionApplier,
    private readonly taxRates: TaxRateApplier,
    private readonly quickKeys: QuickKeysApplier,
  ) {}

  apply(context: OpContext, op: AnyOp): Promise<AppliedEffect> {
    switch (op.entity) {
      case 'sale':
        switch (op.kind) {
          case 'create':
            return this.sales.create(context, op.payload);
          case 'void':
            return this.sales.void(context, op.payload);
          case 'refund':
            return this.sales.refund(context, op.payload);
          default:
            return unreachable(op);
        }
      case 'stock_movement':
        return this.stock.create(context, op.payload);
      case 'product':
        return op.kind === 'create' ? this.products.create(context, op.payload) : this.products.update(context, op.payload);
      case 'expense':
        switch (op.kind) {
          case 'create':
            return this.expenses.create(context, op.payload);
          case 'update':
            return this.expenses.update(context, op.payload);
          case 'delete':
            return this.expenses.delete(context, op.payload);
          default:
            return unreachable(op);
        }
      case 'cash_session':
        switch (op.kind) {
          case 'open':
            return this.cashSessions.open(context, op.payload);
          case 'movement':
            return this.cashSessions.movement(context, op.payload);
          case 'close':
            return this.cashSessions.close(context, op.payload);
          default:
            return unreachable(op);
        }
      case 'tax_rate':
        return op.kind === 'create' ? this.taxRates.create(context, op.payload) : this.taxRates.update(context, op.payload);
      case 'quick_keys':
        return this.quickKeys.update(context, op.payload);
      default:
        return unreachable(op);
    }
  }
}

function unreachable(op: never): never {
  throw new Error(`no applier for op ${JSON.stringify(op)}`);
}
