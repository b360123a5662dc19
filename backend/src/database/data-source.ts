import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { readBackendConfig } from '../config/backend-config';
import { dataSourceOptions } from './data-source-options';

/**
 * For the TypeORM CLI (`npm run migrations:generate -w backend`) against DATABASE_URL.
 * `npm run migrations:run` uses run-migrations.ts, which also handles the embedded database.
 */
const url = readBackendConfig().databaseUrl ?? 'postgres://postgres:postgres@127.0.0.1:5432/seri';

// The CLI wants exactly one DataSource export.
export default new DataSource(dataSourceOptions(url));
