import fc from 'fast-check';
import { checkSaleArithmetic } from '../dto/sale.dto';
import type { SaleCreatePayload } from '../protocol/ops';
import { paidPerLine, paymentProblems, refundLineAmount, saleAmounts, saleIsTaxed, sameTaxLine, sameTaxLines, taxOf, taxesByRate } from './sale-amounts';

const line = fc.record({
  unitPrice: fc.integer({ min: 1, max: 500_000 }),
  quantity: fc.integer({ min: 1, max: 40 }),
  discountPercent: fc.integer({ min: 0, max: 100 }),
});

/** A random sale: lines, line discounts, a sale discount no larger than the subtotal, and sizes of partial refunds. */
const sale = fc
  .record({ lines: fc.array(line, { minLength: 1, maxLength: 12 }), saleDiscountPercent: fc.integer({ min: 0, max: 100 }), seed: fc.integer() })
  .map(({ lines, saleDiscountPercent, seed }) => {
    const priced = lines.map((l, index) => {
      const gross = l.unitPrice * l.quantity;
      return { id: `0000000${index.toString(16)}`.slice(-8), unitPrice: l.unitPrice, quantity: l.quantity, discount: Math.floor((gross * l.discountPercent) / 100) };
    });
    const subtotal = saleAmounts(priced, 0).subtotal;
    return { lines: priced, discount: Math.floor((subtotal * saleDiscountPercent) / 100), seed };
  });

describe('sale amounts (I10)', () => {
  it('[I10] what the customer paid per line adds up to the total; each line carries its share of the sale discount', () => {
    fc.assert(
      fc.property(sale, ({ lines, discount }) => {
        const amounts = saleAmounts(lines, discount);
        expect(amounts.paid.reduce((a, b) => a + b, 0)).toBe(amounts.total);
        expect(amounts.discountShares.reduce((a, b) => a + b, 0)).toBe(discount);
        amounts.paid.forEach((paid, index) => {
          expect(paid).toBeGreaterThanOrEqual(0);
          expect(paid).toBeLessThanOrEqual(amounts.lineTotals[index]!);
        });
        // The same split whatever order the lines are read in.
        const reversed = paidPerLine({ discount, lines: [...lines].reverse() });
        expect(paidPerLine({ discount, lines })).toEqual(reversed);
      }),
    );
  });

  it('[I10] refunds in random sizes and order never exceed what was paid, line by line and in total, and a full refund returns it exactly', () => {
    fc.assert(
      fc.property(sale, fc.array(fc.tuple(fc.nat(), fc.integer({ min: 1, max: 10 })), { maxLength: 60 }), ({ lines, discount }, steps) => {
        const paid = paidPerLine({ discount, lines });
        const refunded = new Map(lines.map((l) => [l.id, { units: 0, money: 0 }]));
        for (const [pick, size] of steps) {
          const target = lines[pick % lines.length]!;
          const state = refunded.get(target.id)!;
          const count = Math.min(size, target.quantity - state.units);
          if (count === 0) continue;
          state.money += refundLineAmount(paid.get(target.id)!, target.quantity, state.units, count);
          state.units += count;
          expect(state.money).toBeLessThanOrEqual(paid.get(target.id)!);
        }
        let total = 0;
        for (const l of lines) {
          const state = refunded.get(l.id)!;
          state.money += refundLineAmount(paid.get(l.id)!, l.quantity, state.units, l.quantity - state.units);
          expect(state.money).toBe(paid.get(l.id));
          total += state.money;
        }
        expect(total).toBe(saleAmounts(lines, discount).total);
      }),
    );
  });

  it('[I10] a discounted line is worth what was paid for it, not its price', () => {
    // 3 × 1 000 with 1 000 off the sale of two lines (3 000 + 1 000): the 3 units carry 750 of it.
    const lines = [
      { id: 'a', unitPrice: 1_000, quantity: 3, discount: 0 },
      { id: 'b', unitPrice: 1_000, quantity: 1, discount: 0 },
    ];
    const paid = paidPerLine({ discount: 1_000, lines });
    expect(paid.get('a')).toBe(2_250);
    expect([0, 1, 2].map((done) => refundLineAmount(2_250, 3, done, 1))).toEqual([750, 750, 750]);
    // 1 000 over 3 units: 333 + 334 + 333, never 334 × 3.
    expect([0, 1, 2].map((done) => refundLineAmount(1_000, 3, done, 1)).reduce((a, b) => a + b, 0)).toBe(1_000);
  });

  it('[I10] tax inside a price and on top of it, split with the allocation', () => {
    expect(taxOf(21_750, 1_800, true)).toEqual({ base: 18_432, tax: 3_318 });
    expect(taxOf(10_000, 1_800, false)).toEqual({ base: 10_000, tax: 1_800 });
    expect(taxOf(999, 0, true)).toEqual({ base: 999, tax: 0 });
    const taxes = taxesByRate(
      [
        { rate: { id: 'tva', name: 'TVA 18 %', rateBp: 1_800 }, paid: 11_800 },
        { rate: { id: 'exo', name: 'Exonéré', rateBp: 0 }, paid: 500 },
        { rate: { id: 'tva', name: 'TVA 18 %', rateBp: 1_800 }, paid: 1_180 },
      ],
      true,
    );
    expect(taxes).toEqual([
      { rateId: 'tva', name: 'TVA 18 %', rateBp: 1_800, base: 11_000, tax: 1_980 },
      { rateId: 'exo', name: 'Exonéré', rateBp: 0, base: 500, tax: 0 },
    ]);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1_000_000_000 }), fc.integer({ min: 0, max: 10_000 }), (amount, rateBp) => {
        const { base, tax } = taxOf(amount, rateBp, true);
        expect(base + tax).toBe(amount);
      }),
    );
  });

  it('[I10] change only from cash: 2 000 cash + 20 750 mobile money on 21 750 is refused', () => {
    expect(
      paymentProblems(21_750, [
        { method: 'CASH', amount: 1_000, tendered: 2_000 },
        { method: 'MOBILE_MONEY', amount: 20_750, reference: 'MM1' },
      ]),
    ).toEqual([expect.stringContaining('no change in a sale paid partly by card or mobile money')]);
    expect(paymentProblems(21_750, [{ method: 'MOBILE_MONEY', amount: 21_750, tendered: 22_000 }])).toEqual([expect.stringContaining('only cash gives change')]);
    expect(paymentProblems(21_750, [{ method: 'CASH', amount: 21_750, tendered: 21_000 }])).toEqual([expect.stringContaining('at least the amount')]);
    expect(paymentProblems(21_750, [{ method: 'CASH', amount: 21_750, tendered: 25_000 }])).toEqual([]);
    expect(
      paymentProblems(21_750, [
        { method: 'CASH', amount: 1_000 },
        { method: 'MOBILE_MONEY', amount: 20_750, reference: 'MM1' },
      ]),
    ).toEqual([]);
  });

  it('[bad-input] a sale whose derived amounts do not match is refused with the field', () => {
    const base: SaleCreatePayload = {
      id: '01900000-0000-7000-8000-000000000001',
      number: 'T01-000001',
      cashierId: '01900000-0000-7000-8000-000000000002',
      currency: 'XOF',
      subtotal: 3_000,
      discount: 0,
      total: 3_000,
      payments: [{ method: 'CASH', amount: 3_000 }],
      lines: [{ id: '01900000-0000-7000-8000-000000000003', productId: '01900000-0000-7000-8000-000000000004', name: 'Riz', quantity: 3, unitPrice: 1_000, discount: 0, total: 3_000, movementId: '01900000-0000-7000-8000-000000000005' }],
      createdAt: '2026-12-01T10:00:00.000Z',
    };
    expect(checkSaleArithmetic(base)).toEqual([]);
    expect(checkSaleArithmetic({ ...base, total: 2_999, payments: [{ method: 'CASH', amount: 2_999 }] })).toEqual([expect.stringContaining('total must be subtotal − discount (3000)')]);
    expect(checkSaleArithmetic({ ...base, lines: [{ ...base.lines[0]!, total: 2_500 }] })[0]).toContain('lines.0.total');
  });

  it('tells a taxed sale from one made before taxes, and compares taxes entry by entry in order', () => {
    const vat = { rateId: 'r1', name: 'TVA 18 %', rateBp: 1800, base: 3814, tax: 686 };
    const none = { rateId: 'r2', name: 'Exonéré', rateBp: 0, base: 2700, tax: 0 };
    expect(saleIsTaxed({ lines: [{}, {}] })).toBe(false);
    expect(saleIsTaxed({ taxes: null, lines: [{}] })).toBe(false);
    expect(saleIsTaxed({ taxes: [], lines: [{}] })).toBe(true);
    expect(saleIsTaxed({ lines: [{ tax: null }] })).toBe(true);
    expect(sameTaxLine(null, null)).toBe(true);
    expect(sameTaxLine(vat, null)).toBe(false);
    expect(sameTaxLine(vat, { ...vat })).toBe(true);
    expect(sameTaxLine(vat, { ...vat, tax: 687 })).toBe(false);
    expect(sameTaxLines([vat, none], [{ ...vat }, { ...none }])).toBe(true);
    expect(sameTaxLines([vat, none], [none, vat])).toBe(false);
    expect(sameTaxLines([vat], [vat, none])).toBe(false);
  });
});
