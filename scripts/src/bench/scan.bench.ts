import { ensureRendererBuilt, serveRenderer } from '@seri/desktop/shell';
import { percentile, timeRatio, type Benchmark } from './bench-result';
import { launchBenchBrowser } from './browser-page';

/** QUALITY.md `scan`: a human threshold, not a limit measured in the run. */
const SCAN_THRESHOLD_MS = 50;
const CART_SIZE = 20;
const PAGE_SIZE = 2_000;

interface FakeTerminal {
  products: number;
  pageSize: number;
}

/**
 * Runs in the page before the app (addInitScript): `window.seri` as the preload would
 * expose it, answering for an enrolled terminal whose shop has `products` products, served
 * as pulled pages, and a cashier whose PIN is 1234. Self-contained: Playwright serializes it.
 */
function installFakeTerminal({ products, pageSize }: FakeTerminal): void {
  const shopId = '01900000-0000-7000-8000-00000000aaaa';
  const deviceId = '01900000-0000-7000-8000-00000000bbbb';
  const userId = '01900000-0000-7000-8000-00000000cccc';
  const hex = (n: number): string => n.toString(16).padStart(12, '0');
  const productId = (index: number): string => `01900000-0000-7000-8000-${hex(index)}`;
  const shop = { id: shopId, name: 'Boutique du banc d’essai', currency: 'XOF', locale: 'fr-SN' };
  const hlc = '001700000000000:0000:server';
  const pageCount = Math.ceil(products / pageSize) + 1;
  const pageAt = (pageId: number): unknown[] => {
    if (pageId === 1) {
      return [
        { entity: 'shop', entityId: shopId, op: 'upsert', data: shop },
        { entity: 'user', entityId: userId, op: 'upsert', data: { id: userId, shopId, name: 'Awa Diop', role: 'CASHIER', active: true } },
      ];
    }
    const changes: unknown[] = [];
    for (let index = (pageId - 2) * pageSize; index < Math.min(products, (pageId - 1) * pageSize); index += 1) {
      const id = productId(index);
      changes.push({
        entity: 'product',
        entityId: id,
        op: 'upsert',
        data: {
          id,
          shopId,
          sku: `SKU-${index}`,
          barcode: String(2_000_000_000_000 + index),
          name: `Produit ${index}`,
          price: 100 + (index % 50) * 25,
          cost: null,
          category: 'Épicerie',
          lowStockThreshold: 5,
          archived: false,
          hlc,
          updatedAt: '2025-01-01T00:00:00.000Z',
        },
      });
      changes.push({ entity: 'stock_level', entityId: id, op: 'upsert', data: { productId: id, shopId, quantity: 1_000_000 } });
    }
    return changes;
  };
  let acked = 0;
  const status = { total: 0, pending: 0, syncing: 0, synced: 0, failed: 0, rejected: 0, oldestPendingAgeMs: null, lastSyncAt: '2025-06-01T08:00:00.000Z', lastError: null, online: true };
  const answers: Record<string, (payload: never) => unknown> = {
    'device:info': () => ({ enrolled: true, deviceId, deviceName: 'Caisse 1', terminalCode: 'T01', serverUrl: 'http://127.0.0.1:3000', shop }),
    'session:login': () => ({ userId, name: 'Awa Diop', role: 'CASHIER' }),
    'sync:pages': (payload: { limit?: number; after?: number }) => {
      const pages = [];
      const from = Math.max(acked, payload?.after ?? 0);
      for (let pageId = from + 1; pageId <= Math.min(pageCount, from + (payload?.limit ?? 10)); pageId += 1) pages.push({ pageId, changes: JSON.stringify(pageAt(pageId)) });
      return pages;
    },
    'sync:ack-pages': (payload: { upToPageId: number }) => {
      acked = Math.max(acked, payload.upToPageId);
      return { remaining: pageCount - acked };
    },
    'sync:enqueue': (payload: { ops: Array<{ opId: string }> }) => ({ accepted: payload.ops.map((op) => op.opId) }),
    'sync:status': () => status,
    'sync:now': () => status,
    'sync:op-states': () => [],
    'sync:problems': () => [],
    'terminal:activity': () => ({ state: 'disabled', version: null, percent: null, waitingFor: null }),
    'receipt:print': () => ({ printer: 'bench', location: null }),
  };
  const bridge = {
    invoke(channel: string, payload: unknown): Promise<unknown> {
      const answer = answers[channel];
      return Promise.resolve(answer ? { ok: true, value: answer(payload as never) } : { ok: false, error: { code: 'UNKNOWN_CHANNEL', message: channel } });
    },
    on(): () => void {
      return () => undefined;
    },
  };
  Object.defineProperty(globalThis, 'seri', { value: Object.freeze(bridge), writable: false, configurable: false });
}

/**
 * Runs in the page: resolves with the milliseconds from the scanner's Enter (the keydown's
 * own timestamp) to the first frame that shows the cart line with the expected quantity.
 */
function armScanProbe([productId, quantity]: [string, number]): void {
  interface ProbeWindow {
    addEventListener(type: string, listener: (event: { key: string; timeStamp: number }) => void, capture: boolean): void;
    removeEventListener(type: string, listener: (event: { key: string; timeStamp: number }) => void, capture: boolean): void;
    requestAnimationFrame(callback: () => void): number;
    __scanProbe?: Promise<number>;
  }
  interface ProbeDocument {
    querySelector(selector: string): unknown;
    documentElement: unknown;
  }
  const page = globalThis as unknown as ProbeWindow & { document: ProbeDocument; MutationObserver: new (callback: () => void) => { observe(target: unknown, options: object): void; disconnect(): void } };
  const selector = `[data-testid="cart-line"][data-product-id="${productId}"][data-quantity="${quantity}"]`;
  page.__scanProbe = new Promise<number>((resolve) => {
    let enterAt: number | null = null;
    const onKey = (event: { key: string; timeStamp: number }): void => {
      if (event.key === 'Enter' && enterAt === null) enterAt = event.timeStamp;
    };
    page.addEventListener('keydown', onKey, true);
    const observer = new page.MutationObserver(() => {
      if (enterAt === null || !page.document.querySelector(selector)) return;
      observer.disconnect();
      page.removeEventListener('keydown', onKey, true);
      const start = enterAt;
      page.requestAnimationFrame(() => resolve(performance.now() - start));
    });
    observer.observe(page.document.documentElement, { childList: true, subtree: true, attributes: true });
  });
}

/**
 * A barcode typed by a keyboard-wedge scanner (Playwright's keystrokes through the DevTools
 * protocol: real keydown/keypress/keyup events), timed from its Enter to the line visible in
 * the cart, on the built app (production React) with 50,000 products in its Dexie. Half the
 * scans land in the till's scan field, half with the focus elsewhere (the wedge listener).
 */
export const run: Benchmark = async ({ smoke, log }) => {
  const products = smoke ? 1_000 : 50_000;
  const scans = smoke ? 10 : 200;
  const server = await serveRenderer(ensureRendererBuilt());
  const browser = await launchBenchBrowser();
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'fr-FR' });
    await context.addInitScript(installFakeTerminal, { products, pageSize: PAGE_SIZE });
    const page = await context.newPage();
    const started = Date.now();
    await page.goto(server.url);
    await page.getByTestId('login-user').first().waitFor({ timeout: 10 * 60_000 });
    log(`scan: ${products} products pulled into Dexie in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    await page.getByTestId('login-pin').fill('1234');
    await page.getByTestId('login-pin').press('Enter');
    await page.getByTestId('scan-input').waitFor();

    const samples: number[] = [];
    const quantities = new Map<number, number>();
    for (let i = 0; i < scans; i += 1) {
      if (i % CART_SIZE === 0 && i > 0) {
        await page.getByTestId('cart-clear').click();
        quantities.clear();
      }
      // Now and then the same article again: the line's quantity goes up.
      const index = i % 7 === 6 && quantities.size > 0 ? [...quantities.keys()][0]! : Math.floor(Math.random() * products);
      const quantity = (quantities.get(index) ?? 0) + 1;
      quantities.set(index, quantity);
      const productId = `01900000-0000-7000-8000-${index.toString(16).padStart(12, '0')}`;
      if (i % 2 === 0) await page.getByTestId('scan-input').focus();
      else await page.locator('#cart-title').click();
      await page.evaluate(armScanProbe, [productId, quantity] as [string, number]);
      await page.keyboard.type(String(2_000_000_000_000 + index), { delay: 0 });
      await page.keyboard.press('Enter');
      samples.push(await page.evaluate<number>('globalThis.__scanProbe'));
    }
    const p95 = percentile(samples, 95);
    log(`scan: p50 ${percentile(samples, 50).toFixed(1)} ms, p95 ${p95.toFixed(1)} ms, max ${Math.max(...samples).toFixed(1)} ms over ${scans} scans`);
    return {
      name: 'scan',
      ours: { value: p95, unit: 'ms' },
      limit: { value: SCAN_THRESHOLD_MS, unit: 'ms' },
      ratio: timeRatio(p95, SCAN_THRESHOLD_MS),
      ...(smoke ? {} : { bar: 1 }),
      extra: { stat: 'p95', p50: `${percentile(samples, 50).toFixed(1)}ms`, products, scans },
    };
  } finally {
    await browser.close();
    await server.close();
  }
};
