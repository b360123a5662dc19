import { allocate, parseMoney, type Minor, type PaymentMethod } from '@seri/shared';
import type { PaymentInput } from './create-sale';

export type PaymentMode = PaymentMethod | 'SPLIT';
export const PAYMENT_MODES: readonly PaymentMode[] = ['CASH', 'MOBILE_MONEY', 'CARD', 'SPLIT'];

export interface SplitRow {
  id: number;
  method: PaymentMethod;
  amountText: string;
  reference: string;
}

export interface PaymentDraft {
  mode: PaymentMode;
  /** Cash received; empty means the exact amount. */
  tenderedText: string;
  /** Mobile money transaction id, card authorisation or last digits. */
  reference: string;
  splitRows: SplitRow[];
}

export type PaymentProblem =
  | { code: 'NOTHING_TO_PAY' }
  | { code: 'AMOUNT_INVALID'; row?: number }
  | { code: 'SHORT'; missing: Minor }
  | { code: 'OVER'; excess: Minor }
  | { code: 'REFERENCE_REQUIRED'; row?: number };

export type PaymentPlan = { ok: true; payments: PaymentInput[]; change: Minor; paid: Minor } | { ok: false; problem: PaymentProblem; paid: Minor };

/** Mobile money is traced by its transaction reference; without it the sale cannot be reconciled. */
export function needsReference(method: PaymentMethod): boolean {
  return method === 'MOBILE_MONEY';
}

function reference(text: string): { reference?: string } {
  const trimmed = text.trim().slice(0, 100);
  return trimmed === '' ? {} : { reference: trimmed };
}

/**
 * Turns what the cashier entered into the payments createSale records: they add up to the
 * total exactly; cash above it is `tendered` and comes back as change. A split with card
 * or mobile money must come to what is due exactly: no change from the drawer for it.
 */
export function planPayments(total: Minor, draft: PaymentDraft, currency: string): PaymentPlan {
  if (total <= 0) return { ok: false, problem: { code: 'NOTHING_TO_PAY' }, paid: 0 };
  switch (draft.mode) {
    case 'CASH': {
      const tendered = draft.tenderedText.trim() === '' ? total : parseMoney(draft.tenderedText, currency);
      if (tendered === null) return { ok: false, problem: { code: 'AMOUNT_INVALID' }, paid: 0 };
      if (tendered < total) return { ok: false, problem: { code: 'SHORT', missing: total - tendered }, paid: tendered };
      return { ok: true, payments: [{ method: 'CASH', amount: total, ...(tendered > total ? { tendered } : {}) }], change: tendered - total, paid: tendered };
    }
    case 'MOBILE_MONEY':
    case 'CARD': {
      const method = draft.mode;
      if (needsReference(method) && draft.reference.trim() === '') return { ok: false, problem: { code: 'REFERENCE_REQUIRED' }, paid: 0 };
      return { ok: true, payments: [{ method, amount: total, ...reference(draft.reference) }], change: 0, paid: total };
    }
    case 'SPLIT':
      return planSplit(total, draft.splitRows, currency);
  }
}

function planSplit(total: Minor, rows: readonly SplitRow[], currency: string): PaymentPlan {
  const parsed: Array<{ row: SplitRow; amount: Minor }> = [];
  for (const row of rows) {
    if (row.amountText.trim() === '') continue;
    const amount = parseMoney(row.amountText, currency);
    if (amount === null || amount <= 0) return { ok: false, problem: { code: 'AMOUNT_INVALID', row: row.id }, paid: 0 };
    if (needsReference(row.method) && row.reference.trim() === '') return { ok: false, problem: { code: 'REFERENCE_REQUIRED', row: row.id }, paid: 0 };
    parsed.push({ row, amount });
  }
  const paid = parsed.reduce((sum, entry) => sum + entry.amount, 0);
  if (paid < total) return { ok: false, problem: { code: 'SHORT', missing: total - paid }, paid };
  const excess = paid - total;
  const cash = parsed.filter((entry) => entry.row.method === 'CASH');
  const cashIn = cash.reduce((sum, entry) => sum + entry.amount, 0);
  // Change comes only from cash, and never for a card or mobile-money over-payment: with one
  // in the split, the payments must come to what is due (the rule the server checks, I10).
  const nonCash = parsed.some((entry) => entry.row.method !== 'CASH');
  if (excess > 0 && (cashIn - excess <= 0 || nonCash)) return { ok: false, problem: { code: 'OVER', excess }, paid };
  const payments: PaymentInput[] = parsed
    .filter((entry) => entry.row.method !== 'CASH')
    .map((entry) => ({ method: entry.row.method, amount: entry.amount, ...reference(entry.row.reference) }));
  if (cashIn > 0) payments.unshift({ method: 'CASH', amount: cashIn - excess, ...(excess > 0 ? { tendered: cashIn } : {}) });
  return { ok: true, payments, change: excess, paid };
}

/**
 * "500" or "10%" of `base`, in minor units; null when it is not an amount. A percent (at most
 * 2 decimals) takes its share of the base with the I10 allocation, in integers: the discount
 * and what is left add up to the base exactly, halves going the same way as everywhere else.
 */
export function parseDiscount(text: string, base: Minor, currency: string): Minor | null {
  const trimmed = text.trim();
  if (trimmed === '') return 0;
  const percent = /^(\d{1,3})(?:[.,](\d{1,2}))?\s*%$/.exec(trimmed);
  if (percent) {
    const bp = Number(percent[1]) * 100 + Number((percent[2] ?? '').padEnd(2, '0'));
    if (bp > 10_000 || !Number.isSafeInteger(base) || base < 0) return null;
    return allocate(base, [bp, 10_000 - bp])[0]!;
  }
  return parseMoney(trimmed, currency);
}

/** A discount above the shop's threshold (percent of what it applies to) needs a manager's PIN. */
export function discountNeedsApproval(discount: Minor, base: Minor, thresholdPercent: number): boolean {
  return discount > 0 && discount * 100 > base * thresholdPercent;
}
