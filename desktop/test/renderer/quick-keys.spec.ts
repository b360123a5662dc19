import { validateOp } from '@seri/shared/dto';
import { encodeHlc, uuidv7, weighedLinePrice, type AnyOp, type Change, type QuickKeyLayoutRecord, type QuickKeyPage, type SaleRecord } from '@seri/shared';
import { DexiePage } from './support/dexie-page';
import { cashPayment, makeDevice, makeProduct, makeUser } from './support/factories';

type Outcome<T> = { ok: true; value: T } | { ok: false; error: string; code: string | null };

interface Dump {
  quickKeys: QuickKeyLayoutRecord[];
  outbox: Array<{ seq: number; entity: string; kind: string; entityId: string; op: AnyOp; queueState?: string }>;
  saleLines: SaleRecord['lines'];
}

/** Quick keys and loose goods on the terminal (issue #15), in real IndexedDB (Chromium). */
describe('quick keys and loose goods in the renderer', () => {
  let harness: DexiePage;
  let dbCount = 0;
  const device = makeDevice();
  const manager = makeUser(device.shopId, { name: 'Awa Diop', role: 'MANAGER' });
  const author = { deviceId: device.deviceId, shopId: device.shopId, userId: manager.id };
  const bread = makeProduct(device.shopId, { name: 'Pain', price: 250, pricing: 'OPEN' });
  const bananas = makeProduct(device.shopId, { name: 'Bananes', price: 1200, pricing: 'WEIGHT' });
  const tea = makeProduct(device.shopId, { name: 'Thé vert', price: 1500 });
  const page = (productIds: string[], name = 'Favoris'): QuickKeyPage => ({ id: uuidv7(), name, color: null, productIds });

  beforeAll(async () => {
    harness = await DexiePage.open();
  });

  afterAll(async () => {
    expect(harness.errors).toEqual([]);
    await harness.close();
  });

  async function freshDb(): Promise<string> {
    dbCount += 1;
    const name = `quick-keys-${dbCount}`;
    await harness.call('seed', name, {
      products: [bread, bananas, tea],
      users: [manager],
      stock: [bread, bananas, tea].map((product) => ({ productId: product.id, quantity: 20 })),
    });
    return name;
  }
  const dump = (db: string) => harness.call<Dump>('dump', db);
  const save = (db: string, pages: QuickKeyPage[]) => harness.call<Outcome<QuickKeyLayoutRecord>>('saveQuickKeys', db, { pages, author });
  const pulled = (layout: QuickKeyLayoutRecord): Change => ({ entity: 'quick_keys', entityId: layout.shopId, op: 'upsert', data: layout });

  it('[I1] a manager’s layout is written with its quick_keys/update op in one transaction; the op passes the server’s validator', async () => {
    const db = await freshDb();
    const pages = [page([tea.id, bananas.id]), page([bread.id], 'Boulangerie')];
    const saved = await save(db, pages);
    expect(saved.ok).toBe(true);
    const state = await dump(db);
    expect(state.quickKeys).toEqual([expect.objectContaining({ shopId: device.shopId, pages })]);
    const [row] = state.outbox;
    expect(row).toMatchObject({ entity: 'quick_keys', kind: 'update', entityId: device.shopId });
    expect(row!.op.hlc).toBe(state.quickKeys[0]!.hlc);
    expect(validateOp(row!.op)).toMatchObject({ ok: true });
  });

  it('refuses a layout the server would refuse, writing nothing: unknown product, a product twice, a blank name, too many pages', async () => {
    const db = await freshDb();
    const refusals = [
      [[page([uuidv7()])], 'NOT_FOUND'],
      [[page([tea.id, tea.id])], 'QUICK_KEYS_DUPLICATE'],
      [[page([], '   ')], 'QUICK_KEYS_BAD_NAME'],
      [Array.from({ length: 13 }, () => page([])), 'QUICK_KEYS_TOO_MANY_PAGES'],
    ] as const;
    for (const [pages, code] of refusals) {
      const outcome = await save(db, [...pages]);
      expect(outcome).toMatchObject({ ok: false, code });
    }
    const state = await dump(db);
    expect(state.quickKeys).toEqual([]);
    expect(state.outbox).toEqual([]);
  });

  it('[I6] a pulled layout replaces ours, except an older one while our newer arrangement is still queued', async () => {
    const db = await freshDb();
    const context = { deviceId: device.deviceId };
    const server: QuickKeyLayoutRecord = { shopId: device.shopId, pages: [page([tea.id])], hlc: encodeHlc({ ms: Date.now() - 60_000, counter: 0, node: uuidv7() }), updatedAt: new Date().toISOString() };
    await harness.call('applyPage', db, [pulled(server)], context);
    expect((await dump(db)).quickKeys).toEqual([server]);

    const mine = await save(db, [page([bananas.id, tea.id], 'Matin')]);
    if (!mine.ok) throw new Error(mine.error);
    const stale = await harness.call<{ keptLocal: number }>('applyPage', db, [pulled(server)], context);
    expect(stale.keptLocal).toBe(1);
    expect((await dump(db)).quickKeys).toEqual([mine.value]);

    // Once the server has it, its answer (the merged layout) is the truth again.
    const opId = (await dump(db)).outbox[0]!.op.opId;
    await harness.call('applyOpStates', db, [{ opId, state: 'SYNCED' }]);
    const answer: QuickKeyLayoutRecord = { ...mine.value, updatedAt: new Date().toISOString() };
    await harness.call('applyPage', db, [pulled(answer)], context);
    expect((await dump(db)).quickKeys).toEqual([answer]);
  });

  it('[I10] a weighed line is quantity 1 at weighedLinePrice with its weight; an open-price line is the typed amount; the op validates', async () => {
    const db = await freshDb();
    const weighed = weighedLinePrice(bananas.price, 750);
    const total = weighed + 2 * 300 + tea.price;
    const result = await harness.call<{ ok: true; sale: SaleRecord } | { ok: false; error: string }>('createSale', db, {
      lines: [
        { productId: bananas.id, lineKey: `${bananas.id}#1`, quantity: 1, grams: 750 },
        { productId: bread.id, lineKey: `${bread.id}#2`, quantity: 2, openPrice: 300 },
        { productId: tea.id, quantity: 1 },
      ],
      payments: [cashPayment(total)],
      cashierId: manager.id,
      device,
    });
    if (!result.ok) throw new Error(result.error);
    expect(result.sale.lines.map((line) => [line.productId, line.quantity, line.unitPrice, line.total, line.measure])).toEqual([
      [bananas.id, 1, 900, 900, { grams: 750, pricePerKg: 1200 }],
      [bread.id, 2, 300, 600, undefined],
      [tea.id, 1, 1500, 1500, undefined],
    ]);
    expect(result.sale.total).toBe(total);
    const state = await dump(db);
    expect(validateOp(state.outbox[0]!.op)).toMatchObject({ ok: true });
    expect(state.saleLines.find((line) => line.productId === bananas.id)?.measure).toEqual({ grams: 750, pricePerKg: 1200 });
  });

  it('refuses a weighed line of more than one unit or no weight, before anything is written', async () => {
    const db = await freshDb();
    for (const line of [
      { productId: bananas.id, quantity: 2, grams: 500 },
      { productId: bananas.id, quantity: 1, grams: 0 },
    ]) {
      const result = await harness.call<{ ok: boolean; error?: string }>('createSale', db, { lines: [line], payments: [cashPayment(1200)], cashierId: manager.id, device });
      expect(result).toMatchObject({ ok: false, error: expect.stringContaining('weighed line') as string });
    }
    expect((await dump(db)).outbox).toEqual([]);
  });
});
