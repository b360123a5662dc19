import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from './data-source-options';
import { readBackendConfig } from '../config/backend-config';
import { startEmbeddedPostgres } from './embedded-postgres';

/**
 * `npm run migrations:run`: applies pending migrations to DATABASE_URL, or to the embedded
 * database (SERI_DATA_DIR, default <repo>/.data/postgres) when no URL is given.
 */
async function main(): Promise<void> {
  const config = readBackendConfig();
  const envUrl = config.databaseUrl;
  const embedded = envUrl ? null : await startEmbeddedPostgres({ dataDir: config.dataDir, port: config.pgPort });
  const dataSource = new DataSource(dataSourceOptions(envUrl ?? embedded!.databaseUrl));
  try {
    await dataSource.initialize();
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    console.log(applied.length === 0 ? 'No pending migration.' : `Applied: ${applied.map((m) => m.name).join(', ')}`);
  } finally {
    if (dataSource.isInitialized) await dataSource.destroy();
    await embedded?.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
