import {
  MAX_LINES_PER_SALE,
  MAX_WEIGHT_GRAMS,
  addMinor,
  isMinor,
  uuidv7,
  type Minor,
  type Op,
  type PaymentMethod,
  type PaymentRecord,
  type SaleCreatePayload,
  type SaleCustomer,
  type SaleLineRecord,
  type SaleRecord,
  type TaxRateRef,
} from '@seri/shared';
import type { LocalSale, LocalStockMovement, OutboxRow, SeriDb, StockProjection } from '../db/seri-db';
import { cartAmounts, type CartLineInput } from './sale-totals';
import { rateForProduct, readTaxContext } from './tax-rates';
import { lineMeasure, lineUnitPrice } from './line-pricing';
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
  /** What the till shows for the products in the cart, by id: lets the sale take the fast path (see createSale). */
  shown?: ReadonlyMap<string, ShownProduct>;
  /** The cash session the sale belongs to (see sessionForSale); absent: none. */
  sessionId?: string | null;
  /** Whether the prices the till showed include tax (the shop's setting as the screen read it); needed for the fast path. */
  pricesIncludeTax?: boolean;
  /** Who bought, when the cashier took it down; absent or null: nobody. */
  customer?: SaleCustomer | null;
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
  | 'BAD_PRICE'
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

/** What the till shows for a product in the cart: the price and name the cashier saw, the stock displayed. */
export interface ShownProduct {
  price: Minor;
  name: string;
  stock: number;
  /** The rate the till applied to it (see rateForProduct); absent: unknown, the sale reads the catalogue. */
  rate?: TaxRateRef | null;
}

/** The receipt counter and HLC stamp this terminal last committed, remembered per database. */
interface Sequence {
  counter: number;
  hlc: string | undefined;
}
const sequences = new WeakMap<SeriDb, Sequence>();

/** How sales were written since the page loaded (tests and the checkout benchmark read it). */
export const saleWritePaths = { fast: 0, careful: 0, stale: 0 };

/** The guess of the fast path did not match the database: the transaction is rolled back and redone by reading first. */
class StaleGuessError extends Error {
  constructor() {
    super('what the till showed is no longer what the database holds');
    this.name = 'StaleGuessError';
  }
}

interface SaleReads {
  products: ReadonlyArray<{ price: Minor; name: string; rate: TaxRateRef | null } | undefined>;
  pricesIncludeTax: boolean;
  counter: number;
  hlc: string | undefined;
  stock: ReadonlyArray<number>;
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
 * pending ones. Names, prices and tax rates are the catalogue's, copied into the lines, so a
 * later catalogue or rate edit never changes this receipt. Taxes: each line carries its rate
 * (the product's, else the shop's default, else none) with the base and tax of what was paid
 * for it; the sale carries them per rate and whether its prices included them (see cartAmounts).
 *
 * Fast path: when the till passes what it shows (`shown`) and this terminal remembers its
 * last counter and stamp, the sale is charged at the prices and names the customer was shown
 * (the live catalogue as the screen last read it, and what the payment was taken for), and
 * the writes go out together with the reads that check the rest, in one round trip to
 * IndexedDB. If the counter, the clock or a stock figure disagrees (a pull or another write
 * meanwhile), the transaction is rolled back before it commits and the sale is recorded
 * again the careful way: read the catalogue, then write.
 */
export async function createSale(db: SeriDb, input: CreateSaleInput, options: CreateSaleOptions = {}): Promise<SaleRecord> {
  const newId = options.newId ?? (() => uuidv7());
  const now = options.now ?? Date.now;
  checkCart(input);

  const productIds = input.lines.map((line) => line.productId);
  const soldIds = [...new Set(productIds)];
  const tables = [db.products, db.taxRates, db.sales, db.saleLines, db.stockMovements, db.stock, db.meta, db.outbox];
  const fastTables = tables.filter((table) => table !== db.products && table !== db.taxRates);
  const reads = () => Promise.all([db.meta.bulkGet(['saleCounter', 'hlc']), db.stock.bulkGet(soldIds)]);
  const asSaleReads = (
    [[counterRow, stampRow], stock]: Awaited<ReturnType<typeof reads>>,
    products: SaleReads['products'],
    pricesIncludeTax: boolean,
  ): SaleReads => ({
    products,
    pricesIncludeTax,
    counter: counterRow?.key === 'saleCounter' ? counterRow.value : 0,
    hlc: stampRow?.key === 'hlc' ? stampRow.value : undefined,
    stock: stock.map((row) => row?.quantity ?? 0),
  });

  const sequence = sequences.get(db);
  const shown = input.shown;
  const shownKnown = (id: string): boolean => shown?.has(id) === true && Number.isFinite(shown.get(id)?.stock) && shown.get(id)?.rate !== undefined;
  if (sequence && shown && input.pricesIncludeTax !== undefined && soldIds.every(shownKnown)) {
    const guess: SaleReads = {
      products: productIds.map((id) => {
        const product = shown.get(id);
        return product ? { price: product.price, name: product.name, rate: product.rate ?? null } : undefined;
      }),
      pricesIncludeTax: input.pricesIncludeTax,
      counter: sequence.counter,
      hlc: sequence.hlc,
      stock: soldIds.map((id) => shown.get(id)?.stock ?? 0),
    };
    const attempt: { sale: SaleRecord | null } = { sale: null };
    try {
      return await db.transaction('rw', fastTables, async () => {
        const built = buildSale(input, guess, soldIds, newId, now);
        attempt.sale = built.sale;
        // The reads are queued before the writes, so they answer while the writes are still
        // pending: a disagreement rejects, Dexie aborts the transaction, and nothing of it stays.
        const checked = Promise.all([db.meta.bulkGet(['saleCounter', 'hlc']), db.stock.bulkGet(soldIds)]).then(([meta, stock]) => {
          if (!sameReads(asSaleReads([meta, stock], guess.products, guess.pricesIncludeTax), guess)) throw new StaleGuessError();
        });
        await Promise.all([checked, writeSale(db, built)]);
        sequences.set(db, { counter: built.counter, hlc: built.hlc });
        return built.sale;
      }).then((sale) => {
        saleWritePaths.fast += 1;
        return sale;
      });
    } catch (error) {
      if (!(error instanceof StaleGuessError)) throw error;
      saleWritePaths.stale += 1;
      // Belt and braces: should the aborted attempt have committed after all, it is the sale.
      const committed = attempt.sale;
      if (committed && (await db.sales.get(committed.id))) {
        sequences.delete(db);
        return committed;
      }
    }
  }

  return db.transaction('rw', tables, async () => {
    const [catalogue, taxes, sequenceRows] = await Promise.all([db.products.bulkGet(productIds), readTaxContext(db), reads()]);
    const products = catalogue.map((product) => (product ? { price: product.price, name: product.name, rate: rateForProduct(product, taxes) } : undefined));
    const found = asSaleReads(sequenceRows, products, taxes.pricesIncludeTax);
    const built = buildSale(input, found, soldIds, newId, now);
    await writeSale(db, built);
    sequences.set(db, { counter: built.counter, hlc: built.hlc });
    saleWritePaths.careful += 1;
    return built.sale;
  });
}

/** The counter, the clock and the stock the sale's writes were computed from are still the database's. */
function sameReads(found: SaleReads, guess: SaleReads): boolean {
  return found.counter === guess.counter && found.hlc === guess.hlc && found.stock.every((quantity, index) => quantity === guess.stock[index]);
}

interface BuiltSale {
  sale: SaleRecord;
  localSale: LocalSale;
  movements: LocalStockMovement[];
  stock: StockProjection[];
  outboxRow: Omit<OutboxRow, 'seq'>;
  counter: number;
  hlc: string;
}

/** Everything the sale writes, from what was read (or shown); refuses the sale when it does not add up. */
function buildSale(input: CreateSaleInput, reads: SaleReads, soldIds: readonly string[], newId: () => string, now: () => number): BuiltSale {
  const catalogued = input.lines.map((line, index) => {
    const product = reads.products[index];
    if (!product) throw new SaleRefusedError('UNKNOWN_PRODUCT', `product ${line.productId} is not in the catalogue`);
    return { ...line, unitPrice: lineUnitPrice(line, product.price), name: product.name, rate: product.rate, measure: lineMeasure(line, product.price) };
  });
  const totals = cartAmounts(catalogued, input.discount ?? 0, reads.pricesIncludeTax);
  if (totals.total < 0) throw new SaleRefusedError('BAD_DISCOUNT', 'the discounts exceed the amount of the sale');
  const payments = checkPayments(input.payments, totals.total);

  const counter = reads.counter + 1;
  const hlc = nextTerminalStamp(input.device.deviceId, reads.hlc, now);
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
    tax: line.tax,
    ...(catalogued[index]?.measure ? { measure: catalogued[index].measure } : {}),
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
    ...(input.sessionId ? { sessionId: input.sessionId } : {}),
    taxes: totals.taxes,
    pricesIncludeTax: totals.pricesIncludeTax,
    ...(input.customer ? { customer: input.customer } : {}),
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
    quantity: (reads.stock[index] ?? 0) - (sold.get(productId) ?? 0),
  }));

  const { lines: _lines, ...saleRow } = sale;
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
  const outboxRow: Omit<OutboxRow, 'seq'> = { opId: op.opId, state: 'new', entity: op.entity, kind: op.kind, entityId: op.entityId, op, createdAt };
  return { sale, localSale: { ...saleRow, syncState: 'pending' }, movements, stock, outboxRow, counter, hlc };
}

/** The writes, issued together: the transaction commits once all of them succeeded, or none is kept. */
async function writeSale(db: SeriDb, built: BuiltSale): Promise<void> {
  await Promise.all([
    db.sales.add(built.localSale),
    db.saleLines.bulkAdd(built.sale.lines),
    db.stockMovements.bulkAdd(built.movements),
    db.stock.bulkPut(built.stock),
    db.meta.bulkPut([
      { key: 'saleCounter', value: built.counter },
      { key: 'hlc', value: built.hlc },
    ]),
    db.outbox.add(built.outboxRow as OutboxRow),
  ]);
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
    // Loose goods (issue #15): one weighing per line, a typed price that is an amount.
    if (line.grams !== undefined && (!Number.isSafeInteger(line.grams) || line.grams < 1 || line.grams > MAX_WEIGHT_GRAMS || line.quantity !== 1)) {
      throw new SaleRefusedError('BAD_QUANTITY', `a weighed line is one weighing of 1 g to ${MAX_WEIGHT_GRAMS} g`);
    }
    if (line.openPrice !== undefined && (!isMinor(line.openPrice) || line.openPrice < 0)) {
      throw new SaleRefusedError('BAD_PRICE', 'a typed price must be a positive amount');
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
    ...(sale.sessionId ? { sessionId: sale.sessionId } : {}),
    taxes: sale.taxes ?? [],
    pricesIncludeTax: sale.pricesIncludeTax !== false,
    ...(sale.customer ? { customer: sale.customer } : {}),
  };
}
