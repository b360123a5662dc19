/**
 * Main's modules in a child process, for the kill -9 test (QUALITY "Reliability" row 1) and
 * the long-offline backlog (row 10, where main's own memory is measured):
 * `node --import tsx main-child.ts <dataDir> <serverUrl> <code> <cashierId> <productsJson> sell|drain|backlog [count]`.
 * In `sell` mode it confirms sales for ever (each line `CONFIRMED <opId> <saleId>` is written
 * only after the queue's transaction returned, as the renderer shows its toast) while the
 * worker pushes; the parent kills it at a random moment. In `drain` mode it syncs until the
 * queue is empty and prints `DRAINED`.
 */
import { writeSync } from 'node:fs';
import { silentLogger } from '../../../src/main/logger';
import type { DeviceInfo } from '@seri/shared';
import { createTerminalCore, type TerminalCore } from '../../../src/main/terminal-core';
import { OpFactory, type SellableProduct } from './op-factory';

async function main(): Promise<void> {
  const [dataDir, serverUrl, code, cashierId, productsJson, mode] = process.argv.slice(2);
  if (!dataDir || !serverUrl || !code || !cashierId || !productsJson || (mode !== 'sell' && mode !== 'drain' && mode !== 'backlog')) {
    throw new Error('usage: main-child <dataDir> <serverUrl> <code> <cashierId> <productsJson> sell|drain|backlog [count]');
  }
  const products = JSON.parse(productsJson) as SellableProduct[];
  const core = createTerminalCore({
    dataDir,
    emit: () => undefined,
    allowedOrigins: ['http://127.0.0.1:1'],
    logger: silentLogger,
    realtime: false,
    requestTimeoutMs: 5_000,
  });
  const info = core.device.enrolled ? core.device.info() : await core.device.enroll({ serverUrl, code, name: 'kill-9' });
  if (mode === 'backlog') {
    await backlog(core, info, cashierId, products, Number(process.argv[8] ?? 1000));
    return;
  }
  core.worker.start();
  if (mode === 'drain') {
    for (let pass = 0; pass < 500; pass += 1) {
      const status = await core.worker.syncNow();
      if (status.pending + status.syncing + status.failed === 0) {
        await core.close();
        writeSync(1, 'DRAINED\n');
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error('never drained');
  }
  const ops = new OpFactory({ deviceId: info.deviceId!, shopId: info.shop!.id, terminalCode: info.terminalCode!, userId: cashierId });
  for (let made = core.queue.status().total; ; made += 1) {
    const sale = ops.sale([{ product: products[made % products.length]!, quantity: 1 + (made % 2) }]);
    // Receipt numbers carry on across restarts, as the renderer's counter does.
    sale.payload.number = `${info.terminalCode}-${String(made + 1).padStart(6, '0')}`;
    core.queue.enqueue([sale]);
    core.worker.notifyEnqueued();
    writeSync(1, `CONFIRMED ${sale.opId} ${sale.payload.id}\n`);
    await new Promise((resolve) => setTimeout(resolve, made % 7));
  }
}

/**
 * 72 hours of sales queued while the worker cannot reach the server (it is not started),
 * in the relay's batches of 50; then the network is back: the worker drains it all while
 * a timer stands in for the window's IPC calls. Prints
 * `BACKLOG <count> <rssBefore> <peakRss> <ticksWhileDraining> <synced>`.
 */
async function backlog(core: TerminalCore, info: DeviceInfo, cashierId: string, products: SellableProduct[], count: number): Promise<void> {
  const ops = new OpFactory({ deviceId: info.deviceId!, shopId: info.shop!.id, terminalCode: info.terminalCode!, userId: cashierId });
  const start = Date.now() - 72 * 3_600_000;
  for (let made = 0; made < count; made += 50) {
    const batch = Array.from({ length: Math.min(50, count - made) }, (_, index) => {
      const sale = ops.sale([{ product: products[(made + index) % products.length]!, quantity: 1 }]);
      sale.payload.createdAt = new Date(start + ((made + index) * 72 * 3_600_000) / count).toISOString();
      return sale;
    });
    core.queue.enqueue(batch);
  }
  global.gc?.();
  const rssBefore = process.memoryUsage().rss;
  let peak = rssBefore;
  let ticks = 0;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
    const status = core.worker.status();
    if (status.pending + status.syncing > 0) ticks += 1;
  }, 20);
  core.worker.start();
  for (let pass = 0; pass < 10_000; pass += 1) {
    const status = await core.worker.syncNow();
    if (status.pending + status.syncing + status.failed === 0) break;
  }
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage().rss);
  const synced = core.worker.status().synced;
  await core.close();
  writeSync(1, `BACKLOG ${count} ${rssBefore} ${peak} ${ticks} ${synced}\n`);
}

main().catch((error: unknown) => {
  writeSync(2, `${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
