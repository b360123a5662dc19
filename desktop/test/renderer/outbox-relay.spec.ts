import { uuidv7, type SaleRecord } from '@seri/shared';
import { DexiePage } from './support/dexie-page';
import { cashPayment, level, makeDevice, makeProduct, makeUser } from './support/factories';

interface OutboxRow {
  seq: number;
  opId: string;
  state: 'new' | 'handed';
  entityId: string;
  rejection?: { code: string; reason: string };
}
interface RelayResult {
  handed: number;
  error: string | null;
  calls: string[][];
}
type SaleResult = { ok: true; sale: SaleRecord } | { ok: false; error: string };

describe('outbox relay against a fake main, real IndexedDB (Chromium)', () => {
  let harness: DexiePage;
  let dbCount = 0;
  const device = makeDevice();
  const cashier = makeUser(device.shopId);
  const soap = makeProduct(device.shopId, { price: 500 });

  beforeAll(async () => {
    harness = await DexiePage.open();
  });

  afterAll(async () => {
    await harness.close();
  });

  async function dbWithSales(count: number): Promise<string> {
    dbCount += 1;
    const db = `relay-${dbCount}`;
    await harness.call('seed', db, { products: [soap], stockLevels: [level(soap, 100)], stock: [{ productId: soap.id, quantity: 100 }] });
    for (let index = 0; index < count; index += 1) {
      const result = await harness.call<SaleResult>('createSale', db, {
        lines: [{ productId: soap.id, quantity: 1 }],
        payments: [cashPayment(500)],
        cashierId: cashier.id,
        device,
      });
      expect(result.ok).toBe(true);
    }
    return db;
  }

  const outbox = (db: string) => harness.call<OutboxRow[]>('outbox', db);
  const relay = (db: string, behaviour: object, batchSize?: number) => harness.call<RelayResult>('relay', db, behaviour, batchSize);

  it('[I1] the outbox relay marks rows handed only when main accepted them', async () => {
    const db = await dbWithSales(3);
    const rows = await outbox(db);
    const opIds = rows.map((row) => row.opId);

    for (const behaviour of [{ kind: 'fail', code: 'OFFLINE' }, { kind: 'fail', code: 'INTERNAL' }, { kind: 'throw' }]) {
      const result = await relay(db, behaviour);
      expect(result.handed).toBe(0);
      expect(result.error).not.toBeNull();
      expect(result.calls).toEqual([opIds]);
      expect((await outbox(db)).map((row) => row.state)).toEqual(['new', 'new', 'new']);
    }

    const partial = await relay(db, { kind: 'accept-first', count: 1 });
    expect(partial.handed).toBe(1);
    expect((await outbox(db)).map((row) => row.state)).toEqual(['handed', 'new', 'new']);

    // The next run sends only what is still 'new', oldest first.
    const rest = await relay(db, { kind: 'accept-all' });
    expect(rest).toEqual({ handed: 2, error: null, calls: [opIds.slice(1)] });
    expect((await outbox(db)).map((row) => row.state)).toEqual(['handed', 'handed', 'handed']);

    // Nothing left: no call at all.
    expect(await relay(db, { kind: 'accept-all' })).toEqual({ handed: 0, error: null, calls: [] });
  });

  it('hands ops over in batches of at most 100, in the order they were made', async () => {
    dbCount += 1;
    const db = `relay-${dbCount}`;
    const rows = Array.from({ length: 230 }, () => {
      const opId = uuidv7();
      const entityId = uuidv7();
      return { opId, state: 'new', entity: 'expense', kind: 'delete', entityId, createdAt: '2025-06-01T10:00:00.000Z', op: { opId } };
    });
    await harness.call('seed', db, { outbox: rows });
    const result = await relay(db, { kind: 'accept-all' }, 500);
    expect(result.calls.map((call) => call.length)).toEqual([100, 100, 30]);
    expect(result.calls.flat()).toEqual(rows.map((row) => row.opId));
    expect(result.handed).toBe(230);
  });

  it('[I7] an op main refuses as malformed is set aside, kept, and does not hold back the others', async () => {
    const db = await dbWithSales(3);
    const rows = await outbox(db);
    const poison = rows[1]!;
    const result = await relay(db, { kind: 'refuse-op', opId: poison.opId });
    expect(result.handed).toBe(2);
    const after = await outbox(db);
    expect(after.map((row) => row.state)).toEqual(['handed', 'new', 'handed']);
    expect(after[1]?.rejection).toMatchObject({ code: 'VALIDATION' });
    const sales = (await harness.call<{ sales: Array<{ id: string; syncState: string }> }>('dump', db)).sales;
    expect(sales.find((sale) => sale.id === poison.entityId)?.syncState).toBe('rejected');
    // Set aside: later runs do not resend it.
    expect((await relay(db, { kind: 'accept-all' })).calls).toEqual([]);
  });
});
