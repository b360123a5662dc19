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
    expect(schema.version).toBe(1);
    const byName = Object.fromEntries(schema.tables.map((table) => [table.name, table]));
    expect(Object.keys(byName).sort()).toEqual(
      ['expenses', 'meta', 'outbox', 'products', 'saleLines', 'sales', 'stock', 'stockLevels', 'stockMovements', 'users'].sort(),
    );
    expect(byName.outbox).toMatchObject({ primKey: '++seq' });
    expect(byName.outbox?.indexes).toEqual(expect.arrayContaining(['&opId', 'state', 'entityId']));
    expect(byName.products?.indexes).toEqual(expect.arrayContaining(['barcode', 'sku', 'name']));
    expect(byName.stockMovements?.indexes).toEqual(expect.arrayContaining(['pending', '[productId+pending]']));
    // PIN hashes are never stored here: users are indexed by role only.
    expect(byName.users?.indexes).toEqual(['role']);
    expect(harness.errors).toEqual([]);
  });
});
