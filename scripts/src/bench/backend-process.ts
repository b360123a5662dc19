import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
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
    // SERI_BENCH_CPU_PROF=<folder>: the backend writes a V8 CPU profile there when it exits (profiling, not timing).
    const profile = process.env.SERI_BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.SERI_BENCH_CPU_PROF}`] : [];
    const child = spawn(process.execPath, [...profile, join(repoRoot, 'backend', 'dist', 'src', 'main.js')], {
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

const CLOCK_TICKS_PER_SECOND = 100;

/** CPU seconds (user + system) a live process has used so far; 0 once it is gone. */
export function cpuSeconds(pid: number): number {
  try {
    // Fields after the command's closing parenthesis: state is 3rd, utime 14th, stime 15th.
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND;
  } catch {
    return 0;
  }
}

/**
 * CPU seconds of a PostgreSQL cluster's processes (the postmaster and every process it
 * started: connections, WAL writer, checkpointer, autovacuum workers), by pid.
 */
export function postgresCpuByPid(dataDir: string): Map<number, number> {
  const postmaster = Number(readFileSync(join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
  const byPid = new Map([[postmaster, cpuSeconds(postmaster)]]);
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8').split(') ')[1]!.split(' ');
      if (Number(stat[1]) === postmaster) byPid.set(Number(entry), cpuSeconds(Number(entry)));
    } catch {
      // A process that ended between the listing and the read.
    }
  }
  return byPid;
}

/** CPU seconds the cluster used between two samples: processes started since count whole; one that ended in between is lost (an undercount, never negative). */
export function postgresCpuSince(before: ReadonlyMap<number, number>, after: ReadonlyMap<number, number>): number {
  let total = 0;
  for (const [pid, seconds] of after) total += Math.max(0, seconds - (before.get(pid) ?? 0));
  return total;
}

/**
 * SERI_BENCH_PG_STATS=1: PostgreSQL loads pg_stat_statements (every statement, nested ones
 * such as foreign-key checks included), for `topStatements`. Profiling only.
 */
const PG_STATS_FLAGS = ['-c', 'shared_preload_libraries=pg_stat_statements', '-c', 'pg_stat_statements.track=all'];

/** The statements that took the most execution time since the last reset, with calls, rows and ms; '' without SERI_BENCH_PG_STATS. */
export async function topStatements(dataSource: DataSource, limit = 25): Promise<string> {
  if (process.env.SERI_BENCH_PG_STATS !== '1') return '';
  const rows = await dataSource.query<{ calls: string; rows: string; ms: string; query: string }[]>(
    `SELECT calls::text, rows::text, round(total_exec_time)::text AS ms, left(regexp_replace(query, '\\s+', ' ', 'g'), 160) AS query
       FROM pg_stat_statements ORDER BY total_exec_time DESC LIMIT $1`,
    [limit],
  );
  return rows.map((row) => `${row.ms.padStart(7)} ms ${row.calls.padStart(7)} calls ${row.rows.padStart(8)} rows  ${row.query}`).join('\n');
}

export async function resetStatements(dataSource: DataSource): Promise<void> {
  if (process.env.SERI_BENCH_PG_STATS !== '1') return;
  await dataSource.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
  await dataSource.query('SELECT pg_stat_statements_reset()');
}

/** Embedded PostgreSQL, the backend process on it (migrated, demo shop seeded) and a connection for the benchmark's own reads and limits. */
export interface BackendRig {
  server: RunningServer;
  port: number;
  dataSource: DataSource;
  demo: { shopId: string; enrollmentCode: string; cashiers: { id: string }[] };
  /** The cluster's data folder (for `postgresCpuSeconds`). */
  dataDir: string;
  close(): Promise<void>;
}

export async function startBackendRig(prefix: string): Promise<BackendRig> {
  const folder = await makeTestFolder(prefix);
  const postgres: RunningEmbeddedPostgres = await startEmbeddedPostgres({
    dataDir: join(folder, 'postgres'),
    port: await freePort(),
    ...(process.env.SERI_BENCH_PG_STATS === '1' ? { postgresFlags: PG_STATS_FLAGS } : {}),
  });
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
    return { server, port: server.port, dataSource, demo: { shopId: shop.shop_id, enrollmentCode: DEMO_ENROLLMENT_CODE, cashiers }, dataDir: postgres.dataDir, close };
  } catch (error) {
    await close();
    throw error;
  }
}
