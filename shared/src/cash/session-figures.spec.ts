import fc from 'fast-check';
import { PAYMENT_METHODS, type PaymentMethod } from '../protocol/entities';
import { encodeHlc } from '../clock/hlc';
import { validateOp } from '../dto/op.dto';
import { buildZReport, computeSessionFigures, figureDifferences, type FiguresSale } from './session-figures';
import { XOF_DENOMINATIONS, countTotal } from './denominations';

const sale = (overrides: Partial<FiguresSale> = {}): FiguresSale => ({
  number: 'T01-000001',
  status: 'COMPLETED',
  discount: 0,
  total: 1000,
  payments: [{ method: 'CASH', amount: 1000 }],
  lines: [{ unitPrice: 500, quantity: 2, discount: 0 }],
  ...overrides,
});

describe('computeSessionFigures', () => {
  it('[I11] expected cash is float + cash takings − cash refunds + paid-in − paid-out; voided sales count only as voids', () => {
    const figures = computeSessionFigures({
      openingFloat: 20_000,
      sales: [
        sale({ number: 'T01-000009', payments: [{ method: 'CASH', amount: 400, tendered: 1000 }, { method: 'MOBILE_MONEY', amount: 600 }] }),
        sale({ number: 'T01-000010', status: 'VOIDED', payments: [{ method: 'CASH', amount: 1000 }] }),
        sale({ number: 'T01-000011', discount: 100, total: 800, lines: [{ unitPrice: 500, quantity: 2, discount: 100 }], payments: [{ method: 'CARD', amount: 800 }] }),
      ],
      refunds: [{ method: 'CASH', total: 300 }],
      movements: [
        { type: 'PAID_IN', amount: 5000 },
        { type: 'PAID_OUT', amount: 2000 },
      ],
    });
    expect(figures).toMatchObject({
      salesCount: 2,
      grossSales: 2000,
      discounts: 200,
      netSales: 1800,
      takings: { CASH: 400, MOBILE_MONEY: 600, CARD: 800 },
      refunds: { CASH: 300, MOBILE_MONEY: 0, CARD: 0 },
      refundsCount: 1,
      voidsCount: 1,
      voidsTotal: 1000,
      expectedCash: 20_000 + 400 - 300 + 5000 - 2000,
      firstReceipt: 'T01-000009',
      lastReceipt: 'T01-000011',
    });
    expect(buildZReport(figures, { number: 'T01-Z000001', counted: 23_000, openedAt: '2026-01-01T08:00:00.000Z', closedAt: '2026-01-01T20:00:00.000Z' }).variance).toBe(23_000 - 23_100);
  });

  it('[I11] taxes per rate: the sales’ taxes less the refunds’, old sales without taxes count none', () => {
    const vat = { rateId: '0190a0a0-0000-7000-8000-000000000001', name: 'TVA 18 %', rateBp: 1800 };
    const figures = computeSessionFigures({
      openingFloat: 0,
      sales: [sale({ taxes: [{ ...vat, base: 847, tax: 153 }] }), sale(), sale({ taxes: [{ ...vat, base: 847, tax: 153 }, { rateId: null, name: 'Exonéré', rateBp: 0, base: 1000, tax: 0 }] })],
      refunds: [{ method: 'CASH', total: 500, taxes: [{ ...vat, base: 424, tax: 76 }] }],
      movements: [],
    });
    expect(figures.taxes).toEqual([
      { ...vat, base: 1270, tax: 230 },
      { rateId: null, name: 'Exonéré', rateBp: 0, base: 1000, tax: 0 },
    ]);
  });

  it('[I11] any order of the same rows gives the same figures, and receipts order by their counter', () => {
    const method = fc.constantFrom<PaymentMethod>(...PAYMENT_METHODS);
    const sales = fc.array(
      fc.record({ n: fc.integer({ min: 1, max: 2_000_000 }), amount: fc.integer({ min: 1, max: 100_000 }), method, voided: fc.boolean() }),
      { maxLength: 30 },
    );
    fc.assert(
      fc.property(sales, (rows) => {
        const built = rows.map((row) =>
          sale({ number: `T01-${String(row.n).padStart(6, '0')}`, status: row.voided ? 'VOIDED' : 'COMPLETED', total: row.amount, payments: [{ method: row.method, amount: row.amount }], lines: [{ unitPrice: row.amount, quantity: 1, discount: 0 }] }),
        );
        const forward = computeSessionFigures({ openingFloat: 100, sales: built, refunds: [], movements: [] });
        const backward = computeSessionFigures({ openingFloat: 100, sales: [...built].reverse(), refunds: [], movements: [] });
        expect(figureDifferences(forward, backward)).toEqual([]);
        const counters = rows.map((row) => row.n);
        if (counters.length > 0) expect(forward.lastReceipt).toBe(`T01-${String(Math.max(...counters)).padStart(6, '0')}`);
        const completed = rows.filter((row) => !row.voided);
        expect(forward.netSales).toBe(completed.reduce((sum, row) => sum + row.amount, 0));
        expect(forward.expectedCash).toBe(100 + completed.filter((row) => row.method === 'CASH').reduce((sum, row) => sum + row.amount, 0));
      }),
    );
  });

  it('figureDifferences names what differs and ignores key order (jsonb reorders keys)', () => {
    const a = computeSessionFigures({ openingFloat: 0, sales: [sale()], refunds: [], movements: [] });
    const reordered = JSON.parse(JSON.stringify({ ...a, takings: { CARD: 0, MOBILE_MONEY: 0, CASH: 1000 } })) as typeof a;
    expect(figureDifferences(a, reordered)).toEqual([]);
    expect(figureDifferences(a, { ...a, paidOut: 1, expectedCash: -1 })).toEqual(['paidOut', 'expectedCash']);
  });
});

describe('the XOF denomination grid', () => {
  it('counts notes and coins, the 500 note and coin apart', () => {
    expect(XOF_DENOMINATIONS.map((denomination) => denomination.value)).toEqual([10000, 5000, 2000, 1000, 500, 500, 250, 200, 100, 50, 25, 10, 5]);
    expect(countTotal({ N10000: 2, N500: 1, C500: 3, C25: 4, C5: 1 })).toBe(20_000 + 500 + 1500 + 100 + 5);
    expect(countTotal({})).toBe(0);
  });
});

describe('cash session ops validation', () => {
  const envelope = (kind: string, entityId: string, payload: unknown) => ({
    opId: '0190a0a0-0000-7000-8000-0000000000a1',
    deviceId: '0190a0a0-0000-7000-8000-0000000000a2',
    userId: '0190a0a0-0000-7000-8000-0000000000a3',
    shopId: '0190a0a0-0000-7000-8000-0000000000a4',
    entity: 'cash_session',
    kind,
    entityId,
    hlc: encodeHlc({ ms: Date.UTC(2026, 0, 1), counter: 0, node: '0190a0a0-0000-7000-8000-0000000000a2' }),
    payload,
  });
  const id = '0190a0a0-0000-7000-8000-0000000000b1';
  const open = { id, openedBy: '0190a0a0-0000-7000-8000-0000000000a3', openingFloat: 15_000, openingCount: { N10000: 1, N5000: 1 }, openedAt: '2026-01-01T08:00:00.000Z' };

  it('accepts a well-formed open', () => {
    const result = validateOp(envelope('open', id, open));
    expect(result.ok ? 'ok' : result.errors).toBe('ok');
  });

  it.each([
    ['a negative float', { ...open, openingFloat: -1, openingCount: null }, 'openingFloat'],
    ['a count of half a note', { ...open, openingCount: { N10000: 1.5 } }, 'openingCount.N10000'],
    ['an unknown note', { ...open, openingCount: { N3000: 5 } }, 'N3000'],
    ['a grid that is not the float', { ...open, openingCount: { N10000: 1 } }, 'openingFloat must be the total of openingCount (10000)'],
    ['a null opener', { ...open, openedBy: null }, 'openedBy'],
  ])('[bad-input] %s is refused naming the field', (_name, payload, field) => {
    const result = validateOp(envelope('open', id, payload));
    expect(result.ok).toBe(false);
    expect(result.ok ? '' : result.errors.join('\n')).toContain(field);
  });

  it('[bad-input] a movement of zero, without a reason or of an unknown type is refused', () => {
    const movement = { id: '0190a0a0-0000-7000-8000-0000000000c1', sessionId: id, type: 'PAID_OUT', amount: 500, reason: 'Fournisseur', approvedBy: null, createdAt: '2026-01-01T09:00:00.000Z' };
    expect(validateOp(envelope('movement', id, movement)).ok).toBe(true);
    for (const [patch, field] of [[{ amount: 0 }, 'amount'], [{ reason: '' }, 'reason'], [{ type: 'THEFT' }, 'type'], [{ sessionId: '0190a0a0-0000-7000-8000-0000000000c9' }, 'entityId']] as const) {
      const result = validateOp(envelope('movement', id, { ...movement, ...patch }));
      expect([field, result.ok ? '' : result.errors.join('\n')]).toEqual([field, expect.stringContaining(field)]);
    }
  });

  it('[I10][I11] a Z of sales at prices before tax: the tax added on top is in netSales and the close is accepted; a wrong one is refused', () => {
    const taxes = [{ rateId: '0190a0a0-0000-7000-8000-0000000000d1', name: 'TVA 18 %', rateBp: 1800, base: 1000, tax: 180 }];
    const figures = computeSessionFigures({
      openingFloat: 0,
      sales: [
        sale({ total: 1180, payments: [{ method: 'CASH', amount: 1180 }], taxes, pricesIncludeTax: false }),
        sale({ number: 'T01-000002', taxes: [{ ...taxes[0]!, base: 847, tax: 153 }] }),
      ],
      refunds: [],
      movements: [],
    });
    expect(figures).toMatchObject({ grossSales: 2000, discounts: 0, taxAdded: 180, netSales: 2180 });
    // Shops with tax-inclusive prices keep the figures they had: no taxAdded key at all.
    expect('taxAdded' in computeSessionFigures({ openingFloat: 0, sales: [sale()], refunds: [], movements: [] })).toBe(false);
    const z = buildZReport(figures, { number: 'T01-Z000001', counted: 1180, openedAt: '2026-01-01T08:00:00.000Z', closedAt: '2026-01-01T20:00:00.000Z' });
    const close = { sessionId: id, closedBy: open.openedBy, counted: 1180, closingCount: null, closedAt: z.closedAt, z };
    const accepted = validateOp(envelope('close', id, close));
    expect(accepted.ok ? 'ok' : accepted.errors).toBe('ok');
    const refused = validateOp(envelope('close', id, { ...close, z: { ...z, taxAdded: 0 } }));
    expect(refused.ok ? '' : refused.errors.join('\n')).toContain('netSales must be grossSales − discounts + taxAdded (2000)');
  });
});
