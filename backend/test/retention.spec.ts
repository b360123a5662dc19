import { encodeHlc, INITIAL_CURSOR, uuidv7, type Change, type PullResponse } from '@seri/shared';
import request from 'supertest';
import { DEMO_PRODUCTS } from '../src/seed/demo-catalog';
import { ChangeFeedService } from '../src/sync/change-feed.service';
import { FeedCompactionService } from '../src/sync/feed-compaction.service';
import { BackgroundJobs } from '../src/telemetry/background-jobs';
import { DEFAULT_RETENTION_OPTIONS, RETENTION_OPTIONS, type RetentionOptions } from '../src/sync/retention-options';
import { login, shopPath, createShopWithLogins, type PeopleShop } from './admin/support/admin-api';
import { stockLevel } from './support/database';
import { startTestBackend, type TestBackend } from './support/test-backend';
import { TestTerminal, type LineSpec } from './support/terminal';

const DAY_MS = 24 * 60 * 60 * 1000;

function daysAgo(days: number): string {
  return new Date(Date.now() - days * DAY_MS).toISOString();
}

function allChanges(pages: PullResponse[]): Change[] {
  return pages.flatMap((page) => page.changes);
}

/** A terminal's view after applying changes in order: the last change of each record wins. */
function stateOf(changes: readonly Change[]): Map<string, unknown> {
  const state = new Map<string, unknown>();
  for (const change of changes) {
    const key = `${change.entity}:${change.entityId}`;
    if (change.op === 'delete') state.set(key, null);
    else state.set(key, change.data);
  }
  return state;
}

async function countFeed(backend: TestBackend, shopId: string): Promise<number> {
  const [row] = await backend.dataSource.query<Array<{ n: string }>>('SELECT count(*)::text AS n FROM changes WHERE shop_id = $1', [shopId]);
  return Number(row?.n ?? 0);
}

async function report(terminal: TestTerminal, cursor: string): Promise<void> {
  const response = await request(terminal.backend.url).post('/api/devices/report').set('Authorization', `Bearer ${terminal.token}`).send({ cursor, pending: 0 });
  expect(response.status).toBe(204);
}

describe('growth is bounded (I12)', () => {
  let backend: TestBackend;
  let shop: PeopleShop;
  let till: TestTerminal;
  const products: Array<LineSpec['product']> = [];

  beforeAll(async () => {
    backend = await startTestBackend();
    shop = await createShopWithLogins(backend, 'Quincaillerie Ndiaye');
    till = await TestTerminal.enroll(backend, shop.code, shop.users.CASHIER.id);
    const admin = await login(backend, shop.users.ADMIN.email);
    for (const product of DEMO_PRODUCTS.slice(0, 4)) {
      products.push(await admin.ok<LineSpec['product']>(admin.post(shopPath(shop.shopId, '/products'), { sku: product.sku, name: product.name, price: product.price, openingStock: 100 }), 201));
    }
  }, 120_000);

  afterAll(async () => {
    await backend?.stop();
  }, 60_000);

  it('[I12] a fresh terminal downloads the catalogue, stock as levels and the window, not the older history', async () => {
    const old = till.sale([{ product: products[0]!, quantity: 2 }], { createdAt: daysAgo(200) });
    const oldExpense = till.expenseCreate({ date: daysAgo(150).slice(0, 10), note: 'Loyer de mars' });
    const recent = till.sale([{ product: products[0]!, quantity: 1 }], { createdAt: daysAgo(3) });
    await till.pushOk([old, oldExpense, recent]);

    const fresh = await TestTerminal.enroll(backend, shop.code, shop.users.CASHIER.id);
    const changes = allChanges((await fresh.pullAll(INITIAL_CURSOR)).pages);
    const ids = new Set(changes.map((change) => change.entityId));
    expect(ids.has(recent.payload.id)).toBe(true);
    expect(ids.has(recent.payload.lines[0]!.movementId)).toBe(true);
    expect(ids.has(old.payload.id)).toBe(false);
    expect(ids.has(old.payload.lines[0]!.movementId)).toBe(false);
    expect(ids.has(oldExpense.payload.id)).toBe(false);
    // The level still counts the old sale (I4): it travels as a level, not as movements.
    const level = changes.filter((change) => change.entity === 'stock_level' && change.entityId === products[0]!.id).at(-1);
    expect(level).toMatchObject({ op: 'upsert', data: { quantity: 97 } });
    expect(await stockLevel(backend.dataSource, products[0]!.id)).toBe(97);
  });

  it('[I12][I3] a bootstrap under concurrent pushes and an out-of-order commit skips nothing and doubles nothing', async () => {
    const other = await TestTerminal.enroll(backend, shop.code, shop.users.CASHIER.id);
    const fresh = await TestTerminal.enroll(backend, shop.code, shop.users.CASHIER.id);
    const pushed: string[] = [];
    for (let index = 0; index < 5; index += 1) {
      const sale = other.sale([{ product: products[index % products.length]!, quantity: 1 }]);
      await other.pushOk([sale]);
      pushed.push(sale.payload.id);
    }
    const feed = backend.app.get(ChangeFeedService);
    const held = backend.dataSource.createQueryRunner();
    await held.connect();
    const lateId = uuidv7();
    const pages: PullResponse[] = [];
    try {
      // A transaction opened before the download and committed in its middle.
      await held.startTransaction();
      await feed.append(held.manager, shop.shopId, [{ entity: 'expense', entityId: lateId, op: 'delete' }]);
      let cursor = INITIAL_CURSOR;
      for (let round = 0; round < 200; round += 1) {
        const page = (await fresh.pull(cursor, 3)).body as PullResponse;
        pages.push(page);
        cursor = page.cursor;
        if (round < 6) {
          const sale = other.sale([{ product: products[round % products.length]!, quantity: 1 }]);
          await other.pushOk([sale]);
          pushed.push(sale.payload.id);
        }
        if (round === 3) await held.commitTransaction();
        if (!page.hasMore && round >= 6) break;
      }
    } finally {
      if (held.isTransactionActive) await held.rollbackTransaction();
      await held.release();
    }
    const changes = allChanges(pages);
    const saleIds = changes.filter((change) => change.entity === 'sale').map((change) => change.entityId);
    for (const id of pushed) expect(saleIds.filter((saleId) => saleId === id)).toHaveLength(1);
    expect(changes.some((change) => change.entityId === lateId)).toBe(true);
    // The terminal's levels are the server's.
    const state = stateOf(changes);
    for (const product of products) {
      expect(state.get(`stock_level:${product.id}`)).toMatchObject({ quantity: await stockLevel(backend.dataSource, product.id) });
    }
  });

  it('[I12][I3] the two-pass bootstrap (state, then history up to where it ended, then the feed) gets what one walk gets, under concurrent pushes', async () => {
    const other = await TestTerminal.enroll(backend, shop.code, shop.users.CASHIER.id);
    const fresh = await TestTerminal.enroll(backend, shop.code, shop.users.CASHIER.id);
    const scoped = async (cursor: string, query: Record<string, string>): Promise<PullResponse> => {
      const response = await request(backend.url).get('/api/sync/pull').query({ cursor, limit: '3', ...query }).set('Authorization', `Bearer ${fresh.token}`);
      expect(response.status).toBe(200);
      return response.body as PullResponse;
    };
    const pushed: string[] = [];
    const sell = async (index: number): Promise<void> => {
      const sale = other.sale([{ product: products[index % products.length]!, quantity: 1 }]);
      await other.pushOk([sale]);
      pushed.push(sale.payload.id);
    };
    const changes: Change[] = [];
    let cursor = INITIAL_CURSOR;
    for (let round = 0; ; round += 1) {
      const page = await scoped(cursor, { scope: 'state' });
      expect(page.changes.every((change) => !['sale', 'stock_movement', 'expense'].includes(change.entity))).toBe(true);
      changes.push(...page.changes);
      cursor = page.cursor;
      if (round < 3) await sell(round);
      if (!page.hasMore) break;
    }
    const until = cursor;
    let history = INITIAL_CURSOR;
    for (let round = 0; ; round += 1) {
      const page = await scoped(history, { scope: 'history', until });
      expect(page.changes.every((change) => ['sale', 'stock_movement', 'expense'].includes(change.entity))).toBe(true);
      changes.push(...page.changes);
      history = page.cursor;
      if (round < 2) await sell(10 + round);
      if (!page.hasMore) break;
    }
    changes.push(...allChanges((await fresh.pullAll(until)).pages));
    const saleIds = changes.filter((change) => change.entity === 'sale').map((change) => change.entityId);
    for (const id of pushed) expect(saleIds.filter((saleId) => saleId === id)).toHaveLength(1);
    const mine = stateOf(changes);
    const oneWalk = stateOf(allChanges((await fresh.pullAll(INITIAL_CURSOR)).pages));
    expect(new Map([...mine].filter(([key]) => !key.startsWith('stock_movement')))).toEqual(new Map([...oneWalk].filter(([key]) => !key.startsWith('stock_movement'))));
  });

  it('[bad-input] scope and until: an unknown scope, until without history, history without until, a malformed until are refused', async () => {
    const ask = (query: Record<string, string>) => request(backend.url).get('/api/sync/pull').query({ cursor: '0', ...query }).set('Authorization', `Bearer ${till.token}`);
    for (const [query, field] of [
      [{ scope: 'everything' }, 'scope'],
      [{ scope: 'state', until: '5:5' }, 'until'],
      [{ scope: 'history' }, 'until'],
      [{ scope: 'history', until: 'yesterday' }, 'until'],
    ] as const) {
      const response = await ask(query);
      expect([response.status, JSON.stringify(response.body)]).toEqual([400, expect.stringContaining(field)]);
    }
  });

  it('[I12][I8] compaction deletes superseded and out-of-window rows; a device offline past it still converges', async () => {
    const lagging = await TestTerminal.enroll(backend, shop.code, shop.users.CASHIER.id);
    const before = await lagging.pullAll(INITIAL_CURSOR);
    // The lagging terminal goes offline; the shop goes on.
    for (let index = 0; index < 4; index += 1) {
      await till.pushOk([till.productUpdate({ id: products[1]!.id, price: 1000 + index })]);
      await till.pushOk([till.sale([{ product: products[1]!, quantity: 1 }, { product: products[2]!, quantity: 2 }])]);
    }
    await till.pushOk([till.sale([{ product: products[2]!, quantity: 1 }], { createdAt: daysAgo(120) })]);
    const rowsBefore = await countFeed(backend, shop.shopId);

    const compacted = await backend.app.get(FeedCompactionService).compact();
    expect(compacted.feedRows).toBeGreaterThan(0);
    const rowsAfter = await countFeed(backend, shop.shopId);
    // Three superseded product rows, the superseded levels and the 120-day-old sale were history.
    expect(rowsBefore - rowsAfter).toBeGreaterThanOrEqual(3 + 3 * 2 + 1);

    // Back online: its pulls from the old cursor, applied on top of what it had, equal a fresh download.
    const caughtUp = await lagging.pullAll(before.cursor);
    const mine = stateOf([...allChanges(before.pages), ...allChanges(caughtUp.pages)]);
    const fresh = await TestTerminal.enroll(backend, shop.code, shop.users.CASHIER.id);
    const theirs = stateOf(allChanges((await fresh.pullAll(INITIAL_CURSOR)).pages));
    for (const [key, value] of theirs) expect([key, mine.get(key)]).toEqual([key, value]);
    expect(mine.get(`product:${products[1]!.id}`)).toMatchObject({ price: 1003 });
    for (const product of products) {
      expect(mine.get(`stock_level:${product.id}`)).toMatchObject({ quantity: await stockLevel(backend.dataSource, product.id) });
    }
    // A second pass finds nothing more: each record's latest row is kept.
    expect((await backend.app.get(FeedCompactionService).compact()).feedRows).toBe(0);
  });

  it('[I12] compaction never goes past the cursor of an active terminal', async () => {
    const lagging = await TestTerminal.enroll(backend, shop.code, shop.users.CASHIER.id);
    const { cursor } = await lagging.pullAll(INITIAL_CURSOR);
    await report(lagging, cursor);
    for (let index = 0; index < 3; index += 1) await till.pushOk([till.productUpdate({ id: products[3]!.id, price: 2000 + index })]);
    const rows = await countFeed(backend, shop.shopId);
    expect((await backend.app.get(FeedCompactionService).compact()).feedRows).toBe(0);
    expect(await countFeed(backend, shop.shopId)).toBe(rows);
    // Once the terminal counts as gone (not seen for longer than the setting), it no longer holds it back.
    const options: RetentionOptions = { ...DEFAULT_RETENTION_OPTIONS, activeDeviceDays: -1, compactionIntervalMs: 0 };
    const job = new FeedCompactionService(backend.dataSource, options, backend.app.get(BackgroundJobs));
    // The product's create row and its first two edits; the latest edit stays.
    expect((await job.compact()).feedRows).toBe(3);
    const caughtUp = allChanges((await lagging.pullAll(cursor)).pages);
    expect(caughtUp.filter((change) => change.entity === 'product')).toEqual([expect.objectContaining({ data: expect.objectContaining({ price: 2002 }) as object })]);
    await report(lagging, (await lagging.pullAll(cursor)).cursor);
  });

  it('[I12] an op older than the idempotency horizon is rejected STALE_OP, kept for a manager, and changes nothing', async () => {
    const stamp = encodeHlc({ ms: Date.now() - 401 * DAY_MS, counter: 0, node: till.deviceId });
    const sale = till.op('sale', 'create', uuidv7(), { ...till.sale([{ product: products[0]!, quantity: 1 }]).payload, createdAt: daysAgo(401) }, stamp);
    const staleSale = { ...sale, entityId: sale.payload.id };
    const expense = till.op('expense', 'create', uuidv7(), { ...till.expenseCreate().payload, date: daysAgo(401).slice(0, 10) }, stamp);
    const staleExpense = { ...expense, entityId: expense.payload.id, payload: { ...expense.payload, id: expense.payload.id } };
    const levelBefore = await stockLevel(backend.dataSource, products[0]!.id);

    for (let attempt = 0; attempt < 2; attempt += 1) {
      const { results } = await till.pushOk([staleSale, staleExpense]);
      expect(results).toEqual([
        expect.objectContaining({ opId: staleSale.opId, status: 'rejected', code: 'STALE_OP' }),
        expect.objectContaining({ opId: staleExpense.opId, status: 'rejected', code: 'STALE_OP' }),
      ]);
    }
    expect(await stockLevel(backend.dataSource, products[0]!.id)).toBe(levelBefore);
    const sales = await backend.dataSource.query<unknown[]>('SELECT id FROM sales WHERE id = $1', [staleSale.payload.id]);
    expect(sales).toEqual([]);
    const kept = await backend.dataSource.query<Array<{ op_id: string; code: string }>>('SELECT op_id, code FROM rejected_ops WHERE op_id = ANY($1::uuid[])', [
      [staleSale.opId, staleExpense.opId],
    ]);
    expect(kept.map((row) => row.code)).toEqual(['STALE_OP', 'STALE_OP']);
  });

  it('[I12][I2] idempotency records go after the horizon, and a replay of such an op is STALE_OP, never applied twice', async () => {
    const created = till.expenseCreate();
    const op = { ...created, hlc: encodeHlc({ ms: Date.now() - 10 * DAY_MS, counter: 0, node: till.deviceId }) };
    expect((await till.pushOk([op])).results).toEqual([{ opId: op.opId, status: 'applied' }]);
    // Time passes: the horizon is now 5 days, and the op was recorded 10 days ago.
    const options = backend.app.get<RetentionOptions>(RETENTION_OPTIONS);
    const saved = { ...options };
    try {
      Object.assign(options, { idempotencyHorizonDays: 5, processedOpsMarginMs: 0 });
      await backend.dataSource.query(`UPDATE processed_ops SET created_at = now() - interval '10 days' WHERE op_id = $1`, [op.opId]);
      const job = new FeedCompactionService(backend.dataSource, options, backend.app.get(BackgroundJobs));
      expect((await job.compact()).processedOps).toBeGreaterThanOrEqual(1);
      expect(await backend.dataSource.query('SELECT 1 FROM processed_ops WHERE op_id = $1', [op.opId])).toEqual([]);

      const { results } = await till.pushOk([op]);
      expect(results).toEqual([expect.objectContaining({ opId: op.opId, status: 'rejected', code: 'STALE_OP' })]);
      const [count] = await backend.dataSource.query<Array<{ n: string }>>('SELECT count(*)::text AS n FROM expenses WHERE id = $1', [created.payload.id]);
      expect(count?.n).toBe('1');
    } finally {
      Object.assign(options, saved);
    }
  });

  it('[I12][I2] a sale op past the horizon keeps its claim on the sale row: its replay is a duplicate, never applied twice', async () => {
    const sale = till.sale([{ product: products[0]!, quantity: 1 }], { createdAt: daysAgo(10) });
    const op = { ...sale, hlc: encodeHlc({ ms: Date.now() - 10 * DAY_MS, counter: 0, node: till.deviceId }) };
    expect((await till.pushOk([op])).results).toEqual([{ opId: op.opId, status: 'applied' }]);
    const level = await stockLevel(backend.dataSource, products[0]!.id);
    const options = backend.app.get<RetentionOptions>(RETENTION_OPTIONS);
    const saved = { ...options };
    try {
      Object.assign(options, { idempotencyHorizonDays: 5, processedOpsMarginMs: 0 });
      const job = new FeedCompactionService(backend.dataSource, options, backend.app.get(BackgroundJobs));
      await job.compact();

      const { results } = await till.pushOk([op]);
      expect(results).toEqual([{ opId: op.opId, status: 'duplicate' }]);
      expect(await stockLevel(backend.dataSource, products[0]!.id)).toBe(level);
      const [count] = await backend.dataSource.query<Array<{ n: string }>>('SELECT count(*)::text AS n FROM sales WHERE id = $1', [sale.payload.id]);
      expect(count?.n).toBe('1');
    } finally {
      Object.assign(options, saved);
    }
  });

  it('[bad-input] retentionDays: a shop window out of range or not an integer is refused, naming the field, and nothing changes', async () => {
    const manager = await login(backend, shop.users.MANAGER.email);
    for (const retentionDays of [3, 5000, 90.5, '90', null, -1]) {
      const response = await manager.patch(shopPath(shop.shopId), { retentionDays });
      expect([response.status, JSON.stringify(response.body)]).toEqual([400, expect.stringContaining('retentionDays')]);
    }
    const [row] = await backend.dataSource.query<Array<{ retention_days: number | null }>>('SELECT retention_days FROM shops WHERE id = $1', [shop.shopId]);
    expect(row?.retention_days).toBeNull();
    const updated = await manager.ok<{ retentionDays?: number }>(manager.patch(shopPath(shop.shopId), { retentionDays: 30 }));
    expect(updated.retentionDays).toBe(30);
    await manager.ok(manager.patch(shopPath(shop.shopId), { retentionDays: 90 }));
  });
});
