import 'reflect-metadata';
import { type INestApplication, type LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import helmet from 'helmet';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DataSource } from 'typeorm';
import { setupOpenApi } from './admin/openapi';
import { AppModule } from './app.module';
import { installJsonBodyParser } from './common/body-parser';
import { InputValidationPipe } from './common/input-validation.pipe';
import { dataSourceOptions } from './database/data-source-options';
import { defaultDataDir } from './database/default-data-dir';
import { DEFAULT_EMBEDDED_PORT, startEmbeddedPostgres, type RunningEmbeddedPostgres } from './database/embedded-postgres';
import { DemoSeedService, type DemoShopInfo } from './seed/demo-seed';

export type { DemoPerson, DemoShopInfo } from './seed/demo-seed';

export interface StartBackendOptions {
  /** HTTP port; 0 picks a free one. Default 3000. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** A PostgreSQL to use instead of the embedded one (also read from DATABASE_URL). */
  databaseUrl?: string;
  /** Embedded PostgreSQL data folder; default <repo>/.data/postgres. */
  dataDir?: string;
  /** Embedded PostgreSQL port; default 5433. */
  pgPort?: number;
  /** Extra flags for the embedded `postgres` (tests turn fsync off). */
  postgresFlags?: string[];
  /** Seed the demo shop when the database has no shop. Default true. */
  seedDemo?: boolean;
  /** Nest and PostgreSQL logs. Default true. */
  logger?: boolean;
}

export interface RunningBackend {
  /** http://127.0.0.1:PORT */
  url: string;
  port: number;
  app: INestApplication;
  dataSource: DataSource;
  demo: DemoShopInfo | null;
  /** Closes Nest (and the database pool), then stops the embedded PostgreSQL if this call started it. */
  close(): Promise<void>;
}

const API_PREFIX = 'api';

/**
 * Starts the backend: embedded PostgreSQL when no database URL is given, migrations
 * (never synchronize), the demo shop on an empty database, then HTTP.
 */
export async function startBackend(options: StartBackendOptions = {}): Promise<RunningBackend> {
  const logger = options.logger ?? true;
  const host = options.host ?? '127.0.0.1';
  const databaseUrl = options.databaseUrl ?? process.env['DATABASE_URL'];
  let embedded: RunningEmbeddedPostgres | null = null;
  let dataSource: DataSource | null = null;
  let app: INestApplication | null = null;

  const stopAll = async (): Promise<void> => {
    try {
      if (app) await app.close();
      else if (dataSource?.isInitialized) await dataSource.destroy();
    } finally {
      await embedded?.stop();
    }
  };

  try {
    if (!databaseUrl) {
      embedded = await startEmbeddedPostgres({
        dataDir: options.dataDir ?? defaultDataDir(),
        port: options.pgPort ?? DEFAULT_EMBEDDED_PORT,
        ...(options.postgresFlags ? { postgresFlags: options.postgresFlags } : {}),
        ...(logger ? { onLog: logPostgresProblems } : {}),
      });
    }
    dataSource = new DataSource({ ...dataSourceOptions(databaseUrl ?? embedded!.databaseUrl), logging: logger ? ['error', 'warn', 'migration'] : false });
    await dataSource.initialize();
    await dataSource.runMigrations({ transaction: 'each' });

    app = await createApp(dataSource, logger);
    const demo = options.seedDemo === false ? await app.get(DemoSeedService).readDemo() : await app.get(DemoSeedService).seedIfEmpty();
    await app.listen(options.port ?? 3000, host);
    const address = (app.getHttpServer() as Server).address() as AddressInfo;
    const urlHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
    let closed: Promise<void> | null = null;
    return {
      url: `http://${urlHost}:${address.port}`,
      port: address.port,
      app,
      dataSource,
      demo,
      close: () => (closed ??= stopAll()),
    };
  } catch (error) {
    await stopAll().catch(() => undefined);
    throw error;
  }
}

/** PostgreSQL is chatty (checkpoints, startup); the console gets its warnings and errors only. */
function logPostgresProblems(message: string): void {
  for (const line of message.split('\n')) {
    if (/\b(WARNING|ERROR|FATAL|PANIC)\b/.test(line)) console.error(`[postgres] ${line}`);
  }
}

/** The Nest application with everything global: prefix, helmet, body limits, validation, errors. */
export async function createApp(dataSource: DataSource, logger = true): Promise<INestApplication> {
  const levels: LogLevel[] = ['log', 'warn', 'error'];
  const app = await NestFactory.create(AppModule.forDataSource(dataSource), {
    logger: logger ? levels : false,
    bodyParser: false,
    abortOnError: false,
  });
  app.setGlobalPrefix(API_PREFIX);
  app.use(helmet());
  installJsonBodyParser(app);
  app.useGlobalPipes(new InputValidationPipe());
  setupOpenApi(app);
  return app;
}
