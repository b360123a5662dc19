import { join } from 'node:path';
import { parsePulledChanges, type Change, type IpcEvent, type PulledPageText, type Result } from '@seri/shared';
import { silentLogger } from '../../../desktop/dist/node/src/main/logger';
import { createTerminalCore, type TerminalCore } from '../../../desktop/dist/node/src/main/terminal-core';
import { percentile, timeRatio, type Benchmark } from './bench-result';
import { openBundledPage, type BenchPage } from './browser-page';
import { startSyncRig } from './sync-harness';

/** QUALITY.md `realtime`: p95 ≤ 1 s from the sale on terminal A to the row in B's Dexie. */
const LIMIT_MS = 1_000;
const ORIGIN = 'http://127.0.0.1:1';
const FROM = { url: `${ORIGIN}/` };
const DB = 'bench-realtime-b';

function unwrap<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.value;
}

/**
 * Terminal B as the app wires it: main's core with its WebSocket to the backend, and the
 * renderer's part (applyPulledPage in Chromium) woken by `sync:pages-available`, as the
 * PulledPagesApplier is. Records when each awaited sale lands in Dexie.
 */
class ReceivingTerminal {
  readonly arrived = new Map<string, number>();
  private running = false;
  private again = false;
  core!: TerminalCore;

  constructor(private readonly browser: BenchPage) {}

  start(dataDir: string): void {
    this.core = createTerminalCore({
      dataDir,
      emit: (event: IpcEvent) => {
        if (event === 'sync:pages-available') void this.applyPages();
      },
      allowedOrigins: [ORIGIN],
      logger: silentLogger,
      realtime: true,
      periodicSyncMs: 60 * 60 * 1000,
      requestTimeoutMs: 5_000,
    });
  }

  async applyPages(): Promise<void> {
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = true;
    try {
      do {
        this.again = false;
        for (;;) {
          const pages = unwrap((await this.core.handle('sync:pages', { limit: 10 }, FROM)) as Result<PulledPageText[]>);
          if (pages.length === 0) break;
          for (const page of pages) {
            const changes = parsePulledChanges(page);
            await this.browser.page.evaluate(
              ([name, changes, ctx]) =>
                (globalThis as unknown as { seriTest: { applyPage(n: string, c: Change[], x: unknown): Promise<unknown> } }).seriTest.applyPage(name, changes, ctx),
              [DB, changes, { deviceId: this.core.device.info().deviceId }] as const,
            );
            const now = performance.now();
            for (const change of changes) if (change.entity === 'sale' && !this.arrived.has(change.entityId)) this.arrived.set(change.entityId, now);
            unwrap((await this.core.handle('sync:ack-pages', { upToPageId: page.pageId }, FROM)) as Result<{ remaining: number }>);
          }
        }
      } while (this.again);
    } finally {
      this.running = false;
    }
  }
}

async function until(check: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = performance.now() + timeoutMs;
  while (performance.now() < deadline) {
    if (check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  return check();
}

/**
 * Two terminals online: A's main pushes each sale as it is queued; the backend's
 * WebSocket pokes B, whose main pulls and whose renderer applies the page in its Dexie.
 * Timed from A's enqueue to the row in B's IndexedDB, one sale after another.
 */
export const run: Benchmark = async ({ smoke, log }) => {
  const samples = smoke ? 3 : Number(process.env.SERI_BENCH_REALTIME_SALES ?? 100);
  const rig = await startSyncRig();
  const browser = await openBundledPage('desktop/src/renderer/testing/dexie-harness.ts');
  const b = new ReceivingTerminal(browser);
  try {
    await browser.page.waitForFunction('typeof globalThis.seriTest === "object"');
    const a = await rig.terminal('a');
    await a.drain();
    b.start(join(rig.root, 'b'));
    const demo = rig.backend.demo!;
    await b.core.device.enroll({ serverUrl: rig.backend.url, code: demo.enrollmentCode, name: 'B' });
    b.core.worker.start();
    for (let pass = 0; pass < 50; pass += 1) {
      const status = await b.core.worker.syncNow();
      if (status.pending + status.syncing + status.failed === 0) break;
    }
    await b.applyPages();
    // Let B's WebSocket come up before the first sale.
    await new Promise((resolve) => setTimeout(resolve, 500));

    const latencies: number[] = [];
    let missed = 0;
    for (let index = 0; index < samples; index += 1) {
      const sale = a.ops.sale([{ product: rig.products[index % rig.products.length]!, quantity: 1 }]);
      const sent = performance.now();
      a.enqueue([sale]);
      if (await until(() => b.arrived.has(sale.payload.id), 10_000)) latencies.push(b.arrived.get(sale.payload.id)! - sent);
      else missed += 1;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    if (latencies.length === 0) throw new Error('realtime: no sale reached terminal B');
    const p50 = percentile(latencies, 50);
    const p95 = percentile(latencies, 95);
    log(`realtime: ${latencies.length} sales, p50 ${p50.toFixed(0)} ms, p95 ${p95.toFixed(0)} ms, max ${Math.max(...latencies).toFixed(0)} ms, missed ${missed}`);
    return {
      name: 'realtime',
      ours: { value: p95, unit: 'ms' },
      limit: { value: LIMIT_MS, unit: 'ms' },
      ratio: missed > 0 ? 0 : timeRatio(p95, LIMIT_MS),
      ...(smoke ? {} : { bar: 1 }),
      extra: { stat: 'p95', p50: `${p50.toFixed(0)}ms`, max: `${Math.max(...latencies).toFixed(0)}ms`, sales: samples, missed },
    };
  } finally {
    await b.core?.close().catch(() => undefined);
    await browser.close();
    await rig.close();
  }
};
