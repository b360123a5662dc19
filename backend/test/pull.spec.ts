import { DEFAULT_RETENTION_DAYS, INITIAL_CURSOR, retentionCutoffDay, type Change, type PullResponse } from '@seri/shared';
import { ChangeFeedService } from '../src/sync/change-feed.service';
import { DEMO_PRODUCTS } from '../src/seed/demo-catalog';
import { createShop } from './support/database';
import { startTestBackend, type TestBackend } from './support/test-backend';
import { TestTerminal } from './support/terminal';

function allChanges(pages: PullResponse[]): Change[] {
  return pages.flatMap((page) => page.changes);
}

describe('GET /api/sync/pull', () => {
  let backend: TestBackend;
  let terminal: TestTerminal;

  beforeAll(async () => {
    backend = await startTestBackend();
    terminal = await TestTerminal.enroll(backend, backend.demo!.enrollmentCode, backend.demo!.cashiers[0]!.id);
  }, 120_000);

  afterAll(async () => {
    await backend?.stop();
  }, 60_000);

  it('[I3] a fresh terminal downloads the shop, its people, the catalogue and the opening stock', async () => {
    const { pages } = await terminal.pullAll(INITIAL_CURSOR);
    const changes = allChanges(pages);
    const count = (entity: Change['entity']) => changes.filter((change) => change.entity === entity).length;

    expect(count('shop')).toBe(1);
    // The manager, two cashiers and the demo ADMIN.
    expect(count('user')).toBe(4);
    expect(count('product')).toBe(DEMO_PRODUCTS.length);
    // The opening movements are dated before the retention window: the levels carry them (I12, I4).
    expect(count('stock_movement')).toBe(0);
    expect(count('stock_level')).toBe(DEMO_PRODUCTS.length);
    const rice = changes.find((change) => change.entity === 'product' && change.entityId === DEMO_PRODUCTS[0]!.id);
    expect(rice).toMatchObject({ op: 'upsert', data: { sku: DEMO_PRODUCTS[0]!.sku, barcode: DEMO_PRODUCTS[0]!.barcode, price: DEMO_PRODUCTS[0]!.price } });
    // Users travel without secrets; their PIN hashes come aside, for main only.
    const user = changes.find((change) => change.entity === 'user');
    expect(user?.op === 'upsert' && Object.keys(user.data).sort()).toEqual(['active', 'id', 'name', 'role', 'shopId']);
    const credentials = pages.flatMap((page) => page.credentials);
    expect(credentials).toHaveLength(4);
    expect(credentials.every((credential) => credential.pinHash?.startsWith('$2'))).toBe(true);
  });

  it('[I3] pages through everything with hasMore, never splitting one transaction across pages', async () => {
    // Several sales, each its own transaction with a sale (its 2 movements inside) and 2 levels.
    for (let index = 0; index < 6; index += 1) {
      await terminal.pushOk([terminal.sale([{ product: DEMO_PRODUCTS[10 + index]!, quantity: 1 }, { product: DEMO_PRODUCTS[20]!, quantity: 1 }])]);
    }
    const { cursor: afterSeed } = await terminal.pullAll(INITIAL_CURSOR);
    const everything = allChanges((await terminal.pullAll(INITIAL_CURSOR, 2_000)).pages);

    const small = await terminal.pullAll(INITIAL_CURSOR, 2);

    expect(small.pages.length).toBeGreaterThan(6);
    expect(small.pages.slice(0, -1).every((page) => page.hasMore)).toBe(true);
    expect(small.pages.at(-1)?.hasMore).toBe(false);
    expect(small.cursor).toBe(afterSeed);
    expect(allChanges(small.pages)).toEqual(everything);
    // Each sale page holds the whole transaction: the sale, both movements it carries, and the levels
    // no later sale superseded (product 20's level comes with the last sale only: compacted).
    const salePages = small.pages.filter((page) => page.changes.some((change) => change.entity === 'sale'));
    expect(salePages).toHaveLength(6);
    for (const [index, page] of salePages.entries()) {
      const levels = index === salePages.length - 1 ? ['stock_level', 'stock_level'] : ['stock_level'];
      expect(page.changes.map((change) => change.entity).sort()).toEqual(['sale', ...levels, 'stock_movement', 'stock_movement']);
      // `rows` counts feed rows, the unit of `remaining`: the movements came inside the sale's.
      expect(page.rows).toBe(page.changes.length - 2);
    }
    // A pull at the end returns nothing new and keeps the cursor.
    const idle = await terminal.pull(small.cursor);
    expect(idle.body).toMatchObject({ changes: [], hasMore: false, cursor: small.cursor });
  });

  it('[I3] a sale brings the SALE movements the server stored, also to a terminal that pulls after the sale was voided', async () => {
    const manager = backend.demo!.manager.id;
    const sale = terminal.sale([
      { product: DEMO_PRODUCTS[30]!, quantity: 2 },
      { product: DEMO_PRODUCTS[31]!, quantity: 1 },
    ]);
    const { cursor: before } = await terminal.pullAll(INITIAL_CURSOR, 2_000);
    await terminal.pushOk([sale]);
    const afterSale = allChanges((await terminal.pullAll(before)).pages);
    await terminal.pushOk([terminal.voidSale(sale, manager)]);
    // A fresh terminal: the sale row it gets is the voided one; the SALE movements still come with it.
    const fresh = allChanges((await terminal.pullAll(INITIAL_CURSOR, 2_000)).pages);

    const stored = await backend.dataSource.query<Record<string, unknown>[]>(
      `SELECT id, shop_id AS "shopId", product_id AS "productId", type, quantity, sale_id AS "saleId", device_id AS "deviceId",
              user_id AS "userId", note, to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "createdAt"
         FROM stock_movements WHERE sale_id = $1 ORDER BY type, quantity`,
      [sale.payload.id],
    );
    const movementsOf = (changes: Change[], type: string) =>
      changes
        .filter((change) => change.entity === 'stock_movement' && change.op === 'upsert' && change.data.saleId === sale.payload.id && change.data.type === type)
        .map((change) => (change.op === 'upsert' ? change.data : null));
    const storedOf = (type: string) => stored.filter((row) => row['type'] === type);
    expect(storedOf('SALE')).toHaveLength(2);
    expect(storedOf('VOID')).toHaveLength(2);
    expect(movementsOf(afterSale, 'SALE')).toEqual(expect.arrayContaining(storedOf('SALE')));
    expect(movementsOf(afterSale, 'SALE')).toHaveLength(2);
    expect(movementsOf(fresh, 'SALE')).toEqual(expect.arrayContaining(storedOf('SALE')));
    expect(movementsOf(fresh, 'VOID')).toEqual(expect.arrayContaining(storedOf('VOID')));
    expect(fresh.find((change) => change.entity === 'sale' && change.entityId === sale.payload.id)).toMatchObject({ data: { status: 'VOIDED' } });
  });

  it('[I3] out-of-order commit: delivers a transaction that commits after a later one, skipping nothing', async () => {
    const shopId = terminal.shopId;
    const { cursor: start } = await terminal.pullAll(INITIAL_CURSOR, 2_000);
    const feed = backend.app.get(ChangeFeedService);
    const a = backend.dataSource.createQueryRunner();
    const b = backend.dataSource.createQueryRunner();
    await a.connect();
    await b.connect();
    try {
      await a.startTransaction();
      await feed.append(a.manager, shopId, [{ entity: 'expense', entityId: '0190e6a0-0000-7000-8000-00000000000a', op: 'delete' }]);
      await b.startTransaction();
      await feed.append(b.manager, shopId, [{ entity: 'expense', entityId: '0190e6a0-0000-7000-8000-00000000000b', op: 'delete' }]);
      await b.commitTransaction();

      // B is committed but A (older) is still open: B waits behind the horizon.
      const whileOpen = (await terminal.pull(start)).body as PullResponse;
      expect(whileOpen.changes).toEqual([]);
      expect(whileOpen.cursor).toBe(start);

      await a.commitTransaction();
      const afterCommit = await terminal.pullAll(whileOpen.cursor);
      expect(allChanges(afterCommit.pages).map((change) => change.entityId)).toEqual([
        '0190e6a0-0000-7000-8000-00000000000a',
        '0190e6a0-0000-7000-8000-00000000000b',
      ]);
    } finally {
      if (a.isTransactionActive) await a.rollbackTransaction();
      if (b.isTransactionActive) await b.rollbackTransaction();
      await a.release();
      await b.release();
    }
  });

  it('[I3] a page walks the feed in index order and leaves the planner as it found it for the rest of the pull', async () => {
    const feed = backend.app.get(ChangeFeedService);
    const everything = allChanges((await terminal.pullAll(INITIAL_CURSOR, 2_000)).pages);
    await backend.dataSource.transaction('REPEATABLE READ', async (manager) => {
      const { rows } = await feed.page(manager, terminal.shopId, { txid: '0', seq: '0' }, 5, retentionCutoffDay(Date.now(), DEFAULT_RETENTION_DAYS));
      // The page is the head of the feed in (txid, seq) order, as the full pull has it.
      expect(rows.map((row) => row.entity_id)).toEqual(everything.slice(0, rows.length).map((change) => change.entityId));
      const [setting] = await manager.query<Array<{ enable_sort: string }>>('SHOW enable_sort');
      expect(setting?.enable_sort).toBe('on');
    });
  });

  it("[I9] a terminal sees only its own shop's changes", async () => {
    const other = await createShop(backend, 'Librairie Sow');
    const otherTerminal = await TestTerminal.enroll(backend, other.code, other.users.CASHIER);
    await otherTerminal.pushOk([otherTerminal.expenseCreate({ note: 'Papeterie' })]);

    const theirs = allChanges((await otherTerminal.pullAll(INITIAL_CURSOR)).pages);
    const ours = allChanges((await terminal.pullAll(INITIAL_CURSOR, 2_000)).pages);

    expect(theirs.map((change) => change.entity)).toEqual(['expense']);
    expect(ours.some((change) => change.op === 'upsert' && 'shopId' in change.data && change.data.shopId === other.shopId)).toBe(false);
  });

  it.each([
    ['not a cursor', { cursor: 'yesterday' }, 'cursor'],
    ['a negative position', { cursor: '-1:5' }, 'cursor'],
    ['a limit of zero', { cursor: '0', limit: '0' }, 'limit'],
    ['a limit that is not a number', { cursor: '0', limit: 'many' }, 'limit'],
    ['an unknown parameter', { cursor: '0', since: '2024' }, 'since'],
  ])('answers 400 to %s', async (_name, query, field) => {
    const response = await terminal.pull(query.cursor).query(query);
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
    expect((response.body as { message: string }).message).toContain(field);
  });
});
