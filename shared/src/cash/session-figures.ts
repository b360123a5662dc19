import { addMinor, multiplyMinor, type Minor } from '../money/money';
import { PAYMENT_METHODS, type PaymentMethod, type PaymentRecord, type SaleStatus, type SaleTaxLine } from '../protocol/entities';
import type { CashMovementType, SessionFigures, ZReport } from './cash-session';

/** What the figures read of a sale: the terminal's Dexie rows and the server's rows both fit. */
export interface FiguresSale {
  number: string;
  status: SaleStatus;
  discount: Minor;
  total: Minor;
  payments: readonly PaymentRecord[];
  lines: ReadonlyArray<{ unitPrice: Minor; quantity: number; discount: Minor }>;
  taxes?: readonly SaleTaxLine[] | null;
  /** False: the taxes were added on top of the prices (they are in `total`). Absent: true. */
  pricesIncludeTax?: boolean;
}

export interface FiguresRefund {
  method: PaymentMethod;
  total: Minor;
  taxes?: readonly SaleTaxLine[] | null;
}

export interface FiguresMovement {
  type: CashMovementType;
  amount: Minor;
}

export interface FiguresInput {
  openingFloat: Minor;
  /** The sales attached to the session, voided ones included. */
  sales: readonly FiguresSale[];
  /** The refunds made in the session (of this session's sales or older ones). */
  refunds: readonly FiguresRefund[];
  movements: readonly FiguresMovement[];
}

function byMethod(): Record<PaymentMethod, Minor> {
  return Object.fromEntries(PAYMENT_METHODS.map((method) => [method, 0])) as Record<PaymentMethod, Minor>;
}

/** The counter part of a receipt number (`T01-000123` → 123), so `T01-1000000` sorts after `T01-999999`. */
function receiptOrder(number: string): number {
  const digits = /(\d+)$/.exec(number);
  return digits ? Number(digits[1]) : 0;
}

/**
 * A session's figures, the one definition (I11): the terminal prints them on the X and Z
 * reports and the server recomputes them from the rows it holds; both call this. Pure
 * integer sums, so the same rows give the same figures to the franc on both sides.
 */
export function computeSessionFigures(input: FiguresInput): SessionFigures {
  const takings = byMethod();
  const refunds = byMethod();
  const taxes = new Map<string, SessionFigures['taxes'][number]>();
  const addTaxes = (lines: readonly SaleTaxLine[] | null | undefined, sign: 1 | -1): void => {
    for (const line of lines ?? []) {
      const key = `${line.rateId ?? ''}|${line.rateBp}`;
      const entry = taxes.get(key) ?? { rateId: line.rateId, name: line.name, rateBp: line.rateBp, base: 0, tax: 0 };
      entry.base = addMinor(entry.base, sign * line.base);
      entry.tax = addMinor(entry.tax, sign * line.tax);
      taxes.set(key, entry);
    }
  };

  let salesCount = 0;
  let grossSales = 0;
  let discounts = 0;
  let netSales = 0;
  let taxAdded = 0;
  let voidsCount = 0;
  let voidsTotal = 0;
  for (const sale of input.sales) {
    if (sale.status === 'VOIDED') {
      voidsCount += 1;
      voidsTotal = addMinor(voidsTotal, sale.total);
      continue;
    }
    salesCount += 1;
    for (const line of sale.lines) {
      grossSales = addMinor(grossSales, multiplyMinor(line.unitPrice, line.quantity));
      discounts = addMinor(discounts, line.discount);
    }
    discounts = addMinor(discounts, sale.discount);
    netSales = addMinor(netSales, sale.total);
    for (const payment of sale.payments) takings[payment.method] = addMinor(takings[payment.method], payment.amount);
    addTaxes(sale.taxes, 1);
    if (sale.pricesIncludeTax === false) for (const line of sale.taxes ?? []) taxAdded = addMinor(taxAdded, line.tax);
  }

  let refundsTotal = 0;
  for (const refund of input.refunds) {
    refundsTotal = addMinor(refundsTotal, refund.total);
    refunds[refund.method] = addMinor(refunds[refund.method], refund.total);
    addTaxes(refund.taxes, -1);
  }

  let paidIn = 0;
  let paidOut = 0;
  for (const movement of input.movements) {
    if (movement.type === 'PAID_IN') paidIn = addMinor(paidIn, movement.amount);
    else paidOut = addMinor(paidOut, movement.amount);
  }

  const numbers = input.sales.map((sale) => sale.number).sort((a, b) => receiptOrder(a) - receiptOrder(b) || a.localeCompare(b));
  return {
    salesCount,
    grossSales,
    discounts,
    netSales,
    ...(taxAdded !== 0 ? { taxAdded } : {}),
    takings,
    refundsCount: input.refunds.length,
    refundsTotal,
    refunds,
    voidsCount,
    voidsTotal,
    taxes: [...taxes.values()].sort((a, b) => b.rateBp - a.rateBp || a.name.localeCompare(b.name)),
    paidIn,
    paidOut,
    openingFloat: input.openingFloat,
    expectedCash: addMinor(input.openingFloat, takings.CASH, -refunds.CASH, paidIn, -paidOut),
    firstReceipt: numbers[0] ?? null,
    lastReceipt: numbers[numbers.length - 1] ?? null,
  };
}

/** The Z report of a close: the figures with the count and the variance (counted − expected). */
export function buildZReport(figures: SessionFigures, close: { number: string; counted: Minor; openedAt: string; closedAt: string }): ZReport {
  return { ...figures, ...close, variance: addMinor(close.counted, -figures.expectedCash) };
}

/** The figures a Z report and a recomputation may differ in, by name (empty: they agree to the franc). */
export function figureDifferences(printed: SessionFigures, recomputed: SessionFigures): string[] {
  const differences: string[] = [];
  const keys = Object.keys(recomputed) as Array<keyof SessionFigures>;
  for (const key of keys) {
    if (canonical(printed[key]) !== canonical(recomputed[key])) differences.push(key);
  }
  return differences;
}

/** JSON with object keys sorted: a Z report read back from PostgreSQL's jsonb has its keys reordered. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonical(item)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
