/**
 * Main's modules in a child process, for the kill -9 test (QUALITY "Reliability" row 1):
 * `node --import tsx main-child.ts <dataDir> <serverUrl> <code> <cashierId> <productsJson> sell|drain`.
 * In `sell` mode it confirms sales for ever (each line `CONFIRMED <opId> <saleId>` is written
 * only after the queue's transaction returned, as the renderer shows its toast) while the
 * worker pushes; the parent kills it at a random moment. In `drain` mode it syncs until the
 * queue is empty and prints `DRAINED`.
 */
import { writeSync } from 'node:fs';
import { silentLogger } from '../../../src/main/logger';
import { createTerminalCore } from '../../../src/main/terminal-core';
import { OpFactory, type SellableProduct } from './op-factory';

async function main(): Promise<void> {
  const [dataDir, serverUrl, code, cashierId, productsJson, mode] = process.argv.slice(2);
  if (!dataDir || !serverUrl || !code || !cashierId || !productsJson || (mode !== 'sell' && mode !== 'drain')) {
    throw new Error('usage: main-child <dataDir> <serverUrl> <code> <cashierId> <productsJson> sell|drain');
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

main().catch((error: unknown) => {
  writeSync(2, `${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
