import { Injectable } from '@nestjs/common';
import type { StockMovementCreatePayload } from '@seri/shared';
import type { AppliedEffect } from '../common/change.types';
import { OpRejection } from '../common/op-rejection';
import type { OpContext } from '../common/op-context';
import { selectRows } from '../common/sql';
import { StockLedgerService } from './stock-ledger.service';

/** `stock_movement/create`: a manual movement (receipt, adjustment, count, opening) from a terminal. */
@Injectable()
export class StockMovementApplier {
  constructor(private readonly ledger: StockLedgerService) {}

  async create(context: OpContext, payload: StockMovementCreatePayload): Promise<AppliedEffect> {
    const found = await selectRows(context.manager, 'SELECT 1 FROM products WHERE id = $1 AND shop_id = $2', [payload.productId, context.shopId]);
    if (found.length === 0) throw new OpRejection('NOT_FOUND', `product ${payload.productId} not found in this shop`);
    const changes = await this.ledger.record(context.manager, [
      {
        id: payload.id,
        shopId: context.shopId,
        productId: payload.productId,
        type: payload.type,
        quantity: payload.quantity,
        saleId: null,
        deviceId: context.deviceId,
        userId: context.userId,
        note: payload.note,
        createdAt: new Date(payload.createdAt),
      },
    ]);
    return { changes };
  }
}
