import fc from 'fast-check';
import type { ClassConstructor } from 'class-transformer';
import { uuidv7 } from '../ids/ids';
import { ExpenseCreateDto, ProductCreateDto, ProductUpdateDto, StockMovementCreateDto } from './catalog.dto';
import { EnrollDto, PrintReceiptDto } from './ipc.dto';
import { OpEnvelopeDto } from './op.dto';
import { quickAccept } from './quick-accept';
import { SaleCreateDto } from './sale.dto';
import { classValidatorVerdict } from './validate';

const now = new Date().toISOString();

/** One well-formed sample per class: the fast path must say yes to each. */
const SAMPLES: [ClassConstructor<object>, () => Record<string, unknown>][] = [
  [
    SaleCreateDto,
    () => ({
      id: uuidv7(),
      number: 'T01-000042',
      cashierId: uuidv7(),
      currency: 'XOF',
      subtotal: 9_500,
      discount: 500,
      total: 9_000,
      payments: [
        { method: 'CASH', amount: 5_000, tendered: 10_000 },
        { method: 'MOBILE_MONEY', amount: 4_000, reference: 'OM-12345' },
      ],
      lines: [
        { id: uuidv7(), productId: uuidv7(), name: 'Riz parfumé 5 kg', quantity: 2, unitPrice: 4_500, discount: 0, total: 9_000, movementId: uuidv7() },
        { id: uuidv7(), productId: uuidv7(), name: 'Sucre', quantity: 1, unitPrice: 500, discount: 0, total: 500, movementId: uuidv7() },
      ],
      createdAt: now,
    }),
  ],
  [
    OpEnvelopeDto,
    () => ({
      opId: uuidv7(),
      deviceId: uuidv7(),
      userId: uuidv7(),
      shopId: uuidv7(),
      entity: 'sale',
      kind: 'create',
      entityId: uuidv7(),
      hlc: '001732000000000:0000:dev',
      payload: {},
    }),
  ],
  [
    ProductCreateDto,
    () => ({ id: uuidv7(), sku: 'RIZ-5', barcode: '6001234567890', name: 'Riz', price: 4_500, cost: null, category: 'Épicerie', lowStockThreshold: 5 }),
  ],
  [ProductUpdateDto, () => ({ id: uuidv7(), price: 4_700, barcode: null, archived: false })],
  [StockMovementCreateDto, () => ({ id: uuidv7(), productId: uuidv7(), type: 'COUNT', quantity: -3, note: null, createdAt: now })],
  [ExpenseCreateDto, () => ({ id: uuidv7(), category: 'Transport', amount: 2_000, note: 'Taxi', date: '2026-11-25' })],
  [EnrollDto, () => ({ serverUrl: 'https://seri.example', code: 'DEMO-SHOP', name: 'Caisse 1' })],
];

type Path = (string | number)[];

function paths(value: unknown, prefix: Path = []): Path[] {
  if (value === null || typeof value !== 'object') return [prefix];
  const children = Object.entries(value).flatMap(([key, child]) => paths(child, [...prefix, Array.isArray(value) ? Number(key) : key]));
  return [prefix, ...children];
}

function mutate(sample: Record<string, unknown>, path: Path, how: 'set' | 'delete' | 'add', replacement: unknown): unknown {
  const copy = JSON.parse(JSON.stringify(sample)) as Record<string | number, unknown>;
  if (path.length === 0) return how === 'set' ? replacement : copy;
  let parent: Record<string | number, unknown> = copy;
  for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
  const last = path[path.length - 1]!;
  if (how === 'delete') delete parent[last];
  else if (how === 'set') parent[last] = replacement;
  else if (typeof parent[last] === 'object' && parent[last] !== null && !Array.isArray(parent[last])) {
    (parent[last] as Record<string, unknown>)['surprise'] = replacement;
  } else parent[last] = replacement;
  return copy;
}

describe('quickAccept: class-validator without its per-object cost, never laxer', () => {
  it.each(SAMPLES.map(([cls, make]) => [cls.name, cls, make] as const))('says yes to a well-formed %s, as class-validator does', (_name, cls, make) => {
    const sample = make();
    expect(classValidatorVerdict(cls, sample).ok).toBe(true);
    expect(quickAccept(cls, sample)).toBe(true);
  });

  it('[I2] whatever is changed, removed or added anywhere in a valid body, it never accepts what class-validator refuses', () => {
    const odd = fc.oneof(
      fc.anything(),
      fc.constantFrom(-1, 0, 1.5, 2 ** 53, Number.NaN, '', 'x'.repeat(300), '2999-01-01T00:00:00Z', 'not-a-uuid', null, [], {}, [{}], ['x']),
    );
    const seen = { accepted: 0, refused: 0 };
    const cases = fc.tuple(fc.nat(SAMPLES.length - 1), fc.nat(), fc.constantFrom<'set' | 'delete' | 'add'>('set', 'delete', 'add'), odd);
    fc.assert(
      fc.property(cases, ([which, pick, how, replacement]) => {
        const [cls, make] = SAMPLES[which]!;
        const sample = make();
        const all = paths(sample);
        const body = mutate(sample, all[pick % all.length]!, how, replacement);
        if (quickAccept(cls, body)) {
          seen.accepted += 1;
          expect(classValidatorVerdict(cls, body).ok).toBe(true);
        } else seen.refused += 1;
      }),
      { numRuns: 3_000 },
    );
    // Both answers were exercised: some changes keep a body valid (an optional field removed), most do not.
    expect(seen.accepted).toBeGreaterThan(50);
    expect(seen.refused).toBeGreaterThan(1_000);
  });

  it('leaves what it was not built for to class-validator: prototypes, class instances, Maps and Sets', () => {
    const sale = SAMPLES[0]![1]();
    expect(quickAccept(SaleCreateDto, JSON.parse(`{"__proto__": {"total": 1}, ${JSON.stringify(sale).slice(1)}`))).toBe(false);
    expect(quickAccept(SaleCreateDto, Object.assign(new SaleCreateDto(), sale))).toBe(false);
    expect(quickAccept(SaleCreateDto, { ...sale, lines: new Set(sale['lines'] as unknown[]) })).toBe(false);
    expect(quickAccept(PrintReceiptDto, { receipt: new Map() })).toBe(false);
  });
});
