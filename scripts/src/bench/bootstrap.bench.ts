import { encodeHlc, uuidv7, type Change, type IpcEvents } from '@seri/shared';
import type { DataSource } from 'typeorm';
import { rateRatio, type Benchmark } from './bench-result';
import { openBundledPage } from './browser-page';
import { startSyncRig } from './sync-harness';

/** QUALITY.md `bootstrap`: ours ≥ 0.6 of Dexie bulkPut of the same rows. */
const BAR = 0.6;
const FROM = { url: 'http://127.0.0.1:1/' };
const DB = 'bench-bootstrap';
const LIMIT_DB = 'bench-bootstrap-limit';
/** The page's way to main, standing in for the preload's `window.seri`. */
const BINDING = '__benchMain';

/** The renderer's PullProgress (desktop/src/renderer/sync/apply-pull.ts). */
interface PullProgress {
  pages: number;
  changes: number;
}

interface Seeded {
  shopId: string;
  changes: number;
}

/**
 * The shop's history as the change feed holds it after months of use: the catalogue in
 * import batches of 50 products, then sales in push batches of 10 (each sale carrying its three
 * stock movements, and its stock levels), every batch its own transaction as the backend writes them.
 */
async function seedFeed(dataSource: DataSource, shopId: string, deviceId: string, cashierId: string, products: number, sales: number): Promise<Seeded> {
  const hlc = encodeHlc({ ms: 1_700_000_000_000, counter: 0, node: 'server' });
  const productIds: string[] = [];
  let total = 0;
  const append = async (changes: Change[]): Promise<void> => {
    total += changes.length;
    await dataSource.transaction((manager) =>
      manager.query(
        `INSERT INTO changes (shop_id, entity, entity_id, op, data)
         SELECT $1, e, i, 'upsert', d FROM unnest($2::text[], $3::text[], $4::jsonb[]) WITH ORDINALITY AS t(e, i, d, n) ORDER BY n`,
        [shopId, changes.map((c) => c.entity), changes.map((c) => c.entityId), changes.map((c) => (c.op === 'upsert' ? JSON.stringify(c.data) : null))],
      ),
    );
  };
  for (let start = 0; start < products; start += 50) {
    const batch: Change[] = [];
    for (let index = start; index < Math.min(products, start + 50); index += 1) {
      const id = uuidv7();
      productIds.push(id);
      batch.push({
        entity: 'product',
        entityId: id,
        op: 'upsert',
        data: {
          id,
          shopId,
          sku: `BENCH-${index}`,
          barcode: String(3_000_000_000_000 + index),
          name: `Produit ${index}`,
          price: 100 + (index % 50) * 25,
          cost: 80,
          category: 'Épicerie',
          lowStockThreshold: 5,
          archived: false,
          hlc,
          updatedAt: '2025-01-01T00:00:00.000Z',
        },
      });
    }
    await append(batch);
  }
  // Sales of the last days, one a minute up to now: inside the shop's retention window, which a bootstrap downloads (I12).
  const firstSaleAt = Date.now() - sales * 60_000;
  for (let start = 0; start < sales; start += 10) {
    const batch: Change[] = [];
    for (let index = start; index < Math.min(sales, start + 10); index += 1) {
      const saleId = uuidv7();
      const createdAt = new Date(firstSaleAt + index * 60_000).toISOString();
      const lines = [0, 1, 2].map((offset) => {
        const productId = productIds[(index * 3 + offset) % productIds.length]!;
        return { id: uuidv7(), saleId, productId, name: `Produit ${offset}`, quantity: 1, unitPrice: 500, discount: 0, total: 500, movementId: uuidv7() };
      });
      batch.push({
        entity: 'sale',
        entityId: saleId,
        op: 'upsert',
        data: {
          id: saleId,
          shopId,
          deviceId,
          cashierId,
          number: `T09-${String(index + 1).padStart(6, '0')}`,
          currency: 'XOF',
          subtotal: 1_500,
          discount: 0,
          total: 1_500,
          payments: [{ method: 'CASH', amount: 1_500 }],
          lines,
          status: 'COMPLETED',
          createdAt,
        },
      });
      // The sale's SALE movements travel inside its row (the pull expands them, see saleMovements).
      for (const line of lines) {
        batch.push({ entity: 'stock_level', entityId: line.productId, op: 'upsert', data: { productId: line.productId, shopId, quantity: 100 - index } });
      }
    }
    await append(batch);
  }
  return { shopId, changes: total };
}

/**
 * A fresh terminal enrolls and downloads the shop: main pulls the feed over HTTP into its
 * queue while the renderer's part (the app's PulledPagesApplier, in real Chromium, calling
 * main's IPC handlers through a page binding as it would through the preload) takes the
 * pages main holds, applies them in Dexie and acks them, reporting progress as the
 * first-download bar does. The limit: the very rows that ended up in Dexie, bulkPut into a
 * fresh database in the same page.
 */
export const run: Benchmark = async ({ smoke, log }) => {
  const products = smoke ? 200 : 50_000;
  const sales = smoke ? 50 : 20_000;
  const rig = await startSyncRig();
  const browser = await openBundledPage('desktop/src/renderer/testing/dexie-harness.ts');
  try {
    await browser.page.waitForFunction('typeof globalThis.seriTest === "object"');
    const demo = rig.backend.demo!;
    const seedStart = performance.now();
    const seeded = await seedFeed(rig.backend.dataSource, demo.shopId, uuidv7(), demo.cashiers[0]!.id, products, sales);
    log(`bootstrap: feed seeded with ${seeded.changes} changes in ${((performance.now() - seedStart) / 1000).toFixed(1)} s`);

    const started = performance.now();
    // Main's download progress (what the first-download bar shows: received of remaining).
    const download = { events: 0, received: 0, firstRemaining: null as number | null };
    const terminal = await rig.terminal('bootstrap', {
      emit: (event, data) => {
        if (event !== 'sync:pull-progress') return;
        const { received, remaining } = data as IpcEvents['sync:pull-progress'];
        download.events += 1;
        download.received = received;
        download.firstRemaining ??= remaining;
      },
    });
    const context = { deviceId: terminal.deviceId };
    // The renderer reaches main as through the preload: each call goes to main's IPC router.
    await browser.page.exposeFunction(BINDING, (channel: string, payload: unknown) => terminal.core.handle(channel, payload, FROM));
    let pulling = true;
    const pull = terminal.drain(100_000).finally(() => (pulling = false));
    let progress: PullProgress = { pages: 0, changes: 0 };
    let progressEvents = 0;
    let waited: Record<string, number> = {};
    let idleMs = 0;
    let lastLog = started;
    for (;;) {
      const wasPulling = pulling;
      // What SyncRuntime does on `sync:pages-available`: the app's PulledPagesApplier takes
      // the pages main holds, applies them in Dexie and acks them, reporting progress.
      const before = progress.pages;
      const drained = await browser.page.evaluate(
        ([name, binding, ctx]) =>
          (globalThis as unknown as { seriTest: { drainPulled(n: string, b: string, x: unknown): Promise<{ progress: PullProgress; events: PullProgress[]; waited: Record<string, number> }> } }).seriTest.drainPulled(name, binding, ctx),
        [DB, BINDING, context] as const,
      );
      progress = drained.progress;
      progressEvents += drained.events.length;
      waited = drained.waited;
      if (progress.pages === before) {
        if (!wasPulling) break;
        const idleFrom = performance.now();
        await new Promise((resolve) => setTimeout(resolve, 5));
        idleMs += performance.now() - idleFrom;
        continue;
      }
      // The progress the first-download bar shows, at most once a second here.
      if (performance.now() - lastLog > 1_000) {
        lastLog = performance.now();
        log(`bootstrap: progress ${progress.pages} pages, ${progress.changes} changes applied`);
      }
    }
    await pull;
    const oursSeconds = (performance.now() - started) / 1000;
    const channelSeconds = Object.entries(waited).map(([channel, ms]) => `${channel} ${(ms / 1000).toFixed(1)} s`).join(', ');
    log(`bootstrap: the renderer found no page waiting for ${(idleMs / 1000).toFixed(1)} s; its calls to main took ${channelSeconds}`);

    const limit = await browser.page.evaluate(async ([from, to]) => {
      const api = (globalThis as unknown as { seriTest: { dump(n: string): Promise<Record<string, unknown[]>>; seed(n: string, rows: Record<string, unknown[]>): Promise<void> } }).seriTest;
      const rows = await api.dump(from);
      const count = Object.values(rows).reduce((sum, table) => sum + table.length, 0);
      const limitStart = performance.now();
      await api.seed(to, rows);
      return { rows: count, ms: performance.now() - limitStart, products: rows.products?.length ?? 0, sales: rows.sales?.length ?? 0 };
    }, [DB, LIMIT_DB] as const);
    if (limit.products < products || limit.sales < sales) throw new Error(`bootstrap: Dexie holds ${limit.products} products and ${limit.sales} sales`);
    const limitSeconds = limit.ms / 1000;
    const oursRate = limit.rows / oursSeconds;
    const limitRate = limit.rows / limitSeconds;
    if (download.events === 0 || progressEvents === 0) throw new Error('bootstrap: no progress events');
    log(`bootstrap: main reported the download ${download.events} times (received ${download.received}, first remaining ${download.firstRemaining ?? '?'})`);
    log(`bootstrap: ours ${progress.changes} changes → ${limit.rows} Dexie rows in ${oursSeconds.toFixed(1)} s (${progress.pages} pages, ${progressEvents} applied-progress events); bulkPut of the same rows ${limitSeconds.toFixed(1)} s`);
    return {
      name: 'bootstrap',
      ours: { value: oursRate, unit: 'rows/s' },
      limit: { value: limitRate, unit: 'rows/s' },
      ratio: rateRatio(oursRate, limitRate),
      ...(smoke ? {} : { bar: BAR }),
      extra: { products: limit.products, sales: limit.sales, dexie_rows: limit.rows, changes: progress.changes, pages: progress.pages, progress_events: progressEvents, download_events: download.events, ours_s: oursSeconds, limit_s: limitSeconds },
    };
  } finally {
    await browser.close();
    await rig.close();
  }
};
