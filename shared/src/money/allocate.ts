import { calculator } from 'dinero.js/bigint';
import { assertMinor, type Minor } from './money';

/**
 * The one split of an amount in the project (I10): `total` shared in proportion to
 * `weights`, by largest remainder. Each share starts at the floor of its exact
 * proportional value; the units left over go one each to the shares with the largest
 * remainders, ties to the earliest. So the shares always add up to `total` exactly, each
 * is within one unit of its proportional value, and the same input always gives the same
 * output on the terminal and on the server.
 *
 * The products `total × weight` can exceed 2^53 (a 10^12 total times a 10^12 line), so
 * the arithmetic runs on dinero.js's bigint calculator and only the shares, which are
 * never larger than `total`, come back as numbers.
 *
 * A negative total is split as its opposite and negated, so −10 over [1, 1, 1] is
 * [−4, −3, −3]. All weights zero (nothing to weigh by) splits as if they were equal.
 */
export function allocate(total: Minor, weights: readonly number[]): Minor[] {
  assertMinor(total);
  if (weights.length === 0) throw new RangeError('allocate needs at least one weight');
  for (const weight of weights) {
    if (!Number.isSafeInteger(weight) || weight < 0) throw new RangeError(`weights must be non-negative integers, got ${weight}`);
  }
  if (total < 0) return allocate(-total, weights).map((share) => (share === 0 ? 0 : -share));
  const sum = weights.reduce((acc, weight) => acc + weight, 0);
  const effective = sum === 0 ? weights.map(() => 1) : weights;
  const { add, multiply, integerDivide, modulo, subtract, zero } = calculator;
  const whole = BigInt(total);
  const divisor = effective.reduce((acc, weight) => add(acc, BigInt(weight)), zero());
  const parts = effective.map((weight, index) => {
    const exact = multiply(whole, BigInt(weight));
    return { index, floor: integerDivide(exact, divisor), remainder: modulo(exact, divisor) };
  });
  let left = parts.reduce((acc, part) => subtract(acc, part.floor), whole);
  // Largest remainder first; Array.prototype.sort is stable, so equal remainders keep their order (earliest first).
  const order = [...parts].sort((a, b) => (a.remainder === b.remainder ? 0 : a.remainder > b.remainder ? -1 : 1));
  const shares = parts.map((part) => part.floor);
  for (const part of order) {
    if (left <= zero()) break;
    shares[part.index] = add(shares[part.index]!, 1n);
    left = subtract(left, 1n);
  }
  return shares.map((share) => Number(share));
}

/**
 * What units `from + 1 … from + count` of an amount split over `units` equal units are
 * worth together, with the same allocation: so taking the units in any sizes, in order,
 * adds up to exactly `amount` and never more (a line's total across its units for refunds).
 */
export function unitsShare(amount: Minor, units: number, from: number, count: number): Minor {
  if (!Number.isSafeInteger(units) || units <= 0) throw new RangeError(`units must be a positive integer, got ${units}`);
  if (!Number.isSafeInteger(from) || !Number.isSafeInteger(count) || from < 0 || count < 0 || from + count > units) {
    throw new RangeError(`units ${from + 1}…${from + count} are not within 1…${units}`);
  }
  if (count === 0) return 0;
  // Units are interchangeable, so the shares of units 1…n are those of a split of `amount` into [n, units − n].
  const upTo = (n: number): Minor => (n === 0 ? 0 : n === units ? amount : allocate(amount, [n, units - n])[0]!);
  return upTo(from + count) - upTo(from);
}
