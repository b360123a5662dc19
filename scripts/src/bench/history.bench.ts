import { encodeHlc, MAX_PULL_LIMIT, uuidv7, type Change, type PullResponse, type SaleRecord } from '@seri/shared';
import type { DataSource } from 'typeorm';
import { createShop } from '../../../backend/dist/test/support/database';
import { FeedCompactionService } from '../../../backend/dist/src/sync/feed-compaction.service';
import { percentile, timeRatio, type Benchmark } from './bench-result';
import { openBundledPage, type BenchPage } from './browser-page';
import { MainTerminal, startSyncRig, type TestBackend } from './sync-harness';

/** QUALITY.md `history`: a year-old shop's bootstrap ≥ 0.8 of a window-only shop's; checkout p99 ≥ 0.75 of a fresh terminal's. */
const BAR = 0.8;
const CHECKOUT_BAR = 0.75;
const FROM = { url: 'http://127.0.0.1:1/' };
const DAY_MS = 24 * 60 * 60 * 1000;
const WINDOW_DAYS = 90;

interface Size {
  products: number;
  /** Sales over the whole history (the window shop gets the window's share of them). */
  sales: number;
  days: number;
  expensesPerDay: number;
  /** Product edits over the history (each a superseding feed row). */
  edits: number;
  /** One sale in this many is refunded later (the sale's row comes again, with its refund). */
  refundEvery: number;
  checkoutSamples: number;
}

const FULL: Size = { products: 5_000, sales: 110_000, days: 365, expensesPerDay: 3, edits: 2_000, refundEvery: 100, checkoutSamples: 300 };
const SMOKE: Size = { products: 100, sales: 400, days: 365, expensesPerDay: 1, edits: 20, refundEvery: 50, checkoutSamples: 10 };

/** `SERI_BENCH_HISTORY_SCALE=0.2` runs the full benchmark on a fifth of the shop (a quick check on a loaded machine). */
function fullSize(): Size {
  const scale = Number(process.env['SERI_BENCH_HISTORY_SCALE'] ?? '1');
  if (!Number.isFinite(scale) || scale <= 0 || scale >= 1) return FULL;
  return { ...FULL, products: Math.round(FULL.products * scale), sales: Math.round(FULL.sales * scale), edits: Math.round(FULL.edits * scale) };
}

interface Seeded {
  rows: number;
  sales: number;
  windowSales: number;
  /** Each product's last level, as the server's ledger ends (I4). */
  levels: Map<string, number>;
}

/**
 * A shop's feed as a year of use leaves it, written straight into PostgreSQL (as the bootstrap
 * bench seeds it; 110,000 pushes would take the run's hour): the catalogue in import batches,
 * then day by day the sales in push batches of 50 (each sale carries its movements and brings
 * one stock level row per line, as the push writes them), the day's expenses, product edits and
 * late refunds (the sale's row again). Only days after `firstDay` are seeded: the window shop
 * is the same shop with no history before its window.
 */
async function seedShop(dataSource: DataSource, shopId: string, cashierId: string, productIds: string[], size: Size, firstDay: number): Promise<Seeded> {
  const deviceId = uuidv7();
  const node = 'server';
  const now = Date.now();
  const start = now - size.days * DAY_MS;
  const windowStart = now - WINDOW_DAYS * DAY_MS;
  const levels = new Map(productIds.map((id) => [id, 10_000]));
  let rows = 0;
  let salesMade = 0;
  let windowSales = 0;
  const append = async (changes: Change[]): Promise<void> => {
    if (changes.length === 0) return;
    rows += changes.length;
    await dataSource.transaction((manager) =>
      manager.query(
        `INSERT INTO changes (shop_id, entity, entity_id, op, data)
         SELECT $1, e, i, 'upsert', d FROM unnest($2::text[], $3::text[], $4::jsonb[]) WITH ORDINALITY AS t(e, i, d, n) ORDER BY n`,
        [shopId, changes.map((c) => c.entity), changes.map((c) => c.entityId), changes.map((c) => (c.op === 'upsert' ? JSON.stringify(c.data) : null))],
      ),
    );
  };
  const product = (index: number, id: string, price: number, at: number): Change => ({
    entity: 'product',
    entityId: id,
    op: 'upsert',
    data: {
      id,
      shopId,
      sku: `HIST-${index}`,
      barcode: String(4_000_000_000_000 + index),
      name: `Produit ${index}`,
      price,
      cost: 80,
      category: 'Épicerie',
      lowStockThreshold: 5,
      archived: false,
      hlc: encodeHlc({ ms: at, counter: 0, node }),
      updatedAt: new Date(at).toISOString(),
    },
  });
  for (let first = 0; first < productIds.length; first += 500) {
    await append(productIds.slice(first, first + 500).map((id, offset) => product(first + offset, id, 100 + ((first + offset) % 50) * 25, start)));
  }
  // Opening stock as levels (its OPENING movements are a year old: outside any window).
  for (let first = 0; first < productIds.length; first += 1_000) {
    await append(productIds.slice(first, first + 1_000).map((id) => ({ entity: 'stock_level', entityId: id, op: 'upsert', data: { productId: id, shopId, quantity: 10_000 } })));
  }
  const salesPerDay = size.sales / size.days;
  const editsPerDay = size.edits / size.days;
  const toRefund: SaleRecord[] = [];
  let receipt = 0;
  for (let day = 0; day < size.days; day += 1) {
    const dayStart = start + day * DAY_MS;
    const count = Math.round((day + 1) * salesPerDay) - Math.round(day * salesPerDay);
    if (dayStart < firstDay) {
      receipt += count;
      continue;
    }
    let batch: Change[] = [];
    for (let index = 0; index < count; index += 1) {
      receipt += 1;
      const at = dayStart + 8 * 3_600_000 + Math.floor((index * 12 * 3_600_000) / Math.max(1, count));
      const saleId = uuidv7();
      const lineCount = 1 + (receipt % 5);
      const lines = Array.from({ length: lineCount }, (_, offset) => {
        const productId = productIds[(receipt * 7 + offset * 13) % productIds.length]!;
        return { id: uuidv7(), saleId, productId, name: `Produit ${offset}`, quantity: 1, unitPrice: 500, discount: 0, total: 500, movementId: uuidv7() };
      });
      const unique = [...new Set(lines.map((line) => line.productId))];
      const sale: SaleRecord = {
        id: saleId,
        shopId,
        deviceId,
        cashierId,
        number: `T09-${String(receipt).padStart(6, '0')}`,
        currency: 'XOF',
        subtotal: 500 * lineCount,
        discount: 0,
        total: 500 * lineCount,
        payments: [{ method: 'CASH', amount: 500 * lineCount }],
        lines,
        status: 'COMPLETED',
        createdAt: new Date(at).toISOString(),
      };
      batch.push({ entity: 'sale', entityId: saleId, op: 'upsert', data: sale });
      for (const productId of unique) {
        const level = levels.get(productId)! - lines.filter((line) => line.productId === productId).length;
        levels.set(productId, level);
        batch.push({ entity: 'stock_level', entityId: productId, op: 'upsert', data: { productId, shopId, quantity: level } });
      }
      salesMade += 1;
      if (at >= windowStart) windowSales += 1;
      if (receipt % size.refundEvery === 0) toRefund.push(sale);
      if (batch.length >= 200) {
        await append(batch);
        batch = [];
      }
    }
    // The day's expenses, and a refund of a sale of a few days ago.
    for (let index = 0; index < size.expensesPerDay; index += 1) {
      const id = uuidv7();
      const date = new Date(dayStart).toISOString().slice(0, 10);
      batch.push({
        entity: 'expense',
        entityId: id,
        op: 'upsert',
        data: { id, shopId, category: 'Transport', amount: 1_500, note: null, date, deleted: false, hlc: encodeHlc({ ms: dayStart, counter: index, node }), updatedAt: new Date(dayStart).toISOString() },
      });
    }
    const refunded = toRefund.shift();
    if (refunded) {
      const line = refunded.lines[0]!;
      const refund = {
        id: uuidv7(),
        saleId: refunded.id,
        shopId,
        deviceId,
        userId: cashierId,
        approvedBy: cashierId,
        reason: 'Article abîmé',
        method: 'CASH' as const,
        total: line.total,
        lines: [{ saleLineId: line.id, productId: line.productId, quantity: 1, amount: line.total, movementId: uuidv7() }],
        createdAt: new Date(dayStart + 20 * 3_600_000).toISOString(),
      };
      batch.push({ entity: 'sale', entityId: refunded.id, op: 'upsert', data: { ...refunded, refunds: [refund] } });
      levels.set(line.productId, levels.get(line.productId)! + 1);
      batch.push({ entity: 'stock_level', entityId: line.productId, op: 'upsert', data: { productId: line.productId, shopId, quantity: levels.get(line.productId)! } });
    }
    const edits = Math.round((day + 1) * editsPerDay) - Math.round(day * editsPerDay);
    for (let index = 0; index < edits; index += 1) {
      const which = (day * 31 + index * 17) % productIds.length;
      batch.push(product(which, productIds[which]!, 100 + ((which + day) % 60) * 25, dayStart + 7 * 3_600_000));
    }
    await append(batch);
  }
  return { rows, sales: salesMade, windowSales, levels };
}

async function feedSize(dataSource: DataSource, shopId: string): Promise<{ rows: number; mb: number }> {
  const [row] = await dataSource.query<Array<{ n: string; bytes: string }>>(
    'SELECT count(*)::text AS n, coalesce(sum(pg_column_size(changes.*)), 0)::text AS bytes FROM changes WHERE shop_id = $1',
    [shopId],
  );
  return { rows: Number(row?.n ?? 0), mb: Number(row?.bytes ?? 0) / 1e6 };
}

/** What a fresh terminal downloads, over HTTP as main pulls it: feed rows, changes and bytes. */
async function measureDownload(backend: TestBackend, code: string): Promise<{ rows: number; changes: number; mb: number }> {
  const enrolled = await fetch(`${backend.url}/api/devices/enroll`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code, name: 'Mesure' }) });
  const { deviceToken } = (await enrolled.json()) as { deviceToken: string };
  let cursor = '0';
  let rows = 0;
  let changes = 0;
  let bytes = 0;
  for (;;) {
    const response = await fetch(`${backend.url}/api/sync/pull?cursor=${encodeURIComponent(cursor)}&limit=${MAX_PULL_LIMIT}`, { headers: { authorization: `Bearer ${deviceToken}` } });
    const text = await response.text();
    if (response.status !== 200) throw new Error(`history: pull answered ${response.status}: ${text.slice(0, 200)}`);
    bytes += Buffer.byteLength(text);
    const page = JSON.parse(text) as PullResponse;
    rows += page.rows ?? 0;
    changes += page.changes.length;
    cursor = page.cursor;
    if (!page.hasMore) return { rows, changes, mb: bytes / 1e6 };
  }
}

interface Bootstrap {
  seconds: number;
  /** From enrollment until the whole catalogue and its stock levels are in Dexie: the till can sell anything. */
  readySeconds: number | null;
  dexieRows: number;
  counts: Record<string, number>;
  deviceId: string;
}

/**
 * A fresh terminal's bootstrap, timed from enrollment to the last page applied in Dexie: main
 * pulls over HTTP into its queue, the renderer's PulledPagesApplier (in Chromium, calling main's
 * IPC router through a page binding as through the preload) applies and acks the pages.
 */
async function bootstrap(backend: TestBackend, root: string, browser: BenchPage, name: string, code: string, cashierId: string, catalogue: number): Promise<Bootstrap> {
  const started = performance.now();
  const terminal = await MainTerminal.start(backend, root, name, { direct: true });
  try {
    await terminal.enroll(code, cashierId);
    const binding = `__history_${name.replace(/\W/g, '_')}`;
    await browser.page.exposeFunction(binding, (channel: string, payload: unknown) => terminal.core.handle(channel, payload, FROM));
    let pulling = true;
    const pull = terminal.drain(100_000).finally(() => (pulling = false));
    const context = { deviceId: terminal.deviceId };
    let readySeconds: number | null = null;
    // Watched beside the download (IndexedDB serves the counts between the applier's transactions).
    let watching = true;
    const watch = (async () => {
      while (watching && readySeconds === null) {
        const have = await browser.page.evaluate((db) => (globalThis as unknown as { seriTest: { counts(n: string): Promise<Record<string, number>> } }).seriTest.counts(db), name);
        if ((have['products'] ?? 0) >= catalogue && (have['stockLevels'] ?? 0) >= catalogue) readySeconds = (performance.now() - started) / 1000;
        else await new Promise((resolve) => setTimeout(resolve, 100));
      }
    })();
    for (;;) {
      const wasPulling = pulling;
      const drained = await browser.page.evaluate(
        ([db, b, ctx]) =>
          (globalThis as unknown as { seriTest: { drainPulled(n: string, b: string, x: unknown): Promise<{ events: unknown[] }> } }).seriTest.drainPulled(db, b, ctx),
        [name, binding, context] as const,
      );
      if (drained.events.length === 0) {
        if (!wasPulling) break;
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    }
    await pull;
    watching = false;
    await watch;
    const seconds = (performance.now() - started) / 1000;
    const counts = await browser.page.evaluate((db) => (globalThis as unknown as { seriTest: { counts(n: string): Promise<Record<string, number>> } }).seriTest.counts(db), name);
    return { seconds, readySeconds, counts, dexieRows: Object.values(counts).reduce((sum, n) => sum + n, 0), deviceId: terminal.deviceId };
  } finally {
    await terminal.close();
  }
}

/**
 * `history` (issue #12): a fresh terminal's bootstrap in a shop with a year of history
 * (ours) against the same bootstrap in a shop holding only the 90-day window and the same
 * catalogue (limit), both after the server's compaction job ran, as it does on a live
 * server. Also printed: the year-old shop's bootstrap before compaction (the pull alone
 * leaves the history out), what was downloaded, the Dexie row count, the feed before and
 * after compaction, and checkout p99 on the bootstrapped terminal against a fresh one.
 */
export const run: Benchmark = async ({ smoke, log }) => {
  const size = smoke ? SMOKE : fullSize();
  const rig = await startSyncRig();
  const browser = await openBundledPage('desktop/src/renderer/testing/dexie-harness.ts');
  try {
    await browser.page.waitForFunction('typeof globalThis.seriTest === "object"');
    const backend = rig.backend;
    const yearShop = await createShop(backend, 'Boutique un an');
    const windowShop = await createShop(backend, 'Boutique fenêtre');
    const productIds = Array.from({ length: size.products }, () => uuidv7());
    const windowProductIds = Array.from({ length: size.products }, () => uuidv7());
    const seedStart = performance.now();
    const now = Date.now();
    const year = await seedShop(backend.dataSource, yearShop.shopId, yearShop.users.CASHIER, productIds, size, 0);
    const windowOnly = await seedShop(backend.dataSource, windowShop.shopId, windowShop.users.CASHIER, windowProductIds, size, now - WINDOW_DAYS * DAY_MS);
    await backend.dataSource.query('ANALYZE changes');
    log(`history: seeded ${year.sales} sales (${year.windowSales} in the window) in ${year.rows} feed rows, and a window-only shop of ${windowOnly.sales} sales in ${windowOnly.rows} rows, in ${((performance.now() - seedStart) / 1000).toFixed(1)} s`);

    const before = await feedSize(backend.dataSource, yearShop.shopId);
    const uncompacted = await bootstrap(backend, rig.root, browser, 'history-uncompacted', yearShop.code, yearShop.users.CASHIER, size.products);
    log(`history: year-old shop before compaction: bootstrap ${uncompacted.seconds.toFixed(1)} s, ${uncompacted.dexieRows} Dexie rows`);

    const compactStart = performance.now();
    const compacted = await backend.app.get(FeedCompactionService).compact();
    await backend.dataSource.query('VACUUM ANALYZE changes');
    const after = await feedSize(backend.dataSource, yearShop.shopId);
    log(`history: compaction deleted ${compacted.feedRows} feed rows in ${((performance.now() - compactStart) / 1000).toFixed(1)} s; year-old shop's feed ${before.rows} → ${after.rows} rows`);

    const download = await measureDownload(backend, yearShop.code);
    const ours = await bootstrap(backend, rig.root, browser, 'history-year', yearShop.code, yearShop.users.CASHIER, size.products);
    const limit = await bootstrap(backend, rig.root, browser, 'history-window', windowShop.code, windowShop.users.CASHIER, size.products);
    log(`history: bootstrap year-old ${ours.seconds.toFixed(1)} s (${ours.dexieRows} Dexie rows ${JSON.stringify(ours.counts)}); window-only ${limit.seconds.toFixed(1)} s (${limit.dexieRows} rows)`);
    if ((ours.counts['products'] ?? 0) < size.products || (ours.counts['sales'] ?? 0) < year.windowSales * 0.95) {
      throw new Error(`history: the year-old terminal holds ${ours.counts['products']} products and ${ours.counts['sales']} sales`);
    }
    const stock = await browser.page.evaluate(
      ([db, ids]) => (globalThis as unknown as { seriTest: { dump(n: string): Promise<{ stock: Array<{ productId: string; quantity: number }> }> } }).seriTest.dump(db).then((d) => d.stock.filter((row) => ids.includes(row.productId))),
      ['history-year', productIds.slice(0, 50)] as const,
    );
    const stockOk = stock.length === Math.min(50, productIds.length) && stock.every((row) => row.quantity === year.levels.get(row.productId));

    // Checkout on the year-old terminal (its window) and on a fresh one holding only the catalogue.
    const checkout = await browser.page.evaluate(
      async ([db, fresh, samples, shopId, cashierId]) => {
        const api = (globalThis as unknown as {
          seriTest: {
            dump(n: string): Promise<Record<string, unknown[]>>;
            seed(n: string, rows: Record<string, unknown[]>): Promise<void>;
            checkoutSamples(names: string[], samples: number, device: unknown, cashierId: string): Promise<Record<string, number[]>>;
          };
        }).seriTest;
        const rows = await api.dump(db);
        await api.seed(fresh, { products: rows['products'] ?? [], stock: rows['stock'] ?? [], stockLevels: rows['stockLevels'] ?? [], users: rows['users'] ?? [] });
        const device = { deviceId: crypto.randomUUID(), shopId, terminalCode: 'T77', currency: 'XOF' };
        return api.checkoutSamples([db, fresh], samples, device, cashierId);
      },
      ['history-year', 'history-fresh', size.checkoutSamples, yearShop.shopId, yearShop.users.CASHIER] as const,
    );
    const yearP99 = percentile(checkout['history-year'] ?? [], 99);
    const freshP99 = percentile(checkout['history-fresh'] ?? [], 99);
    const checkoutRatio = timeRatio(yearP99, freshP99);
    log(`history: checkout p99 year-old ${yearP99.toFixed(2)} ms, fresh ${freshP99.toFixed(2)} ms (${size.checkoutSamples} samples each)`);

    return {
      name: 'history',
      ours: { value: ours.seconds, unit: 's' },
      limit: { value: limit.seconds, unit: 's' },
      ratio: timeRatio(ours.seconds, limit.seconds),
      ...(smoke ? {} : { bar: BAR }),
      extra: {
        sales: year.sales,
        window_sales: year.windowSales,
        products: size.products,
        rows_downloaded: download.rows,
        changes_downloaded: download.changes,
        mb_downloaded: download.mb.toFixed(1),
        dexie_rows: ours.dexieRows,
        limit_dexie_rows: limit.dexieRows,
        uncompacted_s: uncompacted.seconds.toFixed(1),
        // Part 5 of #12: a terminal replaced mid-day sells within 60 s of enrollment.
        ready_s: ours.readySeconds === null ? 'never' : ours.readySeconds.toFixed(1),
        ready_limit_s: 60,
        ready_uncompacted_s: uncompacted.readySeconds === null ? 'never' : uncompacted.readySeconds.toFixed(1),
        changes_rows_before: before.rows,
        changes_rows_after: after.rows,
        changes_mb_before: before.mb.toFixed(1),
        changes_mb_after: after.mb.toFixed(1),
        stock_ok: stockOk ? 'yes' : 'no',
        checkout_p99_year: `${yearP99.toFixed(2)}ms`,
        checkout_p99_fresh: `${freshP99.toFixed(2)}ms`,
        checkout_ratio: checkoutRatio.toFixed(3),
        ...(smoke ? {} : { checkout_bar: CHECKOUT_BAR, checkout_meets: checkoutRatio >= CHECKOUT_BAR ? 'yes' : 'no' }),
      },
    };
  } finally {
    await browser.close();
    await rig.close();
  }
};
