import {
  HLC_DEFAULT_MAX_DRIFT_MS,
  INITIAL_CURSOR,
  MIN_PROTOCOL_VERSION,
  SYNC_SOCKET_PATH,
  compareHlc,
  decodeHlc,
  encodeHlc,
  uuidv7,
  type Op,
  type PullResponse,
} from '@seri/shared';
import type { INestApplication } from '@nestjs/common';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { DataSource } from 'typeorm';
import WebSocket from 'ws';
import { ConflictsService } from '../src/conflicts/conflicts.service';
import { dataSourceOptions } from '../src/database/data-source-options';
import { ChangeListener } from '../src/realtime/change-listener';
import { DEMO_PRODUCTS } from '../src/seed/demo-catalog';
import { createApp } from '../src/server';
import { StockAlertsService } from '../src/stock/stock-alerts.service';
import { DevicesService } from '../src/devices/devices.service';
import { PushService } from '../src/sync/push.service';
import { RejectedOpsService } from '../src/sync/rejected-ops.service';
import { countRows, stockLevel } from './support/database';
import { startTestBackend, type TestBackend } from './support/test-backend';
import { TestTerminal } from './support/terminal';

const DAY = 24 * 3_600_000;
const product = (index: number) => DEMO_PRODUCTS[index]!;

/** A terminal's end of the realtime socket, counting the pokes it receives. */
async function listen(baseUrl: string, token: string | null): Promise<{ pokes: () => number; next: () => Promise<void>; flush: () => Promise<void>; close: () => void }> {
  const url = `${baseUrl.replace(/^http/, 'ws')}${SYNC_SOCKET_PATH}`;
  const socket = new WebSocket(url, token ? { headers: { authorization: `Bearer ${token}` } } : {});
  let count = 0;
  let taken = 0;
  const waiters: (() => void)[] = [];
  socket.on('message', (data: Buffer) => {
    expect(JSON.parse(data.toString('utf8'))).toEqual({ type: 'poke' });
    count += 1;
    for (const waiter of waiters.splice(0)) waiter();
  });
  /** The next poke not yet taken (one that already came counts). */
  const next = (): Promise<void> => {
    if (count > taken) {
      taken += 1;
      return Promise.resolve();
    }
    return new Promise<void>((resolve) => waiters.push(resolve)).then(next);
  };
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('unexpected-response', (_request, response) => reject(new Error(`HTTP ${response.statusCode}`)));
    socket.once('error', reject);
  });
  return {
    pokes: () => count,
    next,
    /** Resolves once everything the server sent before now has arrived (a ping's pong follows it). */
    flush: () =>
      new Promise<void>((resolve) => {
        socket.once('pong', () => resolve());
        socket.ping();
      }),
    close: () => socket.terminate(),
  };
}

/** Waits for a poke after the `before`-th one (the push commits, then NOTIFY, then the coalesced poke). */
async function eventuallyPoked(socket: { pokes: () => number; next: () => Promise<void> }, before: number): Promise<void> {
  while (socket.pokes() <= before) await socket.next();
}

describe('sync guarantees (backend)', () => {
  let backend: TestBackend;
  let terminal: TestTerminal;
  let managerId: string;

  beforeAll(async () => {
    backend = await startTestBackend();
    const demo = backend.demo!;
    managerId = demo.manager.id;
    terminal = await TestTerminal.enroll(backend, demo.enrollmentCode, demo.cashiers[0]!.id);
  }, 120_000);

  afterAll(async () => {
    await backend?.stop();
  }, 60_000);

  it('[I6] clock skew: a terminal a day ahead is clamped and reported, one a day behind loses to newer writes, nothing is lost', async () => {
    const demo = backend.demo!;
    const ahead = await TestTerminal.enroll(backend, demo.enrollmentCode, demo.cashiers[0]!.id);
    const behind = await TestTerminal.enroll(backend, demo.enrollmentCode, demo.cashiers[1]!.id);
    const now = Date.now();
    const stamp = (t: TestTerminal, ms: number) => encodeHlc({ ms, counter: 0, node: t.deviceId });
    const item = product(40);

    // A day ahead: its write is taken, but at most the drift cap ahead of the server's clock.
    const fast = ahead.productUpdate({ id: item.id, price: 1_111 }, stamp(ahead, now + DAY));
    expect((await ahead.pushOk([fast])).results).toEqual([{ opId: fast.opId, status: 'applied' }]);
    const [stored] = await backend.dataSource.query<{ price: string; hlc: string }[]>('SELECT price, hlc FROM products WHERE id = $1', [item.id]);
    expect(Number(stored!.price)).toBe(1_111);
    expect(decodeHlc(stored!.hlc).ms).toBeLessThanOrEqual(Date.now() + HLC_DEFAULT_MAX_DRIFT_MS);
    expect(decodeHlc(stored!.hlc).node).toBe(ahead.deviceId);

    // A day behind: its edit of the same field is older by the hybrid clock and loses; its sale still counts.
    const slow = behind.productUpdate({ id: item.id, price: 999 }, stamp(behind, now - DAY));
    const slowSale = behind.sale([{ product: product(41), quantity: 1 }]);
    slowSale.hlc = stamp(behind, now - DAY + 1);
    const fastSale = ahead.sale([{ product: product(41), quantity: 1 }]);
    fastSale.hlc = stamp(ahead, now + DAY + 1);
    expect((await behind.pushOk([slow, slowSale])).results.map((r) => r.status)).toEqual(['applied', 'applied']);
    expect((await ahead.pushOk([fastSale])).results.map((r) => r.status)).toEqual(['applied']);
    const [after] = await backend.dataSource.query<{ price: string }[]>('SELECT price FROM products WHERE id = $1', [item.id]);
    expect(Number(after!.price)).toBe(1_111);
    const [sales] = await backend.dataSource.query<{ n: number }[]>('SELECT count(*)::int AS n FROM sales WHERE id = ANY($1::uuid[])', [
      [slowSale.payload.id, fastSale.payload.id],
    ]);
    expect(sales!.n).toBe(2);

    // Once the slow terminal hears the server's clock, its next edit is newer than everything and wins.
    const response = await behind.pushOk([]);
    behind.clock.receive(response.hlc);
    const caughtUp = behind.productUpdate({ id: item.id, price: 1_234 });
    expect(compareHlc(caughtUp.hlc, stored!.hlc)).toBeGreaterThan(0);
    await behind.pushOk([caughtUp]);
    const [last] = await backend.dataSource.query<{ price: string }[]>('SELECT price FROM products WHERE id = $1', [item.id]);
    expect(Number(last!.price)).toBe(1_234);

    // The skew is reported where managers look: the clamp, the refused value, the overwrite.
    const log = await backend.app.get(ConflictsService).list(demo.shopId, { entityId: item.id });
    // OVERWRITTEN twice: the fast terminal replaced the catalogue's price, then the caught-up one replaced it.
    expect(log.map((entry) => entry.kind).sort()).toEqual(['CLOCK_CLAMPED', 'OVERWRITTEN', 'OVERWRITTEN', 'REFUSED']);
    const clamped = log.find((entry) => entry.kind === 'CLOCK_CLAMPED')!;
    expect(clamped).toMatchObject({ losingHlc: fast.hlc, losingDevice: ahead.deviceId, opId: fast.opId });
    expect(log.find((entry) => entry.kind === 'REFUSED')).toMatchObject({
      field: 'price',
      losingValue: 999,
      winningValue: 1_111,
      losingDevice: behind.deviceId,
      winningDevice: ahead.deviceId,
    });
    expect(log.find((entry) => entry.kind === 'OVERWRITTEN' && entry.winningDevice === behind.deviceId)).toMatchObject({
      field: 'price',
      losingValue: 1_111,
      winningValue: 1_234,
      losingDevice: ahead.deviceId,
      winningDevice: behind.deviceId,
    });
    const fastSaleClamp = await backend.app.get(ConflictsService).list(demo.shopId, { entityId: fastSale.entityId, kind: 'CLOCK_CLAMPED' });
    expect(fastSaleClamp).toHaveLength(1);
  });

  it('[I6] an expense edited on two terminals keeps the newer value per field, the loser in the conflict log', async () => {
    const other = await TestTerminal.enroll(backend, backend.demo!.enrollmentCode, backend.demo!.cashiers[1]!.id);
    const expense = terminal.expenseCreate({ amount: 1_000 });
    await terminal.pushOk([expense]);
    const older = terminal.op('expense', 'update', expense.entityId, { id: expense.entityId, amount: 2_000 });
    const newer = other.op('expense', 'update', expense.entityId, { id: expense.entityId, amount: 3_000, note: 'reçu' }, encodeHlc({ ms: decodeHlc(older.hlc).ms + 10, counter: 0, node: other.deviceId }));
    await other.pushOk([newer]);
    await terminal.pushOk([older]);
    const [row] = await backend.dataSource.query<{ amount: string; note: string }[]>('SELECT amount, note FROM expenses WHERE id = $1', [expense.entityId]);
    expect([Number(row!.amount), row!.note]).toEqual([3_000, 'reçu']);
    const log = await backend.app.get(ConflictsService).list(backend.demo!.shopId, { entity: 'expense', entityId: expense.entityId });
    const entries = log.map((entry) => [entry.kind, entry.field, entry.losingValue, entry.winningValue]);
    expect(entries).toHaveLength(3);
    expect(entries).toEqual(
      expect.arrayContaining([
        ['REFUSED', 'amount', 2_000, 3_000],
        ['OVERWRITTEN', 'amount', 1_000, 3_000],
        ['OVERWRITTEN', 'note', 'Taxi pour le marché', 'reçu'],
      ]),
    );
  });

  it('[I8] concurrent pushes touching one product leave the feed\'s last stock level and product equal to the database', async () => {
    const demo = backend.demo!;
    const others = await Promise.all([0, 1, 2, 3, 4, 5].map((index) => TestTerminal.enroll(backend, demo.enrollmentCode, demo.cashiers[index % demo.cashiers.length]!.id)));
    const item = product(110);
    for (let round = 0; round < 20; round += 1) {
      await Promise.all(
        others.map((t, index) =>
          t.pushOk(index === 0 ? [t.productUpdate({ id: item.id, price: 100 + round })] : [t.sale([{ product: item, quantity: 1 }])]),
        ),
      );
    }
    const { pages } = await terminal.pullAll(INITIAL_CURSOR, 2_000);
    const changes = pages.flatMap((page) => page.changes);
    const lastLevel = changes.filter((change) => change.entity === 'stock_level' && change.entityId === item.id).at(-1);
    expect(lastLevel?.op === 'upsert' && lastLevel.entity === 'stock_level' ? lastLevel.data.quantity : null).toBe(await stockLevel(backend.dataSource, item.id));
    const lastProduct = changes.filter((change) => change.entity === 'product' && change.entityId === item.id).at(-1);
    const [row] = await backend.dataSource.query<{ price: string }[]>('SELECT price FROM products WHERE id = $1', [item.id]);
    expect(lastProduct?.op === 'upsert' && lastProduct.entity === 'product' ? lastProduct.data.price : null).toBe(Number(row!.price));
  });

  it('[I7] a rejected op is listed for the admin API; a rejected sale waits in the review queue until a manager resolves it', async () => {
    const ghost = terminal.sale([{ product: { id: uuidv7(), name: 'Fantôme', price: 300 }, quantity: 2 }]);
    const result = await terminal.pushOk([ghost]);
    expect(result.results[0]).toMatchObject({ status: 'rejected', code: 'NOT_FOUND' });
    const service = backend.app.get(RejectedOpsService);
    const listed = await service.list(terminal.shopId);
    expect(listed[0]).toMatchObject({ opId: ghost.opId, code: 'NOT_FOUND', entity: 'sale', deviceId: terminal.deviceId, op: ghost });
    const [review] = await service.listSaleReviews(terminal.shopId, { status: 'OPEN' });
    expect(review).toMatchObject({ opId: ghost.opId, saleId: ghost.payload.id, total: ghost.payload.total, status: 'OPEN' });
    // A replay finds the same rejection and records nothing twice.
    expect((await terminal.pushOk([ghost])).results[0]).toMatchObject({ status: 'rejected', code: 'NOT_FOUND' });
    expect((await service.list(terminal.shopId)).filter((row) => row.opId === ghost.opId)).toHaveLength(1);
    const resolved = await service.resolveSaleReview(terminal.shopId, review!.id, managerId, 'ressaisie après création du produit');
    expect(resolved).toMatchObject({ status: 'RESOLVED', resolvedBy: managerId });
    expect(await service.resolveSaleReview(uuidv7(), review!.id, managerId, 'autre boutique')).toBeNull();
  });

  it('[I4] an oversell is listed as a stock alert naming the sale that took the shelf below zero', async () => {
    const item = product(60);
    const level = await stockLevel(backend.dataSource, item.id);
    const sale = terminal.sale([{ product: item, quantity: level + 2 }]);
    await terminal.pushOk([sale]);
    const alerts = await backend.app.get(StockAlertsService).list(terminal.shopId, { productId: item.id, openOnly: true });
    expect(alerts).toEqual([expect.objectContaining({ kind: 'OVERSOLD', saleId: sale.payload.id, quantityAfter: -2, deviceId: terminal.deviceId })]);
  });

  describe('[I5] refunds are new ops', () => {
    function refund(sale: Op<'sale', 'create'>, quantity: number, approvedBy = managerId) {
      const line = sale.payload.lines[0]!;
      const payload = {
        id: uuidv7(),
        saleId: sale.payload.id,
        reason: 'Article défectueux',
        approvedBy,
        method: 'CASH' as const,
        total: line.unitPrice * quantity,
        lines: [{ saleLineId: line.id, productId: line.productId, quantity, amount: line.unitPrice * quantity, movementId: uuidv7() }],
        createdAt: new Date().toISOString(),
      };
      return terminal.op('sale', 'refund', sale.payload.id, payload);
    }

    it('[I5] a refund adds a refund record and REFUND movements; the sale is never edited; over-refunds and voids after it are refused', async () => {
      const item = product(70);
      const sale = terminal.sale([{ product: item, quantity: 3 }]);
      await terminal.pushOk([sale]);
      const levelAfterSale = await stockLevel(backend.dataSource, item.id);
      const [saleBefore] = await backend.dataSource.query<Record<string, unknown>[]>('SELECT total, status FROM sales WHERE id = $1', [sale.payload.id]);

      const first = refund(sale, 2);
      expect((await terminal.pushOk([first])).results[0]).toEqual({ opId: first.opId, status: 'applied' });
      expect(await stockLevel(backend.dataSource, item.id)).toBe(levelAfterSale + 2);
      const [saleAfter] = await backend.dataSource.query<Record<string, unknown>[]>('SELECT total, status FROM sales WHERE id = $1', [sale.payload.id]);
      expect(saleAfter).toEqual(saleBefore);
      const movements = await backend.dataSource.query<{ type: string; quantity: number }[]>(
        "SELECT type, quantity FROM stock_movements WHERE sale_id = $1 AND type = 'REFUND'",
        [sale.payload.id],
      );
      expect(movements).toEqual([{ type: 'REFUND', quantity: 2 }]);

      const tooMuch = refund(sale, 2);
      expect((await terminal.pushOk([tooMuch])).results[0]).toMatchObject({ status: 'rejected', code: 'BUSINESS_RULE' });
      const byCashier = refund(sale, 1, terminal.userId);
      expect((await terminal.pushOk([byCashier])).results[0]).toMatchObject({ status: 'rejected', code: 'FORBIDDEN' });
      const voided = terminal.voidSale(sale, managerId);
      expect((await terminal.pushOk([voided])).results[0]).toMatchObject({ status: 'rejected', code: 'BUSINESS_RULE' });
      expect(await stockLevel(backend.dataSource, item.id)).toBe(levelAfterSale + 2);

      // The pull carries the sale with its refunds.
      const { pages } = await terminal.pullAll(INITIAL_CURSOR, 2_000);
      const pulled = pages.flatMap((page) => page.changes).filter((change) => change.entity === 'sale' && change.entityId === sale.payload.id);
      const latest = pulled.at(-1);
      expect(latest?.op === 'upsert' && latest.entity === 'sale' ? latest.data.refunds?.map((r) => r.id) : null).toEqual([first.payload.id]);
    });
  });

  it('[I3] a fresh terminal bootstraps in pages with a remaining count, each record once at its latest value', async () => {
    const item = product(80);
    for (let price = 100; price <= 500; price += 100) await terminal.pushOk([terminal.productUpdate({ id: item.id, price })]);
    const fresh = await TestTerminal.enroll(backend, backend.demo!.enrollmentCode, backend.demo!.cashiers[0]!.id);
    const { pages } = await fresh.pullAll(INITIAL_CURSOR, 40);
    expect(pages.length).toBeGreaterThanOrEqual(2);
    const remaining = pages.map((page: PullResponse) => page.remaining);
    expect(remaining.at(-1)).toBe(0);
    for (let index = 1; index < remaining.length; index += 1) expect(remaining[index]!).toBeLessThanOrEqual(remaining[index - 1]!);
    expect(remaining[0]!).toBeGreaterThan(0);
    const itemChanges = pages.flatMap((page) => page.changes).filter((change) => change.entity === 'product' && change.entityId === item.id);
    expect(itemChanges).toHaveLength(1);
    expect(itemChanges[0]).toMatchObject({ op: 'upsert', data: { price: 500 } });
    // Every product of the shop arrives, once.
    const productIds = pages.flatMap((page) => page.changes).filter((change) => change.entity === 'product').map((change) => change.entityId);
    expect(new Set(productIds).size).toBe(productIds.length);
    const [products] = await backend.dataSource.query<{ n: number }[]>('SELECT count(*)::int AS n FROM products WHERE shop_id = $1', [terminal.shopId]);
    expect(productIds.length).toBe(products!.n);
  });

  it('protocol versions: the oldest supported version still syncs; an older one is told to update and nothing is written', async () => {
    const sale = terminal.sale([{ product: product(90), quantity: 1 }]);
    const before = await countRows(backend.dataSource);
    const old = await terminal.push([sale], MIN_PROTOCOL_VERSION - 1);
    expect(old.status).toBe(426);
    expect((old.body as { message: string }).message).toMatch(/update required/);
    expect(await countRows(backend.dataSource)).toEqual(before);
    const current = await terminal.push([sale], MIN_PROTOCOL_VERSION);
    expect(current.status).toBe(200);
  });

  it("the admin API writes through the same pipeline from its shop's console device: applied once, another device's op refused", async () => {
    const demo = backend.demo!;
    const item = product(95);
    const consoleId = await backend.app.get(DevicesService).ensureConsoleDevice(demo.shopId);
    const op = {
      opId: uuidv7(),
      deviceId: consoleId,
      userId: managerId,
      shopId: demo.shopId,
      entity: 'product' as const,
      kind: 'update' as const,
      entityId: item.id,
      hlc: encodeHlc({ ms: Date.now(), counter: 0, node: consoleId }),
      payload: { id: item.id, name: 'Renommé par la gérante' },
    };
    const push = backend.app.get(PushService);
    const sender = { kind: 'device' as const, deviceId: consoleId, shopId: demo.shopId };
    expect(await push.applyOps(sender, [op])).toEqual([{ opId: op.opId, status: 'applied' }]);
    expect(await push.applyOps(sender, [op])).toEqual([{ opId: op.opId, status: 'duplicate' }]);
    const [row] = await backend.dataSource.query<{ device_id: string | null }[]>('SELECT device_id FROM processed_ops WHERE op_id = $1', [op.opId]);
    expect(row).toEqual({ device_id: consoleId });
    const forged = { ...op, opId: uuidv7(), deviceId: terminal.deviceId };
    expect((await push.applyOps(sender, [forged]))[0]).toMatchObject({ status: 'rejected', code: 'FORBIDDEN' });
  });

  describe('realtime', () => {
    it('pokes a connected terminal after a push commits, and refuses a socket without a valid device token', async () => {
      await expect(listen(backend.url, null)).rejects.toThrow('HTTP 401');
      await expect(listen(backend.url, 'x'.repeat(40))).rejects.toThrow('HTTP 401');
      const other = await TestTerminal.enroll(backend, backend.demo!.enrollmentCode, backend.demo!.cashiers[1]!.id);
      const socket = await listen(backend.url, other.token);
      const own = await listen(backend.url, terminal.token);
      try {
        // The first poke comes on connection, for whatever happened while it was away.
        await socket.next();
        await own.next();
        const before = socket.pokes();
        await terminal.pushOk([terminal.sale([{ product: product(100), quantity: 1 }])]);
        await eventuallyPoked(socket, before);
        expect(socket.pokes()).toBeGreaterThanOrEqual(2);
        // The pusher pulls right after its push anyway: it is not poked for its own change.
        await own.flush();
        expect(own.pokes()).toBe(1);
      } finally {
        socket.close();
        own.close();
      }
    });

    it('[I8] two backend instances on one PostgreSQL: a push on one pokes terminals on the other, and both serve the same data', async () => {
      const second = new DataSource({ ...dataSourceOptions((backend.dataSource.options as { url?: string }).url!, { poolSize: 4 }), logging: false });
      await second.initialize();
      let app: INestApplication | null = null;
      try {
        app = await createApp(second, false);
        await app.listen(0, '127.0.0.1');
        await app.get(ChangeListener).ready();
        const secondUrl = `http://127.0.0.1:${((app.getHttpServer() as Server).address() as AddressInfo).port}`;
        const onSecond = await TestTerminal.enroll(backend, backend.demo!.enrollmentCode, backend.demo!.cashiers[1]!.id);
        const socket = await listen(secondUrl, onSecond.token);
        try {
          await socket.next();
          const before = socket.pokes();
          const sale = terminal.sale([{ product: product(101), quantity: 1 }]);
          await terminal.pushOk([sale]);
          await eventuallyPoked(socket, before);
          // The terminal on the second instance pulls the sale pushed through the first.
          const response = await fetch(`${secondUrl}/api/sync/pull?cursor=0&limit=2000`, { headers: { authorization: `Bearer ${onSecond.token}` } });
          let body = (await response.json()) as PullResponse;
          const seen = new Set(body.changes.map((change) => change.entityId));
          while (body.hasMore) {
            const next = await fetch(`${secondUrl}/api/sync/pull?cursor=${body.cursor}&limit=2000`, { headers: { authorization: `Bearer ${onSecond.token}` } });
            body = (await next.json()) as PullResponse;
            for (const change of body.changes) seen.add(change.entityId);
          }
          expect(seen.has(sale.payload.id)).toBe(true);
        } finally {
          socket.close();
        }
      } finally {
        if (app) await app.close();
        else await second.destroy();
      }
    });
  });
});
