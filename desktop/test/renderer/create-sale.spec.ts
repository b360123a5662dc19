import { validateOp } from '@seri/shared/dto';
import { decodeHlc, type AnyOp, type SaleRecord } from '@seri/shared';
import { DexiePage } from './support/dexie-page';
import { cashPayment, level, makeDevice, makeProduct, makeUser } from './support/factories';

interface Dump {
  products: unknown[];
  stockLevels: unknown[];
  stock: Array<{ productId: string; quantity: number }>;
  sales: Array<{ id: string; number: string; syncState: string; total: number }>;
  saleLines: Array<{ id: string; saleId: string; productId: string; quantity: number; total: number; movementId: string }>;
  stockMovements: Array<{ id: string; productId: string; quantity: number; pending: number; saleId: string; type: string }>;
  outbox: Array<{ seq: number; opId: string; state: string; entity: string; kind: string; entityId: string; op: AnyOp }>;
  meta: Array<{ key: string; value: unknown }>;
}

type SaleResult = { ok: true; sale: SaleRecord } | { ok: false; error: string };

describe('createSale in real IndexedDB (Chromium)', () => {
  let harness: DexiePage;
  let dbCount = 0;
  const device = makeDevice();
  const cashier = makeUser(device.shopId);
  const rice = makeProduct(device.shopId, { name: 'Riz 5 kg', price: 4500 });
  const oil = makeProduct(device.shopId, { name: 'Huile 1 L', price: 1250 });

  beforeAll(async () => {
    harness = await DexiePage.open();
  });

  afterAll(async () => {
    await harness.close();
  });

  /** A fresh terminal database with the catalogue and stock seeded. */
  async function freshDb(): Promise<string> {
    dbCount += 1;
    const name = `create-sale-${dbCount}`;
    await harness.call('seed', name, {
      products: [rice, oil],
      users: [cashier],
      stockLevels: [level(rice, 10), level(oil, 4)],
      stock: [
        { productId: rice.id, quantity: 10 },
        { productId: oil.id, quantity: 4 },
      ],
    });
    return name;
  }

  function sell(db: string, lines: Array<{ productId: string; quantity: number }>, paid: number, options: { tendered?: number; failAtOutbox?: boolean } = {}) {
    return harness.call<SaleResult>(
      'createSale',
      db,
      { lines, payments: paid > 0 ? [cashPayment(paid, options.tendered)] : [], cashierId: cashier.id, device },
      options.failAtOutbox ?? false,
    );
  }

  it('[I1][I6] createSale writes sale, lines, movements, stock and one outbox op in one transaction, its clock node the device', async () => {
    const db = await freshDb();
    const result = await sell(
      db,
      [
        { productId: rice.id, quantity: 2 },
        { productId: oil.id, quantity: 1 },
      ],
      10_250,
      { tendered: 20_000 },
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const sale = result.sale;
    expect(sale.total).toBe(2 * 4500 + 1250);
    expect(sale.number).toBe('T01-000001');
    expect(sale.payments).toEqual([{ method: 'CASH', amount: 10_250, tendered: 20_000 }]);

    const dump = await harness.call<Dump>('dump', db);
    expect(dump.sales).toHaveLength(1);
    expect(dump.sales[0]).toMatchObject({ id: sale.id, number: 'T01-000001', syncState: 'pending', total: 10_250 });
    expect(dump.sales[0]).not.toHaveProperty('lines');
    expect(dump.saleLines.map((line) => [line.productId, line.quantity, line.total]).sort()).toEqual(
      [
        [rice.id, 2, 9000],
        [oil.id, 1, 1250],
      ].sort(),
    );
    expect(dump.stockMovements).toHaveLength(2);
    for (const line of dump.saleLines) {
      const movement = dump.stockMovements.find((candidate) => candidate.id === line.movementId);
      expect(movement).toMatchObject({ productId: line.productId, quantity: -line.quantity, pending: 1, saleId: sale.id, type: 'SALE' });
    }
    expect(Object.fromEntries(dump.stock.map((row) => [row.productId, row.quantity]))).toEqual({ [rice.id]: 8, [oil.id]: 3 });
    expect(dump.meta.find((row) => row.key === 'saleCounter')?.value).toBe(1);
    expect(dump.meta.find((row) => row.key === 'hlc')?.value).toEqual(dump.outbox[0]?.op.hlc);

    expect(dump.outbox).toHaveLength(1);
    const row = dump.outbox[0]!;
    expect(row).toMatchObject({ state: 'new', entity: 'sale', kind: 'create', entityId: sale.id });
    expect(row.op).toMatchObject({ opId: row.opId, deviceId: device.deviceId, shopId: device.shopId, userId: cashier.id, entityId: sale.id });
    // [I6][I9] The clock's node is the terminal's own device id: the server refuses any other.
    expect(decodeHlc(row.op.hlc).node).toBe(device.deviceId);
    // The op is exactly what the backend accepts: same validator main and the server run.
    const validated = validateOp(row.op);
    expect(validated.ok ? [] : validated.errors).toEqual([]);
  });

  it('[I1] a createSale that fails inside its transaction leaves no partial row', async () => {
    const db = await freshDb();
    const first = await sell(db, [{ productId: rice.id, quantity: 1 }], 4500);
    expect(first.ok).toBe(true);
    const before = await harness.call<Dump>('dump', db);

    const failed = await sell(db, [{ productId: oil.id, quantity: 2 }], 2500, { failAtOutbox: true });
    expect(failed.ok).toBe(false);
    if (!failed.ok) expect(failed.error).toMatch(/Constraint/);

    const after = await harness.call<Dump>('dump', db);
    expect(after).toEqual(before);
  });

  it('refuses an empty cart, unknown products and payments that do not match the total, writing nothing', async () => {
    const db = await freshDb();
    const before = await harness.call<Dump>('dump', db);
    const attempts = await Promise.all([
      sell(db, [], 0),
      sell(db, [{ productId: rice.id, quantity: 1 }], 4000),
      sell(db, [{ productId: rice.id, quantity: 1 }], 5000),
      sell(db, [{ productId: rice.id, quantity: 0 }], 4500),
      sell(db, [{ productId: makeProduct(device.shopId).id, quantity: 1 }], 1500),
    ]);
    expect(attempts.map((attempt) => (attempt.ok ? 'ok' : attempt.error.split(':')[0]))).toEqual(Array(5).fill('SaleRefusedError'));
    expect(attempts.map((attempt) => (attempt.ok ? '' : attempt.error))).toEqual([
      expect.stringMatching(/empty/),
      expect.stringMatching(/do not cover/),
      expect.stringMatching(/exceed/),
      expect.stringMatching(/quantity/),
      expect.stringMatching(/not in the catalogue/),
    ]);
    expect(await harness.call<Dump>('dump', db)).toEqual(before);
  });

  it('gives receipt numbers without gaps, across refused, failed and concurrent sales', async () => {
    const db = await freshDb();
    const numbers: string[] = [];
    const ok = (result: SaleResult): void => {
      expect(result.ok).toBe(true);
      if (result.ok) numbers.push(result.sale.number);
    };
    ok(await sell(db, [{ productId: oil.id, quantity: 1 }], 1250));
    expect((await sell(db, [], 0)).ok).toBe(false);
    expect((await sell(db, [{ productId: oil.id, quantity: 1 }], 1000)).ok).toBe(false);
    expect((await sell(db, [{ productId: oil.id, quantity: 1 }], 1250, { failAtOutbox: true })).ok).toBe(false);
    ok(await sell(db, [{ productId: oil.id, quantity: 1 }], 1250));
    const concurrent = await Promise.all(Array.from({ length: 6 }, () => sell(db, [{ productId: rice.id, quantity: 1 }], 4500)));
    concurrent.forEach(ok);

    expect([...numbers].sort()).toEqual(Array.from({ length: 8 }, (_, index) => `T01-${String(index + 1).padStart(6, '0')}`));
    const dump = await harness.call<Dump>('dump', db);
    expect(dump.sales).toHaveLength(8);
    expect(dump.outbox).toHaveLength(8);
    // The outbox order is the order the sales were made in.
    const numberBySale = new Map(dump.sales.map((sale) => [sale.id, sale.number]));
    const inSeqOrder = [...dump.outbox].sort((a, b) => a.seq - b.seq).map((row) => numberBySale.get(row.entityId));
    expect(inSeqOrder).toEqual([...inSeqOrder].sort());
    expect(Object.fromEntries(dump.stock.map((row) => [row.productId, row.quantity]))).toEqual({ [rice.id]: 4, [oil.id]: 2 });
  });

  describe('the fast path (what the till shows, checked in the same round trip)', () => {
    type Paths = { fast: number; careful: number; stale: number };
    type Shown = { price: number; name: string; stock: number; rate: null };
    // The till shows these untaxed (no rate, prices inclusive): what it knows lets the sale take the fast path.
    const shown = (entries: Array<[string, Omit<Shown, 'rate'>]>): Array<[string, Shown]> => entries.map(([id, product]) => [id, { ...product, rate: null }]);
    const sellShown = (db: string, lines: Array<{ productId: string; quantity: number }>, paid: number, seen: Array<[string, Shown]>) =>
      harness.call<SaleResult>('createSaleShown', db, { lines, payments: [cashPayment(paid)], cashierId: cashier.id, device, pricesIncludeTax: true }, seen);
    const paths = () => harness.call<Paths>('saleWritePaths');
    const delta = (before: Paths, after: Paths) => ({ fast: after.fast - before.fast, careful: after.careful - before.careful, stale: after.stale - before.stale });

    it('[I1] writes the same rows as the careful path when the till shows what the database holds', async () => {
      const db = await freshDb();
      await sell(db, [{ productId: rice.id, quantity: 1 }], 4_500);
      const before = await paths();
      const result = await sellShown(db, [{ productId: rice.id, quantity: 2 }, { productId: oil.id, quantity: 1 }], 10_250, shown([
        [rice.id, { price: 4_500, name: rice.name, stock: 9 }],
        [oil.id, { price: 1_250, name: oil.name, stock: 4 }],
      ]));
      expect(result.ok).toBe(true);
      expect(delta(before, await paths())).toEqual({ fast: 1, careful: 0, stale: 0 });
      const dump = await harness.call<Dump>('dump', db);
      expect(dump.sales.map((sale) => sale.number).sort()).toEqual(['T01-000001', 'T01-000002']);
      expect(dump.stock.find((row) => row.productId === rice.id)?.quantity).toBe(7);
      expect(dump.stock.find((row) => row.productId === oil.id)?.quantity).toBe(3);
      expect(dump.outbox).toHaveLength(2);
      expect(validateOp(dump.outbox[1]!.op).ok).toBe(true);
      expect(dump.meta.find((row) => row.key === 'saleCounter')?.value).toBe(2);
    });

    it('[I1] a stale stock figure rolls the fast attempt back entirely; the sale is recorded once from the database', async () => {
      const db = await freshDb();
      await sell(db, [{ productId: rice.id, quantity: 1 }], 4_500);
      const before = await paths();
      // The till still shows 10 (a pull or another sale changed it since).
      const result = await sellShown(db, [{ productId: rice.id, quantity: 1 }], 4_500, shown([[rice.id, { price: 4_500, name: rice.name, stock: 10 }]]));
      expect(result.ok).toBe(true);
      expect(delta(before, await paths())).toEqual({ fast: 0, careful: 1, stale: 1 });
      const dump = await harness.call<Dump>('dump', db);
      expect(dump.sales).toHaveLength(2);
      expect(dump.saleLines).toHaveLength(2);
      expect(dump.stockMovements).toHaveLength(2);
      expect(dump.outbox).toHaveLength(2);
      expect(dump.stock.find((row) => row.productId === rice.id)?.quantity).toBe(8);
      expect(dump.sales.map((sale) => sale.number).sort()).toEqual(['T01-000001', 'T01-000002']);
    });

    it('charges the price the customer was shown, so the receipt matches the payment taken', async () => {
      const db = await freshDb();
      await sell(db, [{ productId: oil.id, quantity: 1 }], 1_250);
      const before = await paths();
      // The catalogue says 4 500; the till showed (and took payment for) 4 000 a moment before a pull changed it.
      const result = await sellShown(db, [{ productId: rice.id, quantity: 1 }], 4_000, shown([[rice.id, { price: 4_000, name: rice.name, stock: 10 }]]));
      expect(result.ok && result.sale.total).toBe(4_000);
      expect(delta(before, await paths())).toEqual({ fast: 1, careful: 0, stale: 0 });
      const dump = await harness.call<Dump>('dump', db);
      expect(dump.saleLines.find((line) => line.productId === rice.id)?.total).toBe(4_000);
      expect(validateOp(dump.outbox[1]!.op).ok).toBe(true);
    });

    it('a receipt counter moved by a pull is read again: numbers stay without gaps or repeats', async () => {
      const db = await freshDb();
      await sell(db, [{ productId: oil.id, quantity: 1 }], 1_250);
      // A pull after a reinstall put this terminal's counter at 41.
      await harness.call('seed', db, { meta: [{ key: 'saleCounter', value: 41 }] });
      const result = await sellShown(db, [{ productId: oil.id, quantity: 1 }], 1_250, shown([[oil.id, { price: 1_250, name: oil.name, stock: 3 }]]));
      expect(result.ok && result.sale.number).toBe('T01-000042');
    });
  });
});
