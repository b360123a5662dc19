import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { connect } from 'node:net';
import { join } from 'node:path';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { dataSourceOptions, MIGRATIONS_TABLE } from '../src/database/data-source-options';
import { startEmbeddedPostgres } from '../src/database/embedded-postgres';
import { MIGRATIONS } from '../src/database/migrations';
import { DEMO_PRODUCTS } from '../src/seed/demo-catalog';
import { startBackend } from '../src/server';
import { FAST_POSTGRES_FLAGS, freePort, makeTestFolder } from './support/test-backend';

const TABLES = [
  'audit_log',
  'auth_secrets',
  'cash_movements',
  'cash_sessions',
  'changes',
  'conflict_log',
  'conflict_resolutions',
  'devices',
  'enrollment_codes',
  'expenses',
  // A view: every op's claim, in processed_ops or on its sale row (migration 1764900000000).
  'op_claims',
  'processed_ops',
  'products',
  'quick_key_layouts',
  'refresh_tokens',
  'rejected_op_resolutions',
  'rejected_ops',
  'sale_lines',
  'sale_refunds',
  'sale_reviews',
  'sales',
  'shop_admins',
  'shops',
  'stock_alerts',
  'stock_levels',
  'stock_movements',
  'tax_rates',
  'throttle_counters',
  'users',
];

function portAccepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

async function tableNames(dataSource: DataSource): Promise<string[]> {
  const rows = await dataSource.query<{ table_name: string }[]>(
    `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_name <> $1 ORDER BY table_name`,
    [MIGRATIONS_TABLE],
  );
  return rows.map((row) => row.table_name);
}

describe('the backend server', () => {
  let folder: string;

  beforeAll(async () => {
    folder = await makeTestFolder('seri-server-');
  });

  afterAll(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  it('runs every migration on a fresh database, and each one down and up again', async () => {
    const pg = await startEmbeddedPostgres({ dataDir: join(folder, 'migrations'), port: await freePort(), postgresFlags: FAST_POSTGRES_FLAGS });
    const dataSource = new DataSource({ ...dataSourceOptions(pg.databaseUrl), logging: false });
    try {
      await dataSource.initialize();
      expect(await tableNames(dataSource)).toEqual([]);

      const applied = await dataSource.runMigrations({ transaction: 'each' });
      expect(applied.map((migration) => migration.name)).toEqual(MIGRATIONS.map((migration) => migration.name));
      expect(await tableNames(dataSource)).toEqual(TABLES);
      expect(await dataSource.showMigrations()).toBe(false);
      const [txid] = await dataSource.query<{ data_type: string; column_default: string }[]>(
        "SELECT data_type, column_default FROM information_schema.columns WHERE table_name = 'changes' AND column_name = 'txid'",
      );
      expect(txid).toEqual({ data_type: 'xid8', column_default: 'pg_current_xact_id()' });

      for (let step = 0; step < MIGRATIONS.length; step += 1) await dataSource.undoLastMigration({ transaction: 'each' });
      expect(await tableNames(dataSource)).toEqual([]);
      expect(await dataSource.runMigrations({ transaction: 'each' })).toHaveLength(MIGRATIONS.length);
      expect(await tableNames(dataSource)).toEqual(TABLES);
    } finally {
      if (dataSource.isInitialized) await dataSource.destroy();
      await pg.stop();
    }
  }, 120_000);

  it('starts on a new data folder, seeds the demo once, and on a second start reuses the folder and reads the demo back', async () => {
    const dataDir = join(folder, 'server');
    const pgPort = await freePort();
    const options = { dataDir, pgPort, port: 0, logger: false, postgresFlags: FAST_POSTGRES_FLAGS };

    const first = await startBackend(options);
    let firstDemo;
    let changeCount: number;
    try {
      expect(first.url).toBe(`http://127.0.0.1:${first.port}`);
      expect((await request(first.url).get('/api/health')).status).toBe(200);
      firstDemo = first.demo;
      expect(firstDemo).toEqual({
        shopId: expect.any(String) as string,
        shopName: 'Boutique Seri — Démo',
        enrollmentCode: 'DEMO-SHOP',
        manager: { id: expect.any(String) as string, name: 'Awa Diop', pin: '9999' },
        cashiers: [
          { id: expect.any(String) as string, name: 'Moussa Ndiaye', pin: '1111' },
          { id: expect.any(String) as string, name: 'Fatou Sow', pin: '2222' },
        ],
        productCount: DEMO_PRODUCTS.length,
        logins: {
          manager: { id: expect.any(String) as string, name: 'Awa Diop', pin: '9999', email: 'awa@seri.demo', password: expect.any(String) as string },
          admin: { id: expect.any(String) as string, name: 'Ibrahima Fall', pin: '8888', email: 'admin@seri.demo', password: expect.any(String) as string },
        },
      });
      const [row] = await first.dataSource.query<{ n: number }[]>('SELECT count(*)::int AS n FROM changes');
      changeCount = row!.n;
    } finally {
      await first.close();
    }
    expect(await portAccepts(pgPort)).toBe(false);
    expect(existsSync(join(dataDir, 'PG_VERSION'))).toBe(true);

    const second = await startBackend(options);
    try {
      expect(second.demo).toEqual(firstDemo);
      const [row] = await second.dataSource.query<{ n: number }[]>('SELECT count(*)::int AS n FROM changes');
      expect(row?.n).toBe(changeCount);
      expect(await second.dataSource.showMigrations()).toBe(false);
    } finally {
      await second.close();
    }
    expect(await portAccepts(pgPort)).toBe(false);
  }, 180_000);

  it('with seedDemo false leaves an empty database empty', async () => {
    const backend = await startBackend({
      dataDir: join(folder, 'empty'),
      pgPort: await freePort(),
      port: 0,
      logger: false,
      seedDemo: false,
      postgresFlags: FAST_POSTGRES_FLAGS,
    });
    try {
      expect(backend.demo).toBeNull();
      const [row] = await backend.dataSource.query<{ n: number }[]>('SELECT count(*)::int AS n FROM shops');
      expect(row?.n).toBe(0);
    } finally {
      await backend.close();
    }
  }, 120_000);

  it('refuses to start on a PostgreSQL port already in use, leaving nothing running', async () => {
    const pgPort = await freePort();
    const holder = await startEmbeddedPostgres({ dataDir: join(folder, 'holder'), port: pgPort, postgresFlags: FAST_POSTGRES_FLAGS });
    try {
      await expect(startBackend({ dataDir: join(folder, 'clash'), pgPort, port: 0, logger: false, postgresFlags: FAST_POSTGRES_FLAGS })).rejects.toThrow(
        /did not start on port/,
      );
    } finally {
      await holder.stop();
    }
  }, 120_000);
});
