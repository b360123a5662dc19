import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startBackend, type RunningBackend, type StartBackendOptions } from '../../src/server';

/** Throwaway clusters need no durability; turning it off makes each suite's PostgreSQL much faster. */
export const FAST_POSTGRES_FLAGS = ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'];

export interface TestBackend extends RunningBackend {
  /** The temp folder holding this suite's PostgreSQL data. */
  folder: string;
  pgPort: number;
  /** Closes Nest, stops PostgreSQL and deletes the folder. */
  stop(): Promise<void>;
}

/**
 * A free TCP port on loopback for a suite's PostgreSQL, picked below the OS's ephemeral
 * range so neither client sockets nor another suite's port 0 can land on it meanwhile.
 */
export async function freePort(): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt += 1) {
    const port = 20_000 + Math.floor(Math.random() * 12_000);
    if (await canListen(port)) return port;
  }
  throw new Error('no free port found for PostgreSQL');
}

function canListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.unref();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** A fresh folder PostgreSQL (run as the `postgres` user) can reach; mkdtemp makes it root-only. */
export async function makeTestFolder(prefix = 'seri-backend-'): Promise<string> {
  const folder = await mkdtemp(join(tmpdir(), prefix));
  await chmod(folder, 0o755);
  return folder;
}

/**
 * A fresh embedded PostgreSQL on a free port in a fresh temp folder, migrated and seeded
 * with the demo shop, and the backend on 127.0.0.1 with a random port. One per suite.
 */
export async function startTestBackend(options: Pick<StartBackendOptions, 'seedDemo' | 'config'> = {}): Promise<TestBackend> {
  const folder = await makeTestFolder();
  const pgPort = await freePort();
  let backend: RunningBackend;
  try {
    backend = await startBackend({
      dataDir: join(folder, 'postgres'),
      pgPort,
      port: 0,
      logger: false,
      postgresFlags: FAST_POSTGRES_FLAGS,
      ...options,
    });
  } catch (error) {
    await rm(folder, { recursive: true, force: true });
    throw error;
  }
  return {
    ...backend,
    folder,
    pgPort,
    stop: async () => {
      try {
        await backend.close();
      } finally {
        await rm(folder, { recursive: true, force: true });
      }
    },
  };
}
