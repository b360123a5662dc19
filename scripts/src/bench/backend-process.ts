import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { startEmbeddedPostgres, type RunningEmbeddedPostgres } from '../../../backend/dist/src/database/embedded-postgres';
import { DEMO_ENROLLMENT_CODE } from '../../../backend/dist/src/seed/demo-seed';
import { freePort, makeTestFolder } from '../../../backend/dist/test/support/test-backend';
import { repoRoot } from './browser-page';

export interface RunningServer {
  url: string;
  port: number;
  child: ChildProcess;
}

/**
 * `node backend/dist/src/main.js` against the given database: the backend in its own
 * process, as a shop runs it, so its CPU and its RSS are its own and not the terminal's.
 * JSON logs at info, as in production. `port` 0 picks a free one; a restarted instance
 * gets its old port back, as behind a load balancer.
 */
export function startBackendProcess(databaseUrl: string, port = 0): Promise<RunningServer> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(repoRoot, 'backend', 'dist', 'src', 'main.js')], {
      env: { ...process.env, DATABASE_URL: databaseUrl, PORT: String(port), HOST: '127.0.0.1', NODE_ENV: 'production', SERI_LOG_FORMAT: 'json' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    const onData = (chunk: Buffer): void => {
      out += chunk.toString('utf8');
      const match = /listening on (http:\/\/[^\s]+)/.exec(out);
      if (match) {
        child.stdout?.off('data', onData);
        // Keep draining its logs so the pipe never blocks it.
        child.stdout?.resume();
        resolve({ url: match[1]!, port: Number(new URL(match[1]!).port), child });
      }
    };
    child.stdout?.on('data', onData);
    // Only the tail is kept: a long run logs a line per request.
    child.stderr?.on('data', (chunk: Buffer) => (out = (out + chunk.toString('utf8')).slice(-8000)));
    child.on('exit', (code) => reject(new Error(`backend exited ${code}: ${out.slice(-2000)}`)));
  });
}

export async function stopBackendProcess(server: RunningServer): Promise<void> {
  const child = server.child;
  child.removeAllListeners('exit');
  if (child.exitCode !== null) return;
  await new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

export function rssMb(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) / 1024 : 0;
}

/** Embedded PostgreSQL, the backend process on it (migrated, demo shop seeded) and a connection for the benchmark's own reads and limits. */
export interface BackendRig {
  server: RunningServer;
  port: number;
  dataSource: DataSource;
  demo: { shopId: string; enrollmentCode: string; cashiers: { id: string }[] };
  close(): Promise<void>;
}

export async function startBackendRig(prefix: string): Promise<BackendRig> {
  const folder = await makeTestFolder(prefix);
  const postgres: RunningEmbeddedPostgres = await startEmbeddedPostgres({ dataDir: join(folder, 'postgres'), port: await freePort() });
  let server: RunningServer | null = null;
  const dataSource = new DataSource({ type: 'postgres', url: postgres.databaseUrl });
  const close = async (): Promise<void> => {
    if (server) await stopBackendProcess(server);
    if (dataSource.isInitialized) await dataSource.destroy();
    await postgres.stop();
    await rm(folder, { recursive: true, force: true });
  };
  try {
    server = await startBackendProcess(postgres.databaseUrl);
    await dataSource.initialize();
    const [shop] = await dataSource.query<{ shop_id: string }[]>('SELECT shop_id FROM enrollment_codes WHERE code = $1', [DEMO_ENROLLMENT_CODE]);
    if (!shop) throw new Error('the backend did not seed the demo shop');
    const cashiers = await dataSource.query<{ id: string }[]>("SELECT id FROM users WHERE role = 'CASHIER' AND shop_id = $1 ORDER BY id", [shop.shop_id]);
    return { server, port: server.port, dataSource, demo: { shopId: shop.shop_id, enrollmentCode: DEMO_ENROLLMENT_CODE, cashiers }, close };
  } catch (error) {
    await close();
    throw error;
  }
}
