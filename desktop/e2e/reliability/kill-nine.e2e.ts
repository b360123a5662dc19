import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { startEmbeddedPostgres, type RunningEmbeddedPostgres } from '../../../backend/src/database/embedded-postgres';
import { FAST_POSTGRES_FLAGS, freePort, makeTestFolder } from '../../../backend/test/support/test-backend';
import { silentLogger } from '../../src/main/logger';
import { createTerminalCore, type TerminalCore } from '../../src/main/terminal-core';
import { OpFactory, type SellableProduct } from './support/op-factory';
import { eventually, seededRandom, size, testSeed } from './support/soak';

jest.setTimeout(size(300_000, 3_600_000));

const repoRoot = resolve(__dirname, '..', '..', '..');
const backendMain = join(repoRoot, 'backend', 'dist', 'src', 'main.js');
const mainChild = join(__dirname, 'support', 'main-child.ts');

interface Confirmed {
  opId: string;
  saleId: string;
}

/**
 * QUALITY "Reliability" row 1: kill -9 of main's worker, and separately of the backend, at
 * random points of enqueue and push, many times. Both run as real child processes: main's
 * modules under tsx, the backend built by tsc and started with `node`, on one embedded
 * PostgreSQL that outlives them.
 */
describe('[I1][I2] kill -9 of main and of the backend at random points', () => {
  let pg: RunningEmbeddedPostgres;
  let folder: string;
  let backend: ChildProcess | null = null;
  let port: number;
  let products: SellableProduct[] = [];
  let cashierId: string;
  const random = seededRandom(testSeed());

  beforeAll(async () => {
    // The backend needs decorator metadata: it runs as built by tsc, as in production.
    execFileSync(process.execPath, [join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc'), '-b', 'backend'], { cwd: repoRoot, stdio: 'ignore' });
    if (!existsSync(backendMain)) throw new Error(`the backend build is missing: ${backendMain}`);
    folder = await makeTestFolder('seri-kill-nine-');
    pg = await startEmbeddedPostgres({ dataDir: join(folder, 'postgres'), port: await freePort(), postgresFlags: FAST_POSTGRES_FLAGS });
    port = await freePort();
    await startBackend();
    const rows = await query<{ id: string; name: string; price: string }>('SELECT id, name, price FROM products ORDER BY sku LIMIT 12');
    products = rows.map((row) => ({ id: row.id, name: row.name, price: Number(row.price) }));
    const [cashier] = await query<{ id: string }>("SELECT id FROM users WHERE role = 'CASHIER' ORDER BY name LIMIT 1");
    cashierId = cashier!.id;
  });

  afterAll(async () => {
    backend?.kill('SIGKILL');
    await pg?.stop();
    if (folder) await rm(folder, { recursive: true, force: true });
  });

  async function query<T>(sql: string, params: unknown[] = []): Promise<T[]> {
    const { Client } = await import('pg');
    const client = new Client({ connectionString: pg.databaseUrl });
    await client.connect();
    try {
      return (await client.query(sql, params)).rows as T[];
    } finally {
      await client.end();
    }
  }

  async function startBackend(): Promise<void> {
    const child = spawn(process.execPath, [backendMain], {
      cwd: repoRoot,
      env: { ...process.env, DATABASE_URL: pg.databaseUrl, PORT: String(port), HOST: '127.0.0.1' },
      stdio: 'ignore',
    });
    backend = child;
    await eventually('the backend answers /api/health', async () => {
      if (child.exitCode !== null) throw new Error(`the backend exited with ${child.exitCode}`);
      try {
        return (await fetch(`http://127.0.0.1:${port}/api/health`)).ok;
      } catch {
        return false;
      }
    }, 600, 100);
  }

  async function killBackend(): Promise<void> {
    const child = backend;
    if (!child || child.exitCode !== null) return;
    await new Promise<void>((done) => {
      child.once('exit', () => done());
      child.kill('SIGKILL');
    });
    backend = null;
  }

  function runMainChild(dataDir: string, mode: 'sell' | 'drain', confirmed: Confirmed[]): { child: ChildProcess; exited: Promise<number | null> } {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', mainChild, dataDir, `http://127.0.0.1:${port}`, 'DEMO-SHOP', cashierId, JSON.stringify(products), mode],
      { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let buffer = '';
    let errors = '';
    child.stdout.on('data', (chunk: Buffer) => {
      buffer += chunk.toString('utf8');
      const lines = buffer.split('\n');
      buffer = lines.pop() ?? '';
      for (const line of lines) {
        const match = /^CONFIRMED (\S+) (\S+)$/.exec(line);
        if (match) confirmed.push({ opId: match[1]!, saleId: match[2]! });
      }
    });
    child.stderr.on('data', (chunk: Buffer) => {
      errors += chunk.toString('utf8');
    });
    const exited = new Promise<number | null>((done) =>
      child.once('exit', (code) => {
        if (code !== 0 && code !== null && errors) console.error(errors);
        done(code);
      }),
    );
    return { child, exited };
  }

  /** Every confirmed sale is on the server once; every op in the queue is SYNCED and on the server. */
  async function expectExactlyOnce(queuePath: string, confirmed: readonly Confirmed[]): Promise<void> {
    const saleIds = confirmed.map((sale) => sale.saleId);
    expect(new Set(saleIds).size).toBe(saleIds.length);
    const [sales] = await query<{ n: number }>('SELECT count(*)::int AS n FROM sales WHERE id = ANY($1::uuid[])', [saleIds]);
    expect(sales?.n).toBe(confirmed.length);
    const queue = new Database(queuePath, { readonly: true });
    try {
      const states = queue.prepare('SELECT state, count(*) AS n FROM ops GROUP BY state').all() as { state: string; n: number }[];
      expect(states.filter((row) => row.state !== 'SYNCED')).toEqual([]);
      const opIds = (queue.prepare('SELECT op_id FROM ops').all() as { op_id: string }[]).map((row) => row.op_id);
      // No orphan: every op the queue ever took (confirmed or caught by the kill right after
      // its commit) reached the server, once.
      const [processed] = await query<{ n: number }>('SELECT count(*)::int AS n FROM op_claims WHERE op_id = ANY($1::uuid[])', [opIds]);
      expect(processed?.n).toBe(opIds.length);
      expect(opIds).toEqual(expect.arrayContaining(confirmed.map((sale) => sale.opId)));
    } finally {
      queue.close();
    }
  }

  it('[I1][I2] kill -9 of main while it enqueues and pushes: every confirmed sale reaches the server exactly once, no orphan', async () => {
    const dataDir = join(folder, 'main-child');
    const confirmed: Confirmed[] = [];
    const kills = size(5, 40);
    for (let kill = 0; kill < kills; kill += 1) {
      const { child, exited } = runMainChild(dataDir, 'sell', confirmed);
      const before = confirmed.length;
      // Once it has confirmed something, let it run a random while, then no warning at all.
      await eventually('the child confirms a sale', () => confirmed.length > before || child.exitCode !== null, 1200, 25);
      await new Promise((resolve) => setTimeout(resolve, Math.floor(random() * 1_200)));
      child.kill('SIGKILL');
      expect(await exited).toBeNull();
    }
    const { exited } = runMainChild(dataDir, 'drain', confirmed);
    expect(await exited).toBe(0);

    expect(confirmed.length).toBeGreaterThan(kills);
    await expectExactlyOnce(join(dataDir, 'queue.sqlite3'), confirmed);
  });

  it('[I1][I2] kill -9 of the backend while terminals push: nothing lost, nothing doubled', async () => {
    const core: TerminalCore = createTerminalCore({
      dataDir: join(folder, 'main-in-process'),
      emit: () => undefined,
      allowedOrigins: ['http://127.0.0.1:1'],
      logger: silentLogger,
      realtime: false,
      requestTimeoutMs: 5_000,
    });
    try {
      const info = await core.device.enroll({ serverUrl: `http://127.0.0.1:${port}`, code: 'DEMO-SHOP', name: 'backend-killer' });
      core.worker.start();
      const ops = new OpFactory({ deviceId: info.deviceId!, shopId: info.shop!.id, terminalCode: info.terminalCode!, userId: cashierId });
      const confirmed: Confirmed[] = [];
      const kills = size(4, 30);
      for (let kill = 0; kill < kills; kill += 1) {
        // Sales keep coming while the backend is killed somewhere in the middle of the pushes.
        const selling = (async () => {
          for (let n = 0; n < 40; n += 1) {
            const sale = ops.sale([{ product: products[n % products.length]!, quantity: 1 }]);
            core.queue.enqueue([sale]);
            core.worker.notifyEnqueued();
            confirmed.push({ opId: sale.opId, saleId: sale.payload.id });
            await new Promise((resolve) => setTimeout(resolve, 5));
          }
        })();
        await new Promise((resolve) => setTimeout(resolve, 50 + Math.floor(random() * 400)));
        await killBackend();
        await selling;
        await startBackend();
        core.worker.signalOnline();
      }
      await eventually('the queue drains', async () => {
        const status = await core.worker.syncNow();
        return status.pending + status.syncing + status.failed === 0;
      }, 300, 100);
      await core.close();
      await expectExactlyOnce(join(folder, 'main-in-process', 'queue.sqlite3'), confirmed);
    } finally {
      await core.close();
    }
  });
});
