import type { Op, SaleVoidPayload } from '@seri/shared';
import type { LocalStockMovement, SeriDb } from '../db/seri-db';
import { recomputeStock } from '../sync/apply-pull';
import { CommandRefusedError, commandIds, queueOp, type CommandOptions, type OpAuthor } from './local-ops';

export interface VoidSaleInput {
  saleId: string;
  reason: string;
  /** The manager whose PIN approved it (session:approve). */
  approvedBy: string;
  author: OpAuthor;
}

/**
 * Voids a sale with a NEW op (I5): in one strict transaction, one VOID movement per line
 * puts the stock back (pending until the server's level includes it), the displayed stock
 * is recomputed, the sale shows as VOIDED here, and the `sale/void` op goes to the outbox.
 * Offline it is final on this terminal; the server applies it when the op arrives and
 * refuses it (REJECTED, shown in Paramètres) if another terminal voided the sale first.
 * A sale already refunded in part cannot be voided: refund the rest instead.
 */
export async function voidSale(db: SeriDb, input: VoidSaleInput, options: CommandOptions = {}): Promise<Op<'sale', 'void'>> {
  const { newId, now } = commandIds(options);
  const reason = input.reason.trim();
  if (reason === '') throw new CommandRefusedError('REASON_REQUIRED', 'a void needs a reason');
  const tables = [db.sales, db.saleLines, db.refunds, db.stockMovements, db.stockLevels, db.stock, db.meta, db.outbox, db.cashSessions];
  return db.transaction('rw', tables, async () => {
    const sale = await db.sales.get(input.saleId);
    if (!sale) throw new CommandRefusedError('NOT_FOUND', `sale ${input.saleId} is not on this terminal`);
    if (sale.status === 'VOIDED') throw new CommandRefusedError('ALREADY_VOIDED', `sale ${sale.number} is already voided`);
    // A closed session's Z report is final (I11): the money of its sales comes back by refund.
    if (sale.sessionId && (await db.cashSessions.get(sale.sessionId))?.status === 'CLOSED') {
      throw new CommandRefusedError('SESSION_CLOSED', `sale ${sale.number} belongs to a closed cash session; refund it instead`);
    }
    if ((await db.refunds.where('saleId').equals(sale.id).count()) > 0) {
      throw new CommandRefusedError('ALREADY_REFUNDED', `sale ${sale.number} was refunded in part; refund the rest instead`);
    }
    const lines = await db.saleLines.where('saleId').equals(sale.id).toArray();
    const byProduct = new Map<string, number>();
    for (const line of lines) byProduct.set(line.productId, (byProduct.get(line.productId) ?? 0) + line.quantity);
    const createdAt = new Date(now()).toISOString();
    const movements = [...byProduct].map(([productId, quantity]) => ({ id: newId(), productId, quantity }));
    const local: LocalStockMovement[] = movements.map((movement) => ({
      ...movement,
      shopId: sale.shopId,
      type: 'VOID',
      saleId: sale.id,
      deviceId: input.author.deviceId,
      userId: input.approvedBy,
      note: reason,
      createdAt,
      pending: 1,
    }));
    await db.stockMovements.bulkAdd(local);
    await recomputeStock(db, [...byProduct.keys()]);
    await db.sales.update(sale.id, { status: 'VOIDED' });
    const payload: SaleVoidPayload = { saleId: sale.id, reason, approvedBy: input.approvedBy, movements, createdAt };
    return queueOp<Op<'sale', 'void'>>(
      db,
      input.author,
      () => ({ opId: newId(), ...input.author, entity: 'sale', kind: 'void', entityId: sale.id, payload }),
      now,
    );
  });
}
