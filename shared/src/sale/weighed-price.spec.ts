import fc from 'fast-check';
import { MAX_AMOUNT_MINOR } from '../money/money';
import { MAX_WEIGHT_GRAMS, parseWeightGrams, weighedLinePrice } from './weighed-price';

describe('weighedLinePrice: price per kg × grams / 1000, half up, exact', () => {
  it('[I10] charges 250 g of bread at 1 000 F/kg 250 F, and rounds half up to the franc', () => {
    expect(weighedLinePrice(1000, 250)).toBe(250);
    expect(weighedLinePrice(1500, 333)).toBe(500); // 499.5 → 500
    expect(weighedLinePrice(1500, 331)).toBe(497); // 496.5 → 497
    expect(weighedLinePrice(999, 1)).toBe(1); // 0.999 → 1
    expect(weighedLinePrice(499, 1)).toBe(0); // 0.499 → 0
    expect(weighedLinePrice(2750, 1000)).toBe(2750);
    expect(weighedLinePrice(0, 500)).toBe(0);
  });

  it('[I10] is exact where a float product would not be (BigInt), and matches the rational rounding', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1_000_000_000 }), fc.integer({ min: 1, max: MAX_WEIGHT_GRAMS }), (pricePerKg, grams) => {
        const price = weighedLinePrice(pricePerKg, grams);
        const exact = BigInt(pricePerKg) * BigInt(grams);
        // price − 1/2 ≤ exact/1000 < price + 1/2
        expect(BigInt(price) * 1000n - 500n <= exact && exact < BigInt(price) * 1000n + 500n).toBe(true);
        expect(Number.isSafeInteger(price)).toBe(true);
      }),
    );
    expect(weighedLinePrice(MAX_AMOUNT_MINOR / 1000, MAX_WEIGHT_GRAMS)).toBe(MAX_AMOUNT_MINOR);
  });

  it('refuses weights and prices a line cannot carry', () => {
    for (const grams of [0, -1, 1.5, MAX_WEIGHT_GRAMS + 1, Number.NaN]) expect(() => weighedLinePrice(1000, grams)).toThrow(RangeError);
    for (const price of [-1, 0.5, MAX_AMOUNT_MINOR + 1]) expect(() => weighedLinePrice(price, 100)).toThrow(RangeError);
    expect(() => weighedLinePrice(MAX_AMOUNT_MINOR, 2000)).toThrow(RangeError);
  });
});

describe('parseWeightGrams: what the cashier types, in grams or kilograms', () => {
  it.each([
    ['250', 250],
    ['250 g', 250],
    ['250G', 250],
    ['1,5', 1500],
    ['1.5 kg', 1500],
    ['0,75kg', 750],
    ['2 kg', 2000],
    ['0,005', 5],
  ])('%s → %d g', (text, grams) => {
    expect(parseWeightGrams(text)).toBe(grams);
  });

  it.each(['', 'abc', '0', '1,2345', '1.5 g', '-3', '2000 kg', '1e3'])('%s → null', (text) => {
    expect(parseWeightGrams(text)).toBeNull();
  });
});
