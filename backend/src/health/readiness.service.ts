import { HttpException, HttpStatus, Injectable } from '@nestjs/common';
import { httpError } from '../common/error-body';
import { HealthCheckService, HealthIndicatorService, TypeOrmHealthIndicator, type HealthCheckResult, type HealthIndicatorResult } from '@nestjs/terminus';
import { DataSource } from 'typeorm';
import { ChangeListener } from '../realtime/change-listener';
import { ReadinessState } from './readiness-state';

const DATABASE_TIMEOUT_MS = 2_000;

/**
 * Liveness (the process answers) and readiness (it can serve: database reachable, every
 * migration applied, the LISTEN connection up, not shutting down), for load balancers and
 * orchestrators. Terminals keep `/api/health`.
 */
@Injectable()
export class ReadinessService {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly database: TypeOrmHealthIndicator,
    private readonly dataSource: DataSource,
    private readonly listener: ChangeListener,
    private readonly state: ReadinessState,
  ) {}

  live(): Promise<HealthCheckResult> {
    return this.health.check([() => this.indicators.check('process').up({ pid: process.pid, uptimeSeconds: Math.round(process.uptime()) })]);
  }

  /** 503 naming the failing checks when any is down. */
  async ready(): Promise<HealthCheckResult> {
    try {
      return await this.checks();
    } catch (error) {
      const result = error instanceof HttpException ? (error.getResponse() as Partial<HealthCheckResult>) : null;
      if (!result?.error) throw error;
      const failing = Object.entries(result.error).map(([check, detail]) => `${check}: ${messageOf(detail)}`);
      throw httpError(HttpStatus.SERVICE_UNAVAILABLE, `not ready: ${failing.join('; ')}`, failing);
    }
  }

  private checks(): Promise<HealthCheckResult> {
    return this.health.check([
      () => {
        const shutdown = this.indicators.check('shutdown');
        return this.state.draining ? shutdown.down({ message: 'shutting down' }) : shutdown.up();
      },
      () => this.database.pingCheck('database', { connection: this.dataSource, timeout: DATABASE_TIMEOUT_MS }),
      () => this.migrations(),
      () => {
        const listener = this.indicators.check('listener');
        return this.listener.listening ? listener.up() : listener.down({ message: 'LISTEN connection down; reconnecting' });
      },
    ]);
  }

  private async migrations(): Promise<HealthIndicatorResult<'migrations'>> {
    const session = this.indicators.check('migrations');
    try {
      const pending = await this.dataSource.showMigrations();
      return pending ? session.down({ message: 'migrations are pending: run npm run migrations:run' }) : session.up();
    } catch (error) {
      return session.down({ message: error instanceof Error ? error.message : 'could not read the migrations table' });
    }
  }
}

function messageOf(detail: unknown): string {
  const message = (detail as { message?: unknown } | undefined)?.message;
  return typeof message === 'string' ? message : 'down';
}
