import {
  MAX_LINES_PER_SALE,
  addMinor,
  isMinor,
  uuidv7,
  type Minor,
  type Op,
  type PaymentMethod,
  type PaymentRecord,
  type SaleCreatePayload,
  type SaleLineRecord,
  type SaleRecord,
} from '@seri/shared';
import type { LocalSale, LocalStockMovement, OutboxRow, SeriDb, StockProjection } from '../db/seri-db';
import { priceLines, type CartLineInput } from './sale-totals';
import { nextTerminalStamp } from './terminal-clock';

/** What the terminal knows about itself, from `device:info`. */
export interface DeviceContext {
  deviceId: string;
  shopId: string;
  /** Prefix of receipt numbers, e.g. `T01`. */
  terminalCode: string;
  currency: string;
}

export interface PaymentInput {
  method: PaymentMethod;
  amount: Minor;
  /** Cash handed over when more than the amount. */
  tendered?: Minor;
  reference?: string;
}

export interface CreateSaleInput {
  lines: CartLineInput[];
  payments: PaymentInput[];
  cashierId: string;
  device: DeviceContext;
  /** Discount on the whole sale, minor units. */
  discount?: Minor;
}

export interface CreateSaleOptions {
  /** Id maker (UUIDv7 by default); injectable so tests can provoke a failure mid-transaction. */
  newId?: () => string;
  now?: () => number;
}

export type SaleRefusal =
  | 'EMPTY_CART'
  | 'TOO_MANY_LINES'
  | 'BAD_QUANTITY'
  | 'BAD_DISCOUNT'
  | 'UNKNOWN_PRODUCT'
  | 'BAD_PAYMENT'
  | 'PAYMENT_SHORT'
  | 'PAYMENT_OVER';

/** A sale refused before anything was written; the cart is left as it was. */
export class SaleRefusedError extends Error {
  constructor(
    readonly code: SaleRefusal,
    message: string,
  ) {
    super(message);
    this.name = 'SaleRefusedError';
  }
}

export const RECEIPT_NUMBER_DIGITS = 6;

export function formatReceiptNumber(terminalCode: string, counter: number): string {
  return `${terminalCode}-${String(counter).padStart(RECEIPT_NUMBER_DIGITS, '0')}`;
}

/**
 * Records a sale on this terminal, online or not, in ONE strict-durability transaction:
 * the sale, its lines, one SALE stock movement per line (pending until the server's
 * level includes it), the displayed stock, the next receipt number (no gaps: the
 * counter moves only if everything commits), the HLC stamp, and one outbox row holding
 * the complete `sale/create` op. Either all of it is on disk or none of it (I1).
 *
 * Offline: nothing else is needed; the sale is final here. At sync: the outbox relay
 * hands the op to main, which pushes it; when the server has applied it, the op-state
 * report marks the sale synced, and the pulled movement and stock level replace the
 * pending ones. Names and prices are read from the catalogue inside the transaction,
 * then copied into the lines, so a later catalogue edit never changes this receipt.
 */
export async function createSale(db: SeriDb, input: CreateSaleInput, options: CreateSaleOptions = {}): Promise<SaleRecord> {
  const newId = options.newId ?? (() => uuidv7());
  const now = options.now ?? Date.now;
  checkCart(input);

  const productIds = input.lines.map((line) => line.productId);
  const soldIds = [...new Set(productIds)];
  return db.transaction('rw', [db.products, db.sales, db.saleLines, db.stockMovements, db.stock, db.meta, db.outbox], async () => {
    // Every read at once: IndexedDB answers them in one round trip rather than four.
    const [products, [counterRow, stampRow], current] = await Promise.all([
      db.products.bulkGet(productIds),
      db.meta.bulkGet(['saleCounter', 'hlc']),
      db.stock.bulkGet(soldIds),
    ]);
    const lastCounter = counterRow?.key === 'saleCounter' ? counterRow.value : undefined;
    const lastStamp = stampRow?.key === 'hlc' ? stampRow.value : undefined;
    const catalogued = input.lines.map((line, index) => {
      const product = products[index];
      if (!product) throw new SaleRefusedError('UNKNOWN_PRODUCT', `product ${line.productId} is not in the catalogue`);
      return { ...line, unitPrice: product.price, name: product.name };
    });
    const totals = priceLines(catalogued, input.discount ?? 0);
    if (totals.total < 0) throw new SaleRefusedError('BAD_DISCOUNT', 'the discounts exceed the amount of the sale');
    const payments = checkPayments(input.payments, totals.total);

    const counter = (lastCounter ?? 0) + 1;
    const hlc = nextTerminalStamp(input.device.deviceId, lastStamp, now);
    const createdAt = new Date(now()).toISOString();
    const saleId = newId();
    const lines: SaleLineRecord[] = totals.lines.map((line, index) => ({
      id: newId(),
      saleId,
      productId: line.productId,
      name: catalogued[index]?.name ?? '',
      quantity: line.quantity,
      unitPrice: line.unitPrice,
      discount: line.discount,
      total: line.total,
      movementId: newId(),
    }));
    const sale: SaleRecord = {
      id: saleId,
      shopId: input.device.shopId,
      deviceId: input.device.deviceId,
      cashierId: input.cashierId,
      number: formatReceiptNumber(input.device.terminalCode, counter),
      currency: input.device.currency,
      subtotal: totals.subtotal,
      discount: totals.discount,
      total: totals.total,
      payments,
      lines,
      status: 'COMPLETED',
      createdAt,
    };

    const movements: LocalStockMovement[] = lines.map((line) => ({
      id: line.movementId,
      shopId: sale.shopId,
      productId: line.productId,
      type: 'SALE',
      quantity: -line.quantity,
      saleId,
      deviceId: sale.deviceId,
      userId: sale.cashierId,
      note: null,
      createdAt,
      pending: 1,
    }));

    const sold = new Map<string, number>();
    for (const line of lines) sold.set(line.productId, (sold.get(line.productId) ?? 0) + line.quantity);
    const stock: StockProjection[] = soldIds.map((productId, index) => ({
      productId,
      quantity: (current[index]?.quantity ?? 0) - (sold.get(productId) ?? 0),
    }));

    const { lines: _lines, ...saleRow } = sale;
    const localSale: LocalSale = { ...saleRow, syncState: 'pending' };
    const op: Op<'sale', 'create'> = {
      opId: newId(),
      deviceId: sale.deviceId,
      userId: sale.cashierId,
      shopId: sale.shopId,
      entity: 'sale',
      kind: 'create',
      entityId: sale.id,
      hlc,
      payload: toPayload(sale),
    };
    const outboxRow: Omit<OutboxRow, 'seq'> = {
      opId: op.opId,
      state: 'new',
      entity: op.entity,
      kind: op.kind,
      entityId: op.entityId,
      op,
      createdAt,
    };

    // Issued together: the transaction commits once all of them succeeded, or none is kept.
    await Promise.all([
      db.sales.add(localSale),
      db.saleLines.bulkAdd(lines),
      db.stockMovements.bulkAdd(movements),
      db.stock.bulkPut(stock),
      db.meta.bulkPut([
        { key: 'saleCounter', value: counter },
        { key: 'hlc', value: hlc },
      ]),
      db.outbox.add(outboxRow),
    ]);
    return sale;
  });
}

function checkCart(input: CreateSaleInput): void {
  if (input.lines.length === 0) throw new SaleRefusedError('EMPTY_CART', 'the cart is empty');
  if (input.lines.length > MAX_LINES_PER_SALE) {
    throw new SaleRefusedError('TOO_MANY_LINES', `a sale holds at most ${MAX_LINES_PER_SALE} lines`);
  }
  for (const line of input.lines) {
    if (!Number.isSafeInteger(line.quantity) || line.quantity < 1) {
      throw new SaleRefusedError('BAD_QUANTITY', `quantity must be a whole number of at least 1, got ${line.quantity}`);
    }
    if (line.discount !== undefined && (!isMinor(line.discount) || line.discount < 0)) {
      throw new SaleRefusedError('BAD_DISCOUNT', 'a line discount must be a positive amount');
    }
  }
  if (input.discount !== undefined && (!isMinor(input.discount) || input.discount < 0)) {
    throw new SaleRefusedError('BAD_DISCOUNT', 'the sale discount must be a positive amount');
  }
}

/** Payments must add up to the total exactly (cash above it is `tendered`, not `amount`). */
function checkPayments(payments: readonly PaymentInput[], total: Minor): PaymentRecord[] {
  if (payments.length === 0 && total > 0) throw new SaleRefusedError('PAYMENT_SHORT', 'no payment for the sale');
  for (const payment of payments) {
    if (!isMinor(payment.amount) || payment.amount <= 0) throw new SaleRefusedError('BAD_PAYMENT', 'a payment must be a positive amount');
    if (payment.tendered !== undefined && (!isMinor(payment.tendered) || payment.tendered < payment.amount)) {
      throw new SaleRefusedError('BAD_PAYMENT', 'cash tendered must cover the amount it pays');
    }
  }
  const paid = addMinor(0, ...payments.map((payment) => payment.amount));
  if (paid < total) throw new SaleRefusedError('PAYMENT_SHORT', `payments (${paid}) do not cover the total (${total})`);
  if (paid > total) throw new SaleRefusedError('PAYMENT_OVER', `payments (${paid}) exceed the total (${total}); record the cash as tendered`);
  return payments.map((payment) => {
    const record: PaymentRecord = { method: payment.method, amount: payment.amount };
    if (payment.tendered !== undefined && payment.tendered !== payment.amount) record.tendered = payment.tendered;
    if (payment.reference !== undefined) record.reference = payment.reference;
    return record;
  });
}

function toPayload(sale: SaleRecord): SaleCreatePayload {
  return {
    id: sale.id,
    number: sale.number,
    cashierId: sale.cashierId,
    currency: sale.currency,
    subtotal: sale.subtotal,
    discount: sale.discount,
    total: sale.total,
    payments: sale.payments,
    lines: sale.lines.map(({ saleId: _saleId, ...line }) => line),
    createdAt: sale.createdAt,
  };
}
