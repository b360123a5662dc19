import { DexiePage } from './support/dexie-page';

interface Schema {
  version: number;
  tables: Array<{ name: string; primKey: string; indexes: string[] }>;
}

describe('SeriDb schema on a fresh IndexedDB (Chromium)', () => {
  let harness: DexiePage;

  beforeAll(async () => {
    harness = await DexiePage.open();
  });

  afterAll(async () => {
    await harness.close();
  });

  it('opens at the latest version with every table and index the renderer queries', async () => {
    const schema = await harness.call<Schema>('schema', 'schema-fresh');
    expect(schema.version).toBe(6);
    const byName = Object.fromEntries(schema.tables.map((table) => [table.name, table]));
    expect(Object.keys(byName).sort()).toEqual(
      ['cashSessions', 'expenses', 'meta', 'outbox', 'parkedCarts', 'products', 'quickKeys', 'refunds', 'saleLines', 'sales', 'stock', 'stockLevels', 'stockMovements', 'taxRates', 'users'].sort(),
    );
    expect(byName.outbox).toMatchObject({ primKey: '++seq' });
    expect(byName.outbox?.indexes).toEqual(expect.arrayContaining(['&opId', 'state', 'entityId']));
    expect(byName.products?.indexes).toEqual(expect.arrayContaining(['barcode', 'sku', 'name']));
    expect(byName.stockMovements?.indexes).toEqual(expect.arrayContaining(['pending', '[productId+pending]']));
    expect(byName.refunds?.indexes).toEqual(expect.arrayContaining(['saleId', 'createdAt', 'sessionId']));
    // A session's X and Z reports read its sales and refunds by session (version 4, issue #11).
    expect(byName.sales?.indexes).toEqual(expect.arrayContaining(['createdAt', 'number', 'syncState', 'sessionId']));
    expect(byName.cashSessions?.indexes).toEqual(expect.arrayContaining(['deviceId', 'status']));
    // Tax rates (version 5, issue #11 part 2), by shop.
    expect(byName.taxRates).toMatchObject({ primKey: 'id', indexes: ['shopId'] });
    // The shop's quick-key layout, one row per shop (version 6, issue #15).
    expect(byName.quickKeys).toMatchObject({ primKey: 'shopId' });
    // PIN hashes are never stored here: users are indexed by role only.
    expect(byName.users?.indexes).toEqual(['role']);
    expect(harness.errors).toEqual([]);
  });

  it('[I1] upgrades a version 1 database to the latest version without touching queued ops', async () => {
    const result = await harness.call<{ version: number; outbox: Array<{ opId: string; state: string }>; refunds: number }>('upgradeFromV1', 'schema-upgrade');
    expect(result.version).toBe(6);
    expect(result.outbox).toEqual([{ opId: '01900000-0000-7000-8000-000000000001', state: 'new' }]);
    expect(result.refunds).toBe(0);
    expect(harness.errors).toEqual([]);
  });
});
