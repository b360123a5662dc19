/**
 * Main's modules alone in this process, so their memory is measured apart from the backend:
 * `node --expose-gc queue-child.js <dataDir> <serverUrl> <code> <cashierId> <productsJson> <count>`.
 * Enrolls, queues <count> ops while the worker is stopped (offline), then starts it and
 * syncs until the queue is drained, sampling RSS and the event loop's longest stall (what a
 * window's IPC call would wait). Prints one line `QUEUE <json>`.
 */
import { writeSync } from 'node:fs';
import { silentLogger } from '../../../desktop/dist/node/src/main/logger';
import { createTerminalCore } from '../../../desktop/dist/node/src/main/terminal-core';
import { OpFactory, type SellableProduct } from '../../../desktop/dist/node/e2e/reliability/support/op-factory';

export interface QueueChildReport {
  count: number;
  rssStartMb: number;
  rssQueuedMb: number;
  peakRssMb: number;
  synced: number;
  queueSeconds: number;
  drainSeconds: number;
  maxStallMs: number;
}

const MB = 1024 * 1024;

async function main(): Promise<void> {
  const [dataDir, serverUrl, code, cashierId, productsJson, countText] = process.argv.slice(2);
  if (!dataDir || !serverUrl || !code || !cashierId || !productsJson || !countText) throw new Error('usage: queue-child <dataDir> <serverUrl> <code> <cashierId> <productsJson> <count>');
  const products = JSON.parse(productsJson) as SellableProduct[];
  const count = Number(countText);
  const core = createTerminalCore({ dataDir, emit: () => undefined, allowedOrigins: ['http://127.0.0.1:1'], logger: silentLogger, realtime: false, requestTimeoutMs: 30_000 });
  const info = await core.device.enroll({ serverUrl, code, name: 'queue-bench' });
  const ops = new OpFactory({ deviceId: info.deviceId!, shopId: info.shop!.id, terminalCode: info.terminalCode!, userId: cashierId });
  global.gc?.();
  const rssStart = process.memoryUsage().rss;
  let peak = rssStart;
  let maxStall = 0;
  let last = performance.now();
  const sampler = setInterval(() => {
    const now = performance.now();
    maxStall = Math.max(maxStall, now - last - 20);
    last = now;
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 20);

  const queueStart = performance.now();
  // The outbox relay hands sales over in batches of 50; the event loop breathes between them as it would.
  for (let made = 0; made < count; made += 50) {
    core.queue.enqueue(Array.from({ length: Math.min(50, count - made) }, (_, index) => ops.sale([{ product: products[(made + index) % products.length]!, quantity: 1 }])));
    if (made % 1_000 === 0) await new Promise((resolve) => setImmediate(resolve));
  }
  const queueSeconds = (performance.now() - queueStart) / 1000;
  const rssQueued = process.memoryUsage().rss;
  peak = Math.max(peak, rssQueued);

  const drainStart = performance.now();
  core.worker.start();
  for (let pass = 0; pass < 100_000; pass += 1) {
    const status = await core.worker.syncNow();
    if (status.pending + status.syncing + status.failed === 0) break;
  }
  const drainSeconds = (performance.now() - drainStart) / 1000;
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage().rss);
  const synced = core.worker.status().synced;
  await core.close();
  const report: QueueChildReport = {
    count,
    rssStartMb: rssStart / MB,
    rssQueuedMb: rssQueued / MB,
    peakRssMb: peak / MB,
    synced,
    queueSeconds,
    drainSeconds,
    maxStallMs: maxStall,
  };
  writeSync(1, `QUEUE ${JSON.stringify(report)}\n`);
}

main().catch((error: unknown) => {
  writeSync(2, `${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
