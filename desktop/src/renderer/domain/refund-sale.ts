import { paidPerLine, refundLineAmount, refundLineTax, refundTaxes, type Minor, type Op, type PaymentMethod, type SaleLineRecord, type SaleRefundPayload } from '@seri/shared';
import type { LocalRefund, LocalSale, LocalStockMovement, SeriDb } from '../db/seri-db';
import { recomputeStock } from '../sync/apply-pull';
import { CommandRefusedError, commandIds, queueOp, type CommandOptions, type OpAuthor } from './local-ops';

export interface RefundLineInput {
  saleLineId: string;
  quantity: number;
}

export interface RefundSaleInput {
  saleId: string;
  lines: RefundLineInput[];
  reason: string;
  method: PaymentMethod;
  approvedBy: string;
  author: OpAuthor;
  /** The cash session the money goes out in (see sessionForSale); absent: none. */
  sessionId?: string | null;
}

/** What each line of a sale can still give back: units and the money for them. */
export interface RefundableLine {
  line: SaleLineRecord;
  refunded: number;
  remaining: number;
  /** What the customer paid for the line: its share of the sale total (the sale discount spread, tax on top included). */
  share: Minor;
  refundedAmount: Minor;
}

/**
 * The money for `quantity` more units of a line: their share of what the customer paid
 * for the line (line and sale discounts included), with the same allocation the server
 * checks (I10), so a line refunded in any sizes gives back exactly what was paid.
 */
export function refundAmount(entry: RefundableLine, quantity: number): Minor {
  return refundLineAmount(entry.share, entry.line.quantity, entry.refunded, Math.min(quantity, entry.remaining));
}

export async function refundableLines(db: SeriDb, sale: LocalSale): Promise<RefundableLine[]> {
  const [lines, refunds] = await Promise.all([db.saleLines.where('saleId').equals(sale.id).toArray(), db.refunds.where('saleId').equals(sale.id).toArray()]);
  const paid = paidPerLine({ discount: sale.discount, lines, ...(sale.pricesIncludeTax === false ? { pricesIncludeTax: false } : {}) });
  return lines.map((line) => {
    let refunded = 0;
    let refundedAmount = 0;
    for (const refund of refunds) {
      for (const back of refund.lines) {
        if (back.saleLineId !== line.id) continue;
        refunded += back.quantity;
        refundedAmount += back.amount;
      }
    }
    return { line, refunded, remaining: line.quantity - refunded, share: paid.get(line.id)!, refundedAmount };
  });
}

/**
 * Refunds part or all of a sale with a NEW record and a NEW op (I5): in one strict
 * transaction, the refund, one REFUND movement per line (stock comes back, pending until
 * the server's level includes it), the displayed stock, and the `sale/refund` op. Offline
 * it is final here; the server checks again that no line comes back more than it sold.
 */
export async function refundSale(db: SeriDb, input: RefundSaleInput, options: CommandOptions = {}): Promise<LocalRefund> {
  const { newId, now } = commandIds(options);
  const reason = input.reason.trim();
  if (reason === '') throw new CommandRefusedError('REASON_REQUIRED', 'a refund needs a reason');
  const asked = input.lines.filter((line) => line.quantity > 0);
  if (asked.length === 0) throw new CommandRefusedError('NOTHING_TO_REFUND', 'choose at least one article to refund');
  const tables = [db.sales, db.saleLines, db.refunds, db.stockMovements, db.stockLevels, db.stock, db.meta, db.outbox];
  return db.transaction('rw', tables, async () => {
    const sale = await db.sales.get(input.saleId);
    if (!sale) throw new CommandRefusedError('NOT_FOUND', `sale ${input.saleId} is not on this terminal`);
    if (sale.status === 'VOIDED') throw new CommandRefusedError('ALREADY_VOIDED', `sale ${sale.number} is voided`);
    const refundable = new Map((await refundableLines(db, sale)).map((entry) => [entry.line.id, entry]));
    const taxed = (sale.taxes !== undefined && sale.taxes !== null) || [...refundable.values()].some((entry) => entry.line.tax !== undefined);
    const createdAt = new Date(now()).toISOString();
    const lines = asked.map((wanted) => {
      const entry = refundable.get(wanted.saleLineId);
      if (!entry) throw new CommandRefusedError('NOT_FOUND', `line ${wanted.saleLineId} is not in sale ${sale.number}`);
      if (!Number.isSafeInteger(wanted.quantity) || wanted.quantity > entry.remaining) {
        throw new CommandRefusedError('TOO_MANY', `only ${entry.remaining} of ${entry.line.name} can still be refunded`, { count: entry.remaining, name: entry.line.name });
      }
      const line: SaleRefundPayload['lines'][number] = { saleLineId: entry.line.id, productId: entry.line.productId, quantity: wanted.quantity, amount: refundAmount(entry, wanted.quantity), movementId: newId() };
      // A taxed sale's refund gives back these units' share of the line's tax (I10); a sale from before taxes has none.
      return taxed ? { ...line, tax: refundLineTax(entry.line.tax, entry.line.quantity, entry.refunded, wanted.quantity) } : line;
    });
    const taxes = taxed
      ? refundTaxes(
          lines.map((line) => {
            const tax = refundable.get(line.saleLineId)?.line.tax;
            return { rate: tax ? { id: tax.rateId, name: tax.name, rateBp: tax.rateBp } : null, amount: line.amount, tax: line.tax ?? 0 };
          }),
        )
      : null;
    const refund: LocalRefund = {
      id: newId(),
      saleId: sale.id,
      shopId: sale.shopId,
      deviceId: input.author.deviceId,
      userId: input.author.userId,
      approvedBy: input.approvedBy,
      reason,
      method: input.method,
      total: lines.reduce((sum, line) => sum + line.amount, 0),
      lines,
      createdAt,
      syncState: 'pending',
      ...(input.sessionId ? { sessionId: input.sessionId } : {}),
      ...(taxes ? { taxes } : {}),
    };
    const movements: LocalStockMovement[] = lines.map((line) => ({
      id: line.movementId,
      shopId: sale.shopId,
      productId: line.productId,
      type: 'REFUND',
      quantity: line.quantity,
      saleId: sale.id,
      deviceId: input.author.deviceId,
      userId: input.author.userId,
      note: reason,
      createdAt,
      pending: 1,
    }));
    await db.refunds.add(refund);
    await db.stockMovements.bulkAdd(movements);
    await recomputeStock(db, [...new Set(lines.map((line) => line.productId))]);
    const payload: SaleRefundPayload = {
      id: refund.id,
      saleId: sale.id,
      reason,
      approvedBy: input.approvedBy,
      method: input.method,
      total: refund.total,
      lines,
      createdAt,
      ...(input.sessionId ? { sessionId: input.sessionId } : {}),
      ...(taxes ? { taxes } : {}),
    };
    await queueOp<Op<'sale', 'refund'>>(
      db,
      input.author,
      () => ({ opId: newId(), ...input.author, entity: 'sale', kind: 'refund', entityId: sale.id, payload }),
      now,
    );
    return refund;
  });
}
