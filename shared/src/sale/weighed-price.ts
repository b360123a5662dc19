import { MAX_AMOUNT_MINOR, type Minor } from '../money/money';

/** Heaviest weighing a line may carry: 1 000 kg, in grams. */
export const MAX_WEIGHT_GRAMS = 1_000_000;

/**
 * The price of a weighed line (issue #15): `pricePerKg × grams / 1000`, rounded half up to
 * the minor unit. The one definition the till (to charge) and the server (to check the line,
 * I10) both use. Exact for every amount: the product is taken in BigInt, never in a float.
 */
export function weighedLinePrice(pricePerKg: Minor, grams: number): Minor {
  if (!Number.isSafeInteger(pricePerKg) || pricePerKg < 0 || pricePerKg > MAX_AMOUNT_MINOR) {
    throw new RangeError(`pricePerKg must be a non-negative amount in minor units, got ${pricePerKg}`);
  }
  if (!Number.isSafeInteger(grams) || grams < 1 || grams > MAX_WEIGHT_GRAMS) {
    throw new RangeError(`grams must be a whole number in 1…${MAX_WEIGHT_GRAMS}, got ${grams}`);
  }
  const price = Number((BigInt(pricePerKg) * BigInt(grams) + 500n) / 1000n);
  if (price > MAX_AMOUNT_MINOR) throw new RangeError(`a weighed line of ${grams} g at ${pricePerKg}/kg exceeds the largest amount`);
  return price;
}

/**
 * A weight typed by the cashier, in grams ("250", "250 g") or kilograms ("1,5 kg", "0.75kg"),
 * as whole grams; null when it is not a weight a line can carry.
 */
export function parseWeightGrams(text: string): number | null {
  const match = /^\s*(\d{1,7})(?:[.,](\d{1,3}))?\s*(kg|g)?\s*$/i.exec(text);
  if (!match) return null;
  const unit = (match[3] ?? (match[2] !== undefined ? 'kg' : 'g')).toLowerCase();
  let grams: number;
  if (unit === 'kg') grams = Number(match[1]) * 1000 + Number((match[2] ?? '').padEnd(3, '0'));
  else if (match[2] !== undefined) return null;
  else grams = Number(match[1]);
  return Number.isSafeInteger(grams) && grams >= 1 && grams <= MAX_WEIGHT_GRAMS ? grams : null;
}
