import 'reflect-metadata';
import { type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import helmet from 'helmet';
import type { Server, ServerResponse } from 'node:http';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { AddressInfo } from 'node:net';
import { DataSource } from 'typeorm';
import { setupOpenApi } from './admin/openapi';
import { AppModule } from './app.module';
import { installJsonBodyParser } from './common/body-parser';
import { InputValidationPipe } from './common/input-validation.pipe';
import { dataSourceOptions } from './database/data-source-options';
import { startEmbeddedPostgres, type RunningEmbeddedPostgres } from './database/embedded-postgres';
import { DemoSeedService, type DemoShopInfo } from './seed/demo-seed';
import { readBackendConfig, type BackendConfig } from './config/backend-config';
import { ReadinessState } from './health/readiness-state';
import { PokeGateway } from './realtime/poke-gateway';
import { Logger as PinoLogger } from 'nestjs-pino';

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
  /** Nest and PostgreSQL logs. Default true; false silences them (tests). */
  logger?: boolean;
  /**
   * Settings over the environment's (readBackendConfig): tests give a metrics token or a
   * shutdown grace here instead of touching process.env.
   */
  config?: Partial<BackendConfig>;
}

export interface RunningBackend {
  /** http://127.0.0.1:PORT */
  url: string;
  port: number;
  app: INestApplication;
  dataSource: DataSource;
  demo: DemoShopInfo | null;
  config: BackendConfig;
  /**
   * Rolling-restart shutdown (what SIGTERM does): readiness goes 503, the listening socket
   * closes (new connections go to another instance), WebSockets close with the restart code,
   * requests in flight finish (cut after the shutdown grace), then Nest and the database
   * pool close, then the embedded PostgreSQL if this call started it.
   */
  close(): Promise<void>;
}

const API_PREFIX = 'api';

/**
 * Starts the backend: embedded PostgreSQL when no database URL is given, migrations
 * (never synchronize), the demo shop on an empty database, then HTTP.
 */
export async function startBackend(options: StartBackendOptions = {}): Promise<RunningBackend> {
  const config = resolveConfig(options);
  const logger = config.log.level !== 'silent';
  const host = config.host;
  const databaseUrl = config.databaseUrl;
  let embedded: RunningEmbeddedPostgres | null = null;
  let dataSource: DataSource | null = null;
  let app: INestApplication | null = null;

  const stopAll = async (): Promise<void> => {
    try {
      if (app) {
        await drain(app, config.shutdownGraceMs);
        await app.close();
      } else if (dataSource?.isInitialized) await dataSource.destroy();
    } finally {
      await embedded?.stop();
    }
  };

  try {
    if (!databaseUrl) {
      embedded = await startEmbeddedPostgres({
        dataDir: config.dataDir,
        port: config.pgPort,
        ...(options.postgresFlags ? { postgresFlags: options.postgresFlags } : {}),
        ...(logger ? { onLog: logPostgresProblems } : {}),
      });
    }
    dataSource = new DataSource({
      ...dataSourceOptions(databaseUrl ?? embedded!.databaseUrl, { poolSize: config.poolSize }),
      logging: logger ? ['error', 'warn', 'migration'] : false,
    });
    await dataSource.initialize();
    await dataSource.runMigrations({ transaction: 'each' });

    app = await createApp(dataSource, config);
    const demo = options.seedDemo === false ? await app.get(DemoSeedService).readDemo() : await app.get(DemoSeedService).seedIfEmpty();
    await app.listen(config.port, host);
    const address = (app.getHttpServer() as Server).address() as AddressInfo;
    const urlHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
    let closed: Promise<void> | null = null;
    return {
      url: `http://${urlHost}:${address.port}`,
      port: address.port,
      app,
      dataSource,
      demo,
      config,
      close: () => (closed ??= stopAll()),
    };
  } catch (error) {
    await stopAll().catch(() => undefined);
    throw error;
  }
}

/** The environment's configuration (validated), with the caller's options over it. */
function resolveConfig(options: StartBackendOptions): BackendConfig {
  const base = readBackendConfig();
  const given = options.config ?? {};
  const config: BackendConfig = { ...base, ...given, log: { ...base.log, ...given.log }, metrics: { ...base.metrics, ...given.metrics } };
  if (options.port !== undefined) config.port = options.port;
  if (options.host !== undefined) config.host = options.host;
  if (options.databaseUrl !== undefined) config.databaseUrl = options.databaseUrl;
  if (options.dataDir !== undefined) config.dataDir = options.dataDir;
  if (options.pgPort !== undefined) config.pgPort = options.pgPort;
  if (options.logger === false) config.log = { ...config.log, level: 'silent' };
  return config;
}

/**
 * The first half of a graceful shutdown, while the database is still open: stop being ready,
 * stop accepting, send terminals elsewhere, let requests in flight (a push being applied)
 * finish and answer. Keep-alive connections are told `Connection: close` and dropped once idle.
 */
async function drain(app: INestApplication, graceMs: number): Promise<void> {
  app.get(ReadinessState).drain();
  const server = app.getHttpServer() as Server;
  if (!server.listening) return;
  const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  await app.get(PokeGateway).closeForRestart(Math.min(graceMs, 2_000));
  // A connection that finishes its request in flight becomes idle; drop it then.
  const sweep = setInterval(() => server.closeIdleConnections(), 50);
  let timer: NodeJS.Timeout | undefined;
  const cut = new Promise<void>((resolve) => {
    timer = setTimeout(() => {
      server.closeAllConnections();
      resolve();
    }, graceMs);
  });
  try {
    await Promise.race([stopped, cut]);
  } finally {
    clearInterval(sweep);
    clearTimeout(timer);
  }
}

/** PostgreSQL is chatty (checkpoints, startup); the console gets its warnings and errors only. */
function logPostgresProblems(message: string): void {
  for (const line of message.split('\n')) {
    if (/\b(WARNING|ERROR|FATAL|PANIC)\b/.test(line)) console.error(`[postgres] ${line}`);
  }
}

/** The Nest application with everything global: prefix, helmet, body limits, validation, errors, logs. */
export async function createApp(dataSource: DataSource, configOrLogger: BackendConfig | boolean = true): Promise<INestApplication> {
  const config = typeof configOrLogger === 'boolean' ? resolveConfig({ logger: configOrLogger }) : configOrLogger;
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forDataSource(dataSource, config), {
    bufferLogs: true,
    bodyParser: false,
    abortOnError: false,
  });
  app.useLogger(app.get(PinoLogger));
  if (config.trustProxy !== null) app.set('trust proxy', trustProxyValue(config.trustProxy));
  // While draining, answers close their connection, so a terminal's next request opens one to an instance that is up.
  const readiness = app.get(ReadinessState);
  app.use((_request: unknown, response: ServerResponse, next: () => void) => {
    if (readiness.draining) response.setHeader('Connection', 'close');
    next();
  });
  app.setGlobalPrefix(API_PREFIX, { exclude: ['metrics'] });
  app.use(helmet());
  installJsonBodyParser(app);
  app.useGlobalPipes(new InputValidationPipe());
  setupOpenApi(app);
  return app;
}

/** Express's `trust proxy`: a hop count, true/false, or addresses and names (loopback, 10.0.0.0/8). */
function trustProxyValue(value: string): boolean | number | string {
  if (value === 'true') return true;
  if (value === 'false') return false;
  if (/^\d+$/.test(value)) return Number(value);
  return value;
}
