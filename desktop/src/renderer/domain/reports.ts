import { PAYMENT_METHODS, computeSessionFigures, parseLocalDay, type Minor, type PaymentMethod, type SaleTaxLine } from '@seri/shared';
import type { SeriDb } from '../db/seri-db';

/** The terminal's local days, written and read as `YYYY-MM-DD` (one copy, in shared, for the date fields too). */
export { localDay, parseLocalDay } from '@seri/shared';

export interface ReportPeriod {
  /** ISO instants, [from, to). */
  from: string;
  to: string;
}

export interface DayReport {
  salesCount: number;
  voidedCount: number;
  /** Money taken by completed sales, before refunds. */
  takings: Minor;
  refunds: Minor;
  expenses: Minor;
  /** Takings − refunds − expenses. */
  net: Minor;
  byMethod: Array<{ method: PaymentMethod; takings: Minor; refunds: Minor }>;
  byCashier: Array<{ cashierId: string; sales: number; takings: Minor }>;
  topProducts: Array<{ productId: string; name: string; quantity: number; amount: Minor }>;
  expensesByCategory: Array<{ category: string; amount: Minor; count: number }>;
  /** Cash this terminal's drawer should hold from the period: cash taken here − cash refunded here. */
  cashExpected: Minor;
  /** Taxes collected per rate (base and tax): the period's completed sales less its refunds, summed as the Z report sums them. */
  taxes: SaleTaxLine[];
}

/** Local midnight to local midnight of the given day (the shop's day as the terminal's clock has it). */
export function dayPeriod(day: Date): ReportPeriod {
  const from = new Date(day.getFullYear(), day.getMonth(), day.getDate());
  const to = new Date(day.getFullYear(), day.getMonth(), day.getDate() + 1);
  return { from: from.toISOString(), to: to.toISOString() };
}

const TOP_PRODUCTS = 10;

/**
 * The manager's report for a period, computed from this terminal's Dexie only, so it works
 * offline; it covers every terminal's sales this one has pulled (and its own, synced or not).
 * Voided sales count for nothing; refunds come off the day they were made.
 */
export async function computeReport(db: SeriDb, period: ReportPeriod, deviceId: string): Promise<DayReport> {
  const [sales, refunds, expenses] = await Promise.all([
    db.sales.where('createdAt').between(period.from, period.to, true, false).toArray(),
    db.refunds.where('createdAt').between(period.from, period.to, true, false).toArray(),
    db.expenses.toArray(),
  ]);
  const completed = sales.filter((sale) => sale.status === 'COMPLETED');
  const byMethod = new Map<PaymentMethod, { takings: Minor; refunds: Minor }>(PAYMENT_METHODS.map((method) => [method, { takings: 0, refunds: 0 }]));
  const byCashier = new Map<string, { sales: number; takings: Minor }>();
  let cashExpected = 0;
  for (const sale of completed) {
    for (const payment of sale.payments) {
      const entry = byMethod.get(payment.method);
      if (entry) entry.takings += payment.amount;
      if (payment.method === 'CASH' && sale.deviceId === deviceId) cashExpected += payment.amount;
    }
    const cashier = byCashier.get(sale.cashierId) ?? { sales: 0, takings: 0 };
    cashier.sales += 1;
    cashier.takings += sale.total;
    byCashier.set(sale.cashierId, cashier);
  }
  for (const refund of refunds) {
    const entry = byMethod.get(refund.method);
    if (entry) entry.refunds += refund.total;
    if (refund.method === 'CASH' && refund.deviceId === deviceId) cashExpected -= refund.total;
  }

  const lines = completed.length === 0 ? [] : await db.saleLines.where('saleId').anyOf(completed.map((sale) => sale.id)).toArray();
  const products = new Map<string, { name: string; quantity: number; amount: Minor }>();
  for (const line of lines) {
    const entry = products.get(line.productId) ?? { name: line.name, quantity: 0, amount: 0 };
    entry.quantity += line.quantity;
    entry.amount += line.total;
    products.set(line.productId, entry);
  }
  for (const refund of refunds) {
    for (const line of refund.lines) {
      const entry = products.get(line.productId);
      if (!entry) continue;
      entry.quantity -= line.quantity;
      entry.amount -= line.amount;
    }
  }

  // An expense is for a day: it counts when that day's start falls in the period.
  const spent = expenses.filter((expense) => {
    const day = parseLocalDay(expense.date.slice(0, 10))?.toISOString();
    return !expense.deleted && day !== undefined && day >= period.from && day < period.to;
  });
  const categories = new Map<string, { amount: Minor; count: number }>();
  for (const expense of spent) {
    const entry = categories.get(expense.category) ?? { amount: 0, count: 0 };
    entry.amount += expense.amount;
    entry.count += 1;
    categories.set(expense.category, entry);
  }

  const takings = completed.reduce((sum, sale) => sum + sale.total, 0);
  const refunded = refunds.reduce((sum, refund) => sum + refund.total, 0);
  const expensesTotal = spent.reduce((sum, expense) => sum + expense.amount, 0);
  return {
    salesCount: completed.length,
    voidedCount: sales.length - completed.length,
    takings,
    refunds: refunded,
    expenses: expensesTotal,
    net: takings - refunded - expensesTotal,
    byMethod: [...byMethod].map(([method, entry]) => ({ method, ...entry })),
    byCashier: [...byCashier].map(([cashierId, entry]) => ({ cashierId, ...entry })).sort((a, b) => b.takings - a.takings),
    topProducts: [...products]
      .map(([productId, entry]) => ({ productId, ...entry }))
      .filter((entry) => entry.quantity > 0)
      .sort((a, b) => b.amount - a.amount || b.quantity - a.quantity)
      .slice(0, TOP_PRODUCTS),
    expensesByCategory: [...categories].map(([category, entry]) => ({ category, ...entry })).sort((a, b) => b.amount - a.amount),
    cashExpected,
    // The Z report's own sums (I11): voided sales count no tax, refunds give theirs back.
    taxes: computeSessionFigures({ openingFloat: 0, sales: sales.map((sale) => ({ ...sale, lines: [] })), refunds, movements: [] }).taxes,
  };
}
