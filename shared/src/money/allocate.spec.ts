import fc from 'fast-check';
import { MAX_AMOUNT_MINOR } from './money';
import { allocate, unitsShare } from './allocate';

const amount = fc.integer({ min: -MAX_AMOUNT_MINOR, max: MAX_AMOUNT_MINOR });
const weights = fc.array(fc.integer({ min: 0, max: MAX_AMOUNT_MINOR }), { minLength: 1, maxLength: 30 });

describe('allocate (largest remainder, ties to the earliest)', () => {
  it('[I10] splits by largest remainder, ties to the earliest', () => {
    expect(allocate(100, [1, 1, 1])).toEqual([34, 33, 33]);
    expect(allocate(-100, [1, 1, 1])).toEqual([-34, -33, -33]);
    // 10 × 0.3 = 3, 10 × 0.7 = 7: exact; 11: remainders 0.3 and 0.7 → the unit goes to the second.
    expect(allocate(11, [3, 7])).toEqual([3, 8]);
    expect(allocate(1, [1, 1, 1, 1])).toEqual([1, 0, 0, 0]);
    expect(allocate(5, [0, 0])).toEqual([3, 2]);
    expect(allocate(7, [0, 5])).toEqual([0, 7]);
    // 21 750 inside a price at 18 %: base and tax.
    expect(allocate(21_750, [10_000, 1_800])).toEqual([18_432, 3_318]);
  });

  it('[I10] the shares always add up to the total exactly', () => {
    fc.assert(fc.property(amount, weights, (total, ws) => allocate(total, ws).reduce((a, b) => a + b, 0) === total));
  });

  it('[I10] each share is within one unit of its proportional value', () => {
    fc.assert(
      fc.property(amount, weights, (total, ws) => {
        const sum = ws.reduce((a, b) => a + b, 0);
        const effective = sum === 0 ? ws.map(() => 1) : ws;
        const divisor = BigInt(effective.reduce((a, b) => a + b, 0));
        return allocate(total, ws).every((share, index) => {
          // |share × Σw − total × w| < Σw, in exact integers.
          const gap = BigInt(share) * divisor - BigInt(total) * BigInt(effective[index]!);
          return (gap < 0n ? -gap : gap) < divisor;
        });
      }),
    );
  });

  it('[I10] is deterministic and gives nothing to a zero weight', () => {
    fc.assert(
      fc.property(amount, weights, (total, ws) => {
        const first = allocate(total, ws);
        expect(allocate(total, [...ws])).toEqual(first);
        if (ws.some((w) => w > 0)) ws.forEach((w, i) => w === 0 && expect(first[i]).toBe(0));
      }),
    );
  });

  it('[bad-input] weights that are not non-negative integers, or none, are refused', () => {
    expect(() => allocate(10, [])).toThrow(RangeError);
    expect(() => allocate(10, [1, -1])).toThrow(RangeError);
    expect(() => allocate(10, [0.5])).toThrow(RangeError);
    expect(() => allocate(0.5, [1])).toThrow(RangeError);
  });
});

describe('unitsShare (a line across its units)', () => {
  it('[I10] units taken in any sizes add up to exactly the amount, each piece within a unit of proportional', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: MAX_AMOUNT_MINOR }),
        fc.integer({ min: 1, max: 1000 }),
        fc.array(fc.integer({ min: 1, max: 50 }), { minLength: 1, maxLength: 40 }),
        (total, units, sizes) => {
          let from = 0;
          let paidBack = 0;
          for (const size of sizes) {
            const count = Math.min(size, units - from);
            if (count === 0) break;
            const piece = unitsShare(total, units, from, count);
            expect(piece).toBeGreaterThanOrEqual(0);
            expect(Math.abs(piece * units - total * count)).toBeLessThanOrEqual(units * 2);
            paidBack += piece;
            from += count;
            expect(paidBack).toBeLessThanOrEqual(total);
          }
          if (from < units) paidBack += unitsShare(total, units, from, units - from);
          expect(paidBack).toBe(total);
        },
      ),
    );
  });
});
