import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SyncStatus } from '@seri/shared';
import { rateRatio, type Benchmark } from './bench-result';
import { cpuSeconds, postgresCpuByPid, postgresCpuSince, resetStatements, startBackendRig, topStatements } from './backend-process';
import { MainTerminal, type SellableProduct } from './sync-harness';
import { unnestInsert } from './unnest-limit';

/** QUALITY.md `push`: our drain rate ≥ half of a straight `unnest` insert of the same rows. */
const BAR = 0.5;
const ROUNDS = 4;

function threeLines(products: readonly SellableProduct[], index: number): { product: SellableProduct; quantity: number }[] {
  return [0, 1, 2].map((offset) => ({ product: products[(index + offset * 7) % products.length]!, quantity: 1 + ((index + offset) % 3) }));
}

/**
 * 20,000 sales of 3 lines queued in main's SQLite queue, drained by the sync worker through
 * HTTP, NestJS and TypeORM into PostgreSQL; then as many other sales of the same shape
 * inserted with `unnest` into the same tables of the same database. The backend runs in
 * its own process (`node backend/dist/src/main.js`), as in a shop, and main in this one.
 */
export const run: Benchmark = async ({ smoke, log }) => {
  const count = smoke ? 100 : Number(process.env.SERI_BENCH_PUSH_SALES ?? 20_000);
  const rig = await startBackendRig('seri-bench-push-');
  const root = await mkdtemp(join(tmpdir(), 'seri-bench-push-main-'));
  let opened: MainTerminal | null = null;
  let timing = false;
  let pushedAt: number;
  try {
    const products: SellableProduct[] = (
      await rig.dataSource.query<{ id: string; name: string; price: string }[]>('SELECT id, name, price FROM products ORDER BY sku LIMIT 40')
    ).map((row) => ({ id: row.id, name: row.name, price: Number(row.price) }));
    // The drain ends when main's queue holds nothing left to send; the pull that follows
    // (the terminal fetching the shop's changes) is another benchmark's business (bootstrap).
    const terminal = await MainTerminal.start(rig, root, 'push', {
      direct: true,
      emit: (event, data) => {
        if (!timing || event !== 'sync:status') return;
        const status = data as SyncStatus;
        if (status.pending + status.syncing + status.failed === 0) {
          pushedAt = performance.now();
          timing = false;
        }
      },
    });
    opened = terminal;
    await terminal.enroll(rig.demo.enrollmentCode, rig.demo.cashiers[0]!.id);
    // A shop that received its goods: the sales take from stock rather than overselling every line.
    terminal.enqueue(products.map((product) => terminal.ops.stockReceipt(product.id, 1_000_000)));
    await terminal.drain();
    const ours = Array.from({ length: count }, (_, index) => terminal.ops.sale(threeLines(products, index)));
    const limit = Array.from({ length: count }, (_, index) => terminal.ops.sale(threeLines(products, index)));
    // Ours and the limit take turns on equal slices, so a neighbour's load on this shared
    // machine weighs on both alike rather than on whichever ran while it lasted.
    const rounds = smoke ? 1 : ROUNDS;
    const slice = Math.ceil(count / rounds);
    let oursSeconds = 0;
    let limitSeconds = 0;
    // Where the CPU goes (issue #12 part 4): PostgreSQL's processes, the backend's, and this
    // process (main's queue and worker, or the limit's driver), per phase.
    const cpu = { ours: { pg: 0, backend: 0, terminal: 0 }, limit: { pg: 0, backend: 0, terminal: 0 } };
    type Sample = { pg: Map<number, number>; backend: number; terminal: number };
    const sample = (): Sample => {
      const own = process.cpuUsage();
      return { pg: postgresCpuByPid(rig.dataDir), backend: cpuSeconds(rig.server.child.pid!), terminal: (own.user + own.system) / 1e6 };
    };
    const addSince = (into: { pg: number; backend: number; terminal: number }, before: Sample): void => {
      const after = sample();
      into.pg += postgresCpuSince(before.pg, after.pg);
      into.backend += after.backend - before.backend;
      into.terminal += after.terminal - before.terminal;
    };
    await resetStatements(rig.dataSource);
    for (let start = 0; start < count; start += slice) {
      const mine = ours.slice(start, start + slice);
      // Queued as the outbox relay does (batches of 50), without waking the worker: the drain is timed alone.
      for (let at = 0; at < mine.length; at += 50) terminal.core.queue.enqueue(mine.slice(at, at + 50));
      pushedAt = 0;
      const oursCpu = sample();
      const oursStart = performance.now();
      timing = true;
      await terminal.drain(100_000);
      if (pushedAt === 0) throw new Error('push: the queue never reported empty');
      oursSeconds += (pushedAt - oursStart) / 1000;
      addSince(cpu.ours, oursCpu);

      const limitCpu = sample();
      const limitStart = performance.now();
      await unnestInsert(rig.dataSource, limit.slice(start, start + slice), terminal.deviceId);
      limitSeconds += (performance.now() - limitStart) / 1000;
      addSince(cpu.limit, limitCpu);
    }
    const statements = await topStatements(rig.dataSource);
    if (statements) log(`push: PostgreSQL statements by execution time (ours and the limit together):\n${statements}`);
    const [stored] = await rig.dataSource.query<{ n: number }[]>('SELECT count(*)::int AS n FROM sales WHERE id = ANY($1::uuid[])', [
      ours.map((op) => op.payload.id),
    ]);
    if (stored?.n !== count) throw new Error(`push: ${stored?.n ?? 0} of ${count} sales reached PostgreSQL`);

    const oursRate = count / oursSeconds;
    const limitRate = count / limitSeconds;
    const perSale = (seconds: number): string => `${((seconds * 1000) / count).toFixed(3)}ms`;
    log(`push: ours ${count} sales in ${oursSeconds.toFixed(1)} s; unnest ${count} sales in ${limitSeconds.toFixed(1)} s`);
    log(
      `push: CPU per sale: ours PostgreSQL ${perSale(cpu.ours.pg)}, backend ${perSale(cpu.ours.backend)}, terminal ${perSale(cpu.ours.terminal)}; ` +
        `limit PostgreSQL ${perSale(cpu.limit.pg)}, driver ${perSale(cpu.limit.terminal)}`,
    );
    return {
      name: 'push',
      ours: { value: oursRate, unit: 'sales/s' },
      limit: { value: limitRate, unit: 'sales/s' },
      ratio: rateRatio(oursRate, limitRate),
      ...(smoke ? {} : { bar: BAR }),
      extra: {
        sales: count,
        lines_per_sale: 3,
        rounds,
        ours_s: oursSeconds,
        limit_s: limitSeconds,
        pg_cpu_per_sale: perSale(cpu.ours.pg),
        backend_cpu_per_sale: perSale(cpu.ours.backend),
        terminal_cpu_per_sale: perSale(cpu.ours.terminal),
        limit_pg_cpu_per_sale: perSale(cpu.limit.pg),
      },
    };
  } finally {
    await opened?.close();
    await rig.close();
    await rm(root, { recursive: true, force: true });
  }
};
