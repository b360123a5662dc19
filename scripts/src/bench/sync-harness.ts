import { mkdtemp, rm } from 'node:fs/promises';
import { chmod } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
// The compiled helpers of the reliability suite (desktop/e2e, backend/test), imported from
// their build output so `node scripts/dist/bench.js` runs them without a TS loader.
import { startTestBackend, type TestBackend } from '../../../backend/dist/test/support/test-backend';
import { MainTerminal, type MainTerminalOptions } from '../../../desktop/dist/node/e2e/reliability/support/main-terminal';
import type { SellableProduct } from '../../../desktop/dist/node/e2e/reliability/support/op-factory';

export { MainTerminal, type TestBackend, type SellableProduct };

export interface SyncRig {
  backend: TestBackend;
  root: string;
  products: SellableProduct[];
  /** A main process (queue + worker + HTTP client) enrolled in the demo shop. */
  terminal(name: string, options?: MainTerminalOptions): Promise<MainTerminal>;
  close(): Promise<void>;
}

/** The real backend on embedded PostgreSQL with the demo shop, and terminals enrolled in it. */
export async function startSyncRig(): Promise<SyncRig> {
  const root = await mkdtemp(join(tmpdir(), 'seri-bench-sync-'));
  await chmod(root, 0o755);
  const backend = await startTestBackend();
  const products = (
    await backend.dataSource.query<{ id: string; name: string; price: string }[]>('SELECT id, name, price FROM products ORDER BY sku LIMIT 40')
  ).map((row) => ({ id: row.id, name: row.name, price: Number(row.price) }));
  const terminals: MainTerminal[] = [];
  return {
    backend,
    root,
    products,
    async terminal(name, options = {}) {
      const made = await MainTerminal.start(backend, root, name, options);
      terminals.push(made);
      const demo = backend.demo!;
      await made.enroll(demo.enrollmentCode, demo.cashiers[terminals.length % demo.cashiers.length]!.id);
      return made;
    },
    async close() {
      for (const terminal of terminals) await terminal.close().catch(() => undefined);
      await backend.stop();
      await rm(root, { recursive: true, force: true });
    },
  };
}
