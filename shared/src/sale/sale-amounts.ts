import { allocate, unitsShare } from '../money/allocate';
import { addMinor, multiplyMinor, type Minor } from '../money/money';
import type { PaymentRecord, SaleTaxLine } from '../protocol/entities';

/**
 * The one definition of a sale's amounts (I10), used by the terminal to ring a sale up
 * and by the server to check it: line totals, each line's share of the sale discount,
 * what the customer paid per line, what a refund of some units of a line is worth, and
 * the taxes per rate. Every split goes through `allocate`.
 */


export interface AmountLineInput {
  unitPrice: Minor;
  quantity: number;
  /** Line discount, minor units. */
  discount: Minor;
}

export interface SaleAmounts {
  /** unitPrice × quantity − discount, per line. */
  lineTotals: Minor[];
  subtotal: Minor;
  discount: Minor;
  total: Minor;
  /** Each line's share of the sale discount, by its total (largest remainder). */
  discountShares: Minor[];
  /** What the customer paid for each line: its total less its share of the sale discount. Adds up to `total`. */
  paid: Minor[];
}

export function saleAmounts(lines: readonly AmountLineInput[], saleDiscount: Minor): SaleAmounts {
  const lineTotals = lines.map((line) => addMinor(multiplyMinor(line.unitPrice, line.quantity), -line.discount));
  const subtotal = addMinor(0, ...lineTotals);
  const total = addMinor(subtotal, -saleDiscount);
  // A line that costs nothing (or less) carries none of the sale discount.
  const discountShares = lines.length === 0 ? [] : allocate(saleDiscount, lineTotals.map((value) => Math.max(0, value)));
  const paid = lineTotals.map((value, index) => value - discountShares[index]!);
  return { lineTotals, subtotal, discount: saleDiscount, total, discountShares, paid };
}

/**
 * What the customer paid for each stored line, by line id, from the stored sale: the sale
 * discount shared across its lines by their totals. The lines are taken in the order of
 * their ids, so the terminal (whose local store has no line order) and the server (which
 * has one) always split the same way, ties to the smallest id.
 */
export function paidPerLine(sale: {
  discount: Minor;
  /** Absent: true. When false, the tax on top of each line was paid too, and a refund gives it back. */
  pricesIncludeTax?: boolean;
  lines: ReadonlyArray<AmountLineInput & { id: string; tax?: SaleTaxLine | null }>;
}): Map<string, Minor> {
  const ordered = [...sale.lines].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const { paid } = saleAmounts(ordered, sale.discount);
  const onTop = sale.pricesIncludeTax === false;
  return new Map(ordered.map((line, index) => [line.id, onTop ? addMinor(paid[index]!, line.tax?.tax ?? 0) : paid[index]!]));
}

/**
 * The money for `count` units of a line of which `alreadyRefunded` units came back
 * earlier: its share of what was paid for the line, the units split with the same
 * allocation, so refunding a line in any sizes gives back exactly what was paid and
 * never more (I10).
 */
export function refundLineAmount(paid: Minor, quantity: number, alreadyRefunded: number, count: number): Minor {
  return unitsShare(paid, quantity, alreadyRefunded, count);
}

/**
 * Tax inside (inclusive) or on top of (exclusive) an amount at a rate in basis points:
 * inclusive splits the amount into [base, tax] in the ratio 10 000 : rate; exclusive
 * takes the tax as the rate's share of base + tax, split the same way.
 */
export function taxOf(amount: Minor, rateBp: number, inclusive: boolean): { base: Minor; tax: Minor } {
  if (!Number.isSafeInteger(rateBp) || rateBp < 0 || rateBp > 100_000) throw new RangeError(`rateBp must be an integer in 0…100000, got ${rateBp}`);
  if (inclusive) {
    const [base, tax] = allocate(amount, [10_000, rateBp]);
    return { base: base!, tax: tax! };
  }
  // On top: the rate's share of the amount, whole hundreds of percent first, the rest split [rate : 10 000 − rate].
  const whole = Math.floor(rateBp / 10_000);
  const part = rateBp % 10_000;
  const tax = addMinor(multiplyMinor(amount, whole), part === 0 ? 0 : allocate(amount, [part, 10_000 - part])[0]!);
  return { base: amount, tax };
}

/** A rate as a sale line copies it: its id (null for a rate not in the shop's list), name and basis points. */
export interface TaxRateRef {
  id: string | null;
  name: string;
  rateBp: number;
}

export interface TaxedLine {
  /** Null: no rate applies to the line (it carries no tax and no base). */
  rate: TaxRateRef | null;
  /** What the customer paid for the line before tax on top: its total less its share of the sale discount (`saleAmounts().paid`). */
  paid: Minor;
}

export interface SaleTaxes {
  /** Per line, in the order given: its rate with the base and tax of what was paid; null where no rate applies. */
  lineTaxes: Array<SaleTaxLine | null>;
  /** Per rate, in the order the rates first appear: the sums of `lineTaxes`. */
  taxes: SaleTaxLine[];
  taxTotal: Minor;
  /** What the customer pays: Σ paid when prices include tax; Σ paid + the taxes when they do not. */
  total: Minor;
}

const rateKey = (rate: TaxRateRef): string => `${rate.id ?? ''}|${rate.rateBp}|${rate.name}`;

function addByRate(byRate: Map<string, SaleTaxLine>, rate: TaxRateRef, base: Minor, tax: Minor): void {
  const key = rateKey(rate);
  const entry = byRate.get(key) ?? { rateId: rate.id, name: rate.name, rateBp: rate.rateBp, base: 0, tax: 0 };
  entry.base = addMinor(entry.base, base);
  entry.tax = addMinor(entry.tax, tax);
  byRate.set(key, entry);
}

/**
 * The taxes of a sale (I10), one definition for the till and the server: each line taxed
 * on what the customer paid for it (`taxOf`, inside the price or on top of it), then summed
 * per rate. The terminal stores `lineTaxes[i]` as line i's `tax` and `taxes` as the sale's.
 */
export function saleTaxes(lines: readonly TaxedLine[], pricesIncludeTax: boolean): SaleTaxes {
  const byRate = new Map<string, SaleTaxLine>();
  const lineTaxes = lines.map((line): SaleTaxLine | null => {
    if (line.rate === null) return null;
    const { base, tax } = taxOf(line.paid, line.rate.rateBp, pricesIncludeTax);
    addByRate(byRate, line.rate, base, tax);
    return { rateId: line.rate.id, name: line.rate.name, rateBp: line.rate.rateBp, base, tax };
  });
  const taxes = [...byRate.values()];
  const taxTotal = addMinor(0, ...taxes.map((entry) => entry.tax));
  const paid = addMinor(0, ...lines.map((line) => line.paid));
  return { lineTaxes, taxes, taxTotal, total: pricesIncludeTax ? paid : addMinor(paid, taxTotal) };
}

/** The same rate with the same base and tax (null only equals null). */
export function sameTaxLine(a: SaleTaxLine | null | undefined, b: SaleTaxLine | null | undefined): boolean {
  return a === b || (!!a && !!b && a.rateId === b.rateId && a.name === b.name && a.rateBp === b.rateBp && a.base === b.base && a.tax === b.tax);
}

/** Two lists of taxes per rate, entry by entry in order. */
export function sameTaxLines(a: readonly SaleTaxLine[], b: readonly SaleTaxLine[]): boolean {
  return a.length === b.length && a.every((entry, index) => sameTaxLine(entry, b[index]));
}

/** Does the sale carry taxes? A sale from a terminal made before taxes (#11) has neither `taxes` nor any line `tax`. */
export function saleIsTaxed(sale: { taxes?: readonly SaleTaxLine[] | null; lines: ReadonlyArray<{ tax?: SaleTaxLine | null }> }): boolean {
  return (sale.taxes !== undefined && sale.taxes !== null) || sale.lines.some((line) => line.tax !== undefined);
}

/** Base and tax per rate, in the order the rates first appear (the `taxes` of `saleTaxes`). */
export function taxesByRate(lines: readonly TaxedLine[], inclusive: boolean): SaleTaxLine[] {
  return saleTaxes(lines, inclusive).taxes;
}

/**
 * The tax inside a refund of `count` units of a line of which `alreadyRefunded` came back
 * before: those units' share of the line's tax, split like the money (`refundLineAmount`),
 * so all refunds of a line give back exactly its tax. No tax on the line: 0.
 */
export function refundLineTax(lineTax: SaleTaxLine | null | undefined, quantity: number, alreadyRefunded: number, count: number): Minor {
  return lineTax ? unitsShare(lineTax.tax, quantity, alreadyRefunded, count) : 0;
}

/** A refund's taxes per rate: each line's `tax` at its sale line's rate, `amount − tax` as the base. */
export function refundTaxes(lines: ReadonlyArray<{ rate: TaxRateRef | null | undefined; amount: Minor; tax: Minor }>): SaleTaxLine[] {
  const byRate = new Map<string, SaleTaxLine>();
  for (const line of lines) if (line.rate) addByRate(byRate, line.rate, addMinor(line.amount, -line.tax), line.tax);
  return [...byRate.values()];
}

/**
 * Payments against a total (I10): they add up to it exactly; change comes only from cash
 * tendered (`tendered` ≥ `amount`, on cash only); and when a sale is split with card or
 * mobile money, nothing is paid above what is due, so the drawer never hands back cash for
 * a mobile-money or card over-payment (2 000 cash + 20 750 mobile money on 21 750 is
 * refused, not 1 000 change). Returns the reasons, empty when the payments are right.
 */
export function paymentProblems(total: Minor, payments: readonly PaymentRecord[]): string[] {
  const problems: string[] = [];
  const paid = payments.reduce((sum, payment) => sum + payment.amount, 0);
  if (paid !== total) problems.push(`payments must add up to the total (${total}), got ${paid}`);
  const nonCash = payments.some((payment) => payment.method !== 'CASH');
  payments.forEach((payment, index) => {
    if (payment.amount < 0) problems.push(`payments.${index}.amount must not be negative`);
    if (payment.tendered === undefined) return;
    if (payment.method !== 'CASH') problems.push(`payments.${index}.tendered: only cash gives change, not ${payment.method}`);
    else if (payment.tendered < payment.amount) problems.push(`payments.${index}.tendered must be at least the amount (${payment.amount})`);
    else if (nonCash && payment.tendered > payment.amount) {
      problems.push(`payments.${index}.tendered: no change in a sale paid partly by card or mobile money; the payments are above what is due`);
    }
  });
  return problems;
}
