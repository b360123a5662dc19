import { Injectable } from '@nestjs/common';
import {
  paidPerLine,
  paymentProblems,
  refundLineAmount,
  refundLineTax,
  refundTaxes,
  saleIsTaxed,
  saleMovements,
  sameTaxLines,
  type Change,
  type SaleCreatePayload,
  type SaleRecord,
  type SaleRefundPayload,
  type SaleTaxLine,
  type SaleVoidPayload,
} from '@seri/shared';
import { sessionAttachmentProblems, voidSessionProblem } from '../cash-sessions/cash-session.applier';
import type { AppliedEffect } from '../common/change.types';
import type { OpContext } from '../common/op-context';
import { OpRejection } from '../common/op-rejection';
import { selectRows } from '../common/sql';
import { StockLedgerService } from '../stock/stock-ledger.service';
import { UsersService } from '../users/users.service';
import { insertSaleRun } from './sale-run.insert';
import { SaleLine } from './sale-line.entity';
import { SaleRefund } from './sale-refund.entity';
import { Sale } from './sale.entity';
import { saleTaxFields, toSaleLineRecord, toSaleRecord } from './sale.mapper';

const APPROVER_ROLES = new Set(['MANAGER', 'ADMIN']);

/**
 * `sale/create` and `sale/void`. Sales are immutable (I5): a void marks the sale and adds
 * compensating VOID movements; lines and amounts stay as the cashier rang them up.
 */
@Injectable()
export class SaleApplier {
  constructor(
    private readonly ledger: StockLedgerService,
    private readonly users: UsersService,
  ) {}

  /** One `sale/create`: the batch path with a batch of one, so both always agree. */
  async create(context: OpContext, payload: SaleCreatePayload): Promise<AppliedEffect> {
    const outcome = await this.createMany(context, [{ opId: context.opId, bodyHash: context.bodyHash ?? null, payload }]);
    const rejection = outcome.rejected.get(context.opId);
    if (rejection) throw rejection;
    return { changes: outcome.changes };
  }

  /**
   * Many `sale/create` in the caller's transaction, in order, with a constant number of
   * statements: the checks read the shop, the cashiers, the products and the sale ids once,
   * then sales, lines and movements go in with one `unnest` insert each and the stock levels
   * move once per product by the sum of the run's movements (I4). A sale that fails a check
   * is returned in `rejected` with its reason and writes nothing; the others go on (I7).
   */
  async createMany(context: SaleRunContext, sales: readonly SaleToCreate[]): Promise<SaleRunOutcome> {
    const { manager, shopId, deviceId } = context;
    const rejected = new Map<string, OpRejection>();
    if (sales.length === 0) return { rejected, changes: [] };
    const productIds = [...new Set(sales.flatMap(({ payload }) => payload.lines.map((line) => line.productId)))];
    // The shop's currency, the sale ids already used and the run's products of this shop, in one round trip.
    const [facts] = await selectRows<{ currency: string; taken: string[]; products: string[] }>(
      manager,
      `SELECT s.currency,
              ARRAY(SELECT id::text FROM sales WHERE id = ANY($2::uuid[])) AS taken,
              ARRAY(SELECT id::text FROM products WHERE shop_id = s.id AND id = ANY($3::uuid[])) AS products
         FROM shops s WHERE s.id = $1`,
      [shopId, sales.map(({ payload }) => payload.id), productIds],
    );
    if (!facts) throw new Error(`shop ${shopId} not found`);
    const cashiers = await this.users.findInShop(
      manager,
      shopId,
      sales.map(({ payload }) => payload.cashierId),
    );
    const taken = new Set(facts.taken);
    const cashierIds = new Set(cashiers.map((user) => user.id));
    const known = new Set(facts.products);

    const sessionProblems = await sessionAttachmentProblems(manager, shopId, deviceId, sales.map(({ payload }) => payload.sessionId));

    const accepted: SaleToCreate[] = [];
    for (const sale of sales) {
      const { opId, payload } = sale;
      const problem = createProblem(payload, facts.currency, taken, cashierIds, known) ?? (payload.sessionId ? sessionProblems.get(payload.sessionId) : undefined);
      if (problem) {
        rejected.set(opId, problem);
        continue;
      }
      taken.add(payload.id);
      accepted.push(sale);
    }
    if (accepted.length === 0) return { rejected, changes: [] };

    // The sale as the feed and the tables hold it, straight from the payload (a sale is never edited: I5).
    const records = accepted.map(({ payload }): SaleRecord => {
      const taxed = saleIsTaxed(payload);
      return {
        id: payload.id,
        shopId,
        deviceId,
        cashierId: payload.cashierId,
        number: payload.number,
        currency: payload.currency,
        subtotal: payload.subtotal,
        discount: payload.discount,
        total: payload.total,
        payments: payload.payments.map((payment) => ({ ...payment })),
        lines: payload.lines.map((line) => toSaleLineRecord({ ...line, saleId: payload.id, tax: taxed ? (line.tax ?? null) : undefined })),
        status: 'COMPLETED',
        createdAt: new Date(payload.createdAt).toISOString(),
        ...(payload.sessionId ? { sessionId: payload.sessionId } : {}),
        // Taxes as checked by checkSaleArithmetic (I10); a sale from before taxes stores none.
        ...saleTaxFields({ taxes: taxed ? (payload.taxes ?? []) : null, pricesIncludeTax: taxed ? payload.pricesIncludeTax !== false : null, customer: payload.customer ?? null }),
      };
    });
    // Sales, lines, SALE movements and the sales' feed rows in one statement; each sale row
    // carries its op's claim (I2): no processed_ops row for an applied sale.
    await insertSaleRun(
      manager,
      shopId,
      deviceId,
      records.map((record, index) => ({ record, opId: accepted[index]!.opId, opBodyHash: accepted[index]!.bodyHash })),
    );
    // The feed carries a sale's movements inside the sale (a pull expands them): only the
    // levels they moved are left for the caller to append, after the sales.
    const levelChanges = await this.ledger.moveLevels(
      manager,
      records.flatMap((record) => saleMovements(record).map((movement) => ({ ...movement, createdAt: new Date(movement.createdAt) }))),
    );
    return { rejected, changes: levelChanges };
  }

  async void(context: OpContext, payload: SaleVoidPayload): Promise<AppliedEffect> {
    const { manager, shopId } = context;
    const sale = await manager.findOne(Sale, { where: { id: payload.saleId }, lock: { mode: 'pessimistic_write' } });
    if (!sale || sale.shopId !== shopId) throw new OpRejection('NOT_FOUND', `sale ${payload.saleId} not found in this shop`);
    if (sale.status === 'VOIDED') throw new OpRejection('BUSINESS_RULE', `sale ${sale.number} is already voided`);
    const closedSession = await voidSessionProblem(manager, sale.sessionId);
    if (closedSession) throw closedSession;
    const [approver] = await this.users.findInShop(manager, shopId, [payload.approvedBy]);
    if (!approver) throw new OpRejection('NOT_FOUND', `approver ${payload.approvedBy} not found in this shop`);
    if (!APPROVER_ROLES.has(approver.role)) {
      throw new OpRejection('FORBIDDEN', `${approver.name} (${approver.role}) cannot approve a void: a manager must`);
    }

    if (await manager.existsBy(SaleRefund, { saleId: sale.id })) {
      // A void puts back the whole sale; after a refund that would count the refunded units twice.
      throw new OpRejection('BUSINESS_RULE', `sale ${sale.number} has refunds: refund the rest instead of voiding it`);
    }
    const lines = await manager.find(SaleLine, { where: { saleId: sale.id } });
    const problem = compensationProblem(lines, payload.movements);
    if (problem) throw new OpRejection('BUSINESS_RULE', problem);

    const voidedAt = new Date(payload.createdAt);
    await manager.update(Sale, { id: sale.id }, { status: 'VOIDED', voidedAt, voidedBy: approver.id, voidReason: payload.reason });
    const stockChanges = await this.ledger.record(
      manager,
      payload.movements.map((movement) => ({
        id: movement.id,
        shopId,
        productId: movement.productId,
        type: 'VOID' as const,
        quantity: movement.quantity,
        saleId: sale.id,
        deviceId: context.deviceId,
        userId: approver.id,
        note: payload.reason,
        createdAt: voidedAt,
      })),
    );
    const saved = await manager.findOneByOrFail(Sale, { id: sale.id });
    const refunds = await manager.find(SaleRefund, { where: { saleId: sale.id } });
    return { changes: [{ entity: 'sale', entityId: sale.id, op: 'upsert', data: toSaleRecord(saved, lines, refunds) }, ...stockChanges] };
  }

  /**
   * `sale/refund`: part or all of a sale comes back. A new refund record and REFUND
   * movements (+quantity); the sale's lines and amounts stay as rung up (I5). No line comes
   * back more than it sold, counting earlier refunds; a voided sale cannot be refunded.
   */
  async refund(context: OpContext, payload: SaleRefundPayload): Promise<AppliedEffect> {
    const { manager, shopId } = context;
    // The sale's row lock serialises refunds of one sale, so two terminals cannot both refund the last unit.
    const sale = await manager.findOne(Sale, { where: { id: payload.saleId }, lock: { mode: 'pessimistic_write' } });
    if (!sale || sale.shopId !== shopId) throw new OpRejection('NOT_FOUND', `sale ${payload.saleId} not found in this shop`);
    if (sale.status === 'VOIDED') throw new OpRejection('BUSINESS_RULE', `sale ${sale.number} is voided: nothing left to refund`);
    if (await manager.existsBy(SaleRefund, { id: payload.id })) {
      throw new OpRejection('CONFLICT', `refund ${payload.id} already exists (recorded by another op)`);
    }
    const [approver] = await this.users.findInShop(manager, shopId, [payload.approvedBy]);
    if (!approver) throw new OpRejection('NOT_FOUND', `approver ${payload.approvedBy} not found in this shop`);
    if (!APPROVER_ROLES.has(approver.role)) {
      throw new OpRejection('FORBIDDEN', `${approver.name} (${approver.role}) cannot approve a refund: a manager must`);
    }
    const sessionProblem = (await sessionAttachmentProblems(manager, shopId, context.deviceId, [payload.sessionId])).values().next().value;
    if (sessionProblem) throw sessionProblem;
    const lines = await manager.find(SaleLine, { where: { saleId: sale.id } });
    const earlier = await manager.find(SaleRefund, { where: { saleId: sale.id } });
    const problem = refundProblem(sale, lines, earlier, payload);
    if (problem) throw new OpRejection('BUSINESS_RULE', problem);

    const createdAt = new Date(payload.createdAt);
    const refund = manager.create(SaleRefund, {
      id: payload.id,
      shopId,
      saleId: sale.id,
      deviceId: context.deviceId,
      userId: context.userId,
      approvedBy: approver.id,
      reason: payload.reason,
      method: payload.method,
      total: payload.total,
      lines: payload.lines.map((line) => ({ ...line })),
      createdAt,
      sessionId: payload.sessionId ?? null,
      taxes: payload.taxes ?? null,
    });
    await manager.insert(SaleRefund, refund);
    const stockChanges = await this.ledger.record(
      manager,
      payload.lines.map((line) => ({
        id: line.movementId,
        shopId,
        productId: line.productId,
        type: 'REFUND' as const,
        quantity: line.quantity,
        saleId: sale.id,
        deviceId: context.deviceId,
        userId: context.userId,
        note: payload.reason,
        createdAt,
      })),
    );
    const refunds = await manager.find(SaleRefund, { where: { saleId: sale.id } });
    return { changes: [{ entity: 'sale', entityId: sale.id, op: 'upsert', data: toSaleRecord(sale, lines, refunds) }, ...stockChanges] };
  }
}

/**
 * Why a refund cannot be taken as it is, or null: each line of this sale, its product,
 * within what is left, and for exactly what those units were paid (I10): the amount is
 * recomputed from the stored sale (line and sale discounts, the tax on top of an
 * exclusive-price sale) and the earlier refunds, so neither a full-price refund of a
 * discounted line nor rounding unit by unit pays back more than came in. The tax given
 * back is recomputed the same way (`refundLineTax`, `refundTaxes`): all refunds of a line
 * give back exactly its tax.
 */
function refundProblem(sale: Sale, lines: readonly SaleLine[], earlier: readonly SaleRefund[], refund: SaleRefundPayload): string | null {
  const paid = paidPerLine({ discount: sale.discount, pricesIncludeTax: sale.pricesIncludeTax ?? undefined, lines });
  const refunded = new Map<string, number>();
  for (const previous of earlier) {
    for (const line of previous.lines) refunded.set(line.saleLineId, (refunded.get(line.saleLineId) ?? 0) + line.quantity);
  }
  const byId = new Map(lines.map((line) => [line.id, line]));
  const taxed: Array<{ rate: SaleTaxLine | null; amount: number; tax: number }> = [];
  for (const line of refund.lines) {
    const sold = byId.get(line.saleLineId);
    if (!sold) return `line ${line.saleLineId} is not a line of this sale`;
    if (sold.productId !== line.productId) return `line ${line.saleLineId} sold product ${sold.productId}, not ${line.productId}`;
    const left = sold.quantity - (refunded.get(line.saleLineId) ?? 0);
    if (line.quantity > left) return `line ${line.saleLineId} has ${left} unit(s) left to refund, not ${line.quantity}`;
    const owed = refundLineAmount(paid.get(sold.id)!, sold.quantity, sold.quantity - left, line.quantity);
    if (line.amount !== owed) {
      return `line ${line.saleLineId}: ${line.quantity} unit(s) are worth ${owed} of what the customer paid, not ${line.amount}`;
    }
    const tax = refundLineTax(sold.tax, sold.quantity, sold.quantity - left, line.quantity);
    if (sale.taxes !== null && line.tax === undefined) return `line ${line.saleLineId}: the sale carries taxes, so the refund line must carry its tax (${tax})`;
    if (line.tax !== undefined && line.tax !== tax) {
      return `line ${line.saleLineId}: ${line.quantity} unit(s) give back ${tax} of the line's tax, not ${line.tax}`;
    }
    taxed.push({ rate: sold.tax, amount: line.amount, tax });
  }
  const expected = refundTaxes(taxed.map(({ rate, amount, tax }) => ({ rate: rate && { id: rate.rateId, name: rate.name, rateBp: rate.rateBp }, amount, tax })));
  const sent = refund.taxes ?? null;
  if (sent === null ? sale.taxes !== null : !sameTaxLines(sent, expected)) {
    return `taxes must be the lines' taxes per rate, in the order the rates first appear: ${JSON.stringify(expected)}`;
  }
  return null;
}

/** A void puts back exactly what the sale took, product by product; otherwise the reason it does not. */
function compensationProblem(lines: readonly SaleLine[], movements: SaleVoidPayload['movements']): string | null {
  const sold = new Map<string, number>();
  for (const line of lines) sold.set(line.productId, (sold.get(line.productId) ?? 0) + line.quantity);
  const returned = new Map<string, number>();
  for (const movement of movements) returned.set(movement.productId, (returned.get(movement.productId) ?? 0) + movement.quantity);
  for (const [productId, quantity] of returned) {
    if (!sold.has(productId)) return `movements return product ${productId}, which is not in the sale`;
    if (quantity !== sold.get(productId)) return `movements return ${quantity} of product ${productId}, the sale took ${sold.get(productId)}`;
  }
  for (const [productId, quantity] of sold) {
    if (!returned.has(productId)) return `movements must return the ${quantity} of product ${productId} the sale took`;
  }
  return null;
}

export interface SaleToCreate {
  /** The op's claim, stored on the sale row (I2): its id and the hash a replay must match. */
  opId: string;
  bodyHash: string | null;
  payload: SaleCreatePayload;
}

export type SaleRunContext = Pick<OpContext, 'manager' | 'shopId' | 'deviceId'>;

export interface SaleRunOutcome {
  /** By opId: the sales that failed a check, with the reason; they wrote nothing. */
  rejected: Map<string, OpRejection>;
  /** Feed rows for the caller to append: the new stock levels (the sales' own rows are written with them). */
  changes: Change[];
}

/** Why the shop cannot take this sale, checked in the order a single op would meet them. */
function createProblem(
  payload: SaleCreatePayload,
  currency: string,
  taken: ReadonlySet<string>,
  cashiers: ReadonlySet<string>,
  products: ReadonlySet<string>,
): OpRejection | null {
  if (taken.has(payload.id)) return new OpRejection('CONFLICT', `sale ${payload.id} already exists (recorded by another op)`);
  if (payload.currency !== currency) return new OpRejection('BUSINESS_RULE', `sale currency ${payload.currency} is not the shop's currency ${currency}`);
  if (!cashiers.has(payload.cashierId)) return new OpRejection('NOT_FOUND', `cashier ${payload.cashierId} not found in this shop`);
  // A rule of the shop's money rather than of the payload's shape, so a sale queued by an
  // older terminal that breaks it is rejected on its own (I7), not the whole push refused.
  const payment = paymentProblems(payload.total, payload.payments);
  if (payment.length > 0) return new OpRejection('BUSINESS_RULE', payment.join('; '));
  const missing = [...new Set(payload.lines.map((line) => line.productId))].filter((id) => !products.has(id));
  if (missing.length > 0) return new OpRejection('NOT_FOUND', `product ${missing.join(', ')} not found in this shop`);
  return null;
}
