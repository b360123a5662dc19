/**
 * Money is always an integer count of the currency's minor units (XOF has none, so
 * 1500 means 1 500 F CFA; EUR 1500 means 15,00 €). Never a float, never a string.
 */
export type Minor = number;

export const DEFAULT_CURRENCY = 'XOF';

/** ISO 4217 minor-unit exponents for the currencies our shops use; the rest default to 2. */
const MINOR_EXPONENT: Readonly<Record<string, number>> = {
  XOF: 0,
  XAF: 0,
  GNF: 0,
  JPY: 0,
  EUR: 2,
  USD: 2,
  MAD: 2,
  GHS: 2,
  NGN: 2,
};

export function minorExponent(currency: string): number {
  return MINOR_EXPONENT[currency.toUpperCase()] ?? 2;
}

/** Largest amount we accept anywhere: keeps sums of many amounts exact in a double. */
export const MAX_AMOUNT_MINOR = 1_000_000_000_000;

export function isMinor(value: unknown): value is Minor {
  return typeof value === 'number' && Number.isSafeInteger(value) && Math.abs(value) <= MAX_AMOUNT_MINOR;
}

export function addMinor(...amounts: Minor[]): Minor {
  let total = 0;
  for (const amount of amounts) {
    assertMinor(amount);
    total += amount;
  }
  assertMinor(total);
  return total;
}

/** unitPrice × quantity for integer quantities; exact because both are integers. */
export function multiplyMinor(unitPrice: Minor, quantity: number): Minor {
  assertMinor(unitPrice);
  if (!Number.isSafeInteger(quantity)) throw new RangeError(`quantity must be an integer, got ${quantity}`);
  const result = unitPrice * quantity;
  assertMinor(result);
  return result;
}

export function assertMinor(value: unknown): asserts value is Minor {
  if (!isMinor(value)) throw new RangeError(`not an amount in minor units: ${String(value)}`);
}

/** Formats for display with Intl, in the shop's locale and currency ("1 500 F CFA"). */
export function formatMoney(amount: Minor, currency: string = DEFAULT_CURRENCY, locale = 'fr-FR'): string {
  const exponent = minorExponent(currency);
  return new Intl.NumberFormat(locale, {
    style: 'currency',
    currency,
    minimumFractionDigits: exponent,
    maximumFractionDigits: exponent,
  }).format(amount / 10 ** exponent);
}

/** Parses what a cashier types ("1500", "1 500", "15,50") into minor units, or null. */
export function parseMoney(text: string, currency: string = DEFAULT_CURRENCY): Minor | null {
  const exponent = minorExponent(currency);
  const cleaned = text.replace(/[\s\u00a0\u202f]/g, '').replace(',', '.');
  if (!/^\d+(\.\d+)?$/.test(cleaned)) return null;
  const [whole = '0', fraction = ''] = cleaned.split('.');
  if (fraction.length > exponent) return null;
  const value = Number(whole) * 10 ** exponent + Number(fraction.padEnd(exponent, '0') || '0');
  return isMinor(value) ? value : null;
}

/** An amount as a money field shows it back: digits grouped by a narrow space whatever the locale's separator ("20,750" would read back as 20.750), the locale's decimal mark kept. */
export function formatAmountText(amount: Minor, currency: string, locale: string): string {
  const exponent = minorExponent(currency);
  return new Intl.NumberFormat(locale, { minimumFractionDigits: exponent, maximumFractionDigits: exponent })
    .formatToParts(amount / 10 ** exponent)
    .map((part) => (part.type === 'group' ? '\u202f' : part.value))
    .join('');
}
