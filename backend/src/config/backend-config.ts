import { plainToInstance } from 'class-transformer';
import { IsIn, IsOptional, IsString, Matches, MaxLength, MinLength, validateSync } from 'class-validator';
import { isIP } from 'node:net';
import { defaultDataDir } from '../database/default-data-dir';
import { DEFAULT_EMBEDDED_PORT } from '../database/embedded-postgres';
import { DEFAULT_RATE_LIMIT_PER_MINUTE } from '../common/rate-limit.guard';

/**
 * The backend's one configuration: every environment variable it reads, validated here and
 * nowhere else (README "Configuration" lists them with their defaults). A bad value stops the
 * start with one line naming the variable, before PostgreSQL or HTTP is touched.
 */
export type LogFormat = 'json' | 'pretty';
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevelName = (typeof LOG_LEVELS)[number];
export const NODE_ENVS = ['development', 'production', 'test'] as const;

export interface BackendConfig {
  nodeEnv: (typeof NODE_ENVS)[number];
  port: number;
  host: string;
  /** Null: the embedded PostgreSQL in `dataDir` on `pgPort`. */
  databaseUrl: string | null;
  dataDir: string;
  pgPort: number;
  poolSize: number;
  /** Null: a key made on first start and kept in the database (shared by every instance). */
  jwtSecret: string | null;
  log: { level: LogLevelName; format: LogFormat };
  /** `/metrics` answers a scrape that carries the token or comes from an allowed network; with neither set it answers no one. */
  metrics: { token: string | null; allow: readonly string[] };
  /** Express `trust proxy` (the load balancer's address or hop count), so logs and login limits see the client's address. */
  trustProxy: string | null;
  /** How long SIGTERM waits for requests in flight before closing their connections. */
  shutdownGraceMs: number;
  /** Requests one client address may make per minute across the API but the sync routes (RateLimitGuard). */
  rateLimitPerMinute: number;
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

const PORT = /^\d{1,5}$/;
const INTEGER = /^\d{1,9}$/;
const POSTGRES_URL = /^postgres(ql)?:\/\/[^\s]+$/;

/** The variables as strings, as the environment has them; class-validator checks each. */
class BackendEnvironment {
  @IsOptional() @IsIn(NODE_ENVS, { message: `NODE_ENV must be one of ${NODE_ENVS.join(', ')}` })
  NODE_ENV?: string;

  @IsOptional() @Matches(PORT, { message: 'PORT must be a port number (0–65535)' })
  PORT?: string;

  @IsOptional() @IsString() @MinLength(1, { message: 'HOST must not be empty' }) @MaxLength(255)
  HOST?: string;

  @IsOptional() @Matches(POSTGRES_URL, { message: 'DATABASE_URL must be a postgres:// or postgresql:// URL' })
  DATABASE_URL?: string;

  @IsOptional() @IsString() @MinLength(1, { message: 'SERI_DATA_DIR must not be empty' })
  SERI_DATA_DIR?: string;

  @IsOptional() @Matches(PORT, { message: 'SERI_PG_PORT must be a port number (1–65535)' })
  SERI_PG_PORT?: string;

  @IsOptional() @Matches(INTEGER, { message: 'SERI_DB_POOL_SIZE must be a whole number (1–200)' })
  SERI_DB_POOL_SIZE?: string;

  @IsOptional() @IsString() @MinLength(32, { message: 'SERI_JWT_SECRET must be at least 32 characters' })
  SERI_JWT_SECRET?: string;

  @IsOptional() @IsIn(LOG_LEVELS, { message: `SERI_LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}` })
  SERI_LOG_LEVEL?: string;

  @IsOptional() @IsIn(['json', 'pretty'], { message: 'SERI_LOG_FORMAT must be json or pretty' })
  SERI_LOG_FORMAT?: string;

  @IsOptional() @Matches(/^[A-Za-z0-9_\-.~+/=]{16,512}$/, { message: 'SERI_METRICS_TOKEN must be 16 to 512 URL-safe characters' })
  SERI_METRICS_TOKEN?: string;

  @IsOptional() @IsString()
  SERI_METRICS_ALLOW?: string;

  @IsOptional() @IsString() @MinLength(1, { message: 'SERI_TRUST_PROXY must not be empty' })
  SERI_TRUST_PROXY?: string;

  @IsOptional() @Matches(INTEGER, { message: 'SERI_SHUTDOWN_GRACE_MS must be a whole number of milliseconds' })
  SERI_SHUTDOWN_GRACE_MS?: string;

  @IsOptional() @Matches(/^[1-9]\d{0,6}$/, { message: 'SERI_RATE_LIMIT_PER_MINUTE must be a positive whole number (up to 9999999)' })
  SERI_RATE_LIMIT_PER_MINUTE?: string;
}

/** Every variable the backend reads (README "Configuration" documents each). */
export const CONFIG_VARIABLES = [
  'NODE_ENV', 'PORT', 'HOST', 'DATABASE_URL', 'SERI_DATA_DIR', 'SERI_PG_PORT', 'SERI_DB_POOL_SIZE', 'SERI_JWT_SECRET',
  'SERI_LOG_LEVEL', 'SERI_LOG_FORMAT', 'SERI_METRICS_TOKEN', 'SERI_METRICS_ALLOW', 'SERI_TRUST_PROXY', 'SERI_SHUTDOWN_GRACE_MS',
  'SERI_RATE_LIMIT_PER_MINUTE',
] as const satisfies readonly (keyof BackendEnvironment)[];

/** The process's environment: the one read of it in the backend. */
export function processEnvironment(): Record<string, string | undefined> {
  return process.env;
}

/**
 * Validates the environment and gives the typed configuration with its defaults.
 * Throws ConfigError whose message is one line naming the first bad variable.
 */
export function readBackendConfig(env: Record<string, string | undefined> = processEnvironment()): BackendConfig {
  const raw: Record<string, string> = {};
  for (const key of CONFIG_VARIABLES) {
    const value = env[key];
    // An empty variable is an unset one (shell scripts export VAR= to clear it).
    if (value !== undefined && value !== '') raw[key] = value;
  }
  const parsed = plainToInstance(BackendEnvironment, raw);
  const [problem] = validateSync(parsed, { forbidUnknownValues: false });
  if (problem) {
    const message = Object.values(problem.constraints ?? {})[0] ?? `${problem.property} is invalid`;
    throw new ConfigError(`${message}, got ${JSON.stringify(shown(problem.property, raw[problem.property]))}`);
  }
  const port = Number(parsed.PORT ?? 3000);
  if (port > 65_535) throw new ConfigError(`PORT must be a port number (0–65535), got "${parsed.PORT}"`);
  const pgPort = Number(parsed.SERI_PG_PORT ?? DEFAULT_EMBEDDED_PORT);
  if (pgPort < 1 || pgPort > 65_535) throw new ConfigError(`SERI_PG_PORT must be a port number (1–65535), got "${parsed.SERI_PG_PORT}"`);
  const poolSize = Number(parsed.SERI_DB_POOL_SIZE ?? 10);
  if (poolSize < 1 || poolSize > 200) throw new ConfigError(`SERI_DB_POOL_SIZE must be a whole number (1–200), got "${parsed.SERI_DB_POOL_SIZE}"`);
  if (parsed.DATABASE_URL !== undefined) checkDatabaseUrl(parsed.DATABASE_URL);
  const allow = (parsed.SERI_METRICS_ALLOW ?? '').split(',').map((entry) => entry.trim()).filter((entry) => entry !== '');
  for (const entry of allow) {
    if (!isNetwork(entry)) throw new ConfigError(`SERI_METRICS_ALLOW must be a comma-separated list of addresses or CIDR networks, got "${entry}"`);
  }
  const nodeEnv = (parsed.NODE_ENV ?? 'development') as BackendConfig['nodeEnv'];
  return {
    nodeEnv,
    port,
    host: parsed.HOST ?? '127.0.0.1',
    databaseUrl: parsed.DATABASE_URL ?? null,
    dataDir: parsed.SERI_DATA_DIR ?? defaultDataDir(),
    pgPort,
    poolSize,
    jwtSecret: parsed.SERI_JWT_SECRET ?? null,
    log: {
      level: (parsed.SERI_LOG_LEVEL ?? 'info') as LogLevelName,
      format: (parsed.SERI_LOG_FORMAT ?? (nodeEnv === 'production' ? 'json' : 'pretty')) as LogFormat,
    },
    metrics: { token: parsed.SERI_METRICS_TOKEN ?? null, allow },
    trustProxy: parsed.SERI_TRUST_PROXY ?? null,
    shutdownGraceMs: Number(parsed.SERI_SHUTDOWN_GRACE_MS ?? 10_000),
    rateLimitPerMinute: Number(parsed.SERI_RATE_LIMIT_PER_MINUTE ?? DEFAULT_RATE_LIMIT_PER_MINUTE),
  };
}

/** Secrets are named in the message, never shown. */
function shown(variable: string, value: string | undefined): string {
  if (value === undefined) return '';
  if (/SECRET|TOKEN/.test(variable)) return `<${value.length} characters>`;
  if (variable === 'DATABASE_URL') return value.replace(/\/\/([^@/]*)@/, '//***@');
  return value.length > 80 ? `${value.slice(0, 80)}…` : value;
}

function checkDatabaseUrl(value: string): void {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError(`DATABASE_URL must be a postgres:// or postgresql:// URL, got "${shown('DATABASE_URL', value)}"`);
  }
  if (url.hostname === '' && !url.searchParams.has('host')) {
    throw new ConfigError(`DATABASE_URL must name a host, got "${shown('DATABASE_URL', value)}"`);
  }
}

function isNetwork(entry: string): boolean {
  const [address, bits, ...rest] = entry.split('/');
  if (rest.length > 0 || address === undefined) return false;
  const family = isIP(address);
  if (family === 0) return false;
  if (bits === undefined) return true;
  if (!/^\d{1,3}$/.test(bits)) return false;
  return Number(bits) <= (family === 4 ? 32 : 128);
}
