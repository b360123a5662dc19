import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import type { ThrottlerStorage } from '@nestjs/throttler';
import { DataSource } from 'typeorm';
import { BackgroundJobs } from '../telemetry/background-jobs';

type ThrottlerStorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

/** Expired counters are deleted this often (a job: counted and logged like the others). */
const PRUNE_EVERY_MS = 10 * 60_000;

/**
 * The throttler's counters in PostgreSQL (`throttle_counters`), so login and enrollment limits
 * hold across every instance behind the load balancer. One statement per attempt, atomic
 * under concurrency (INSERT … ON CONFLICT DO UPDATE locks the row): a fixed window of `ttl`;
 * the attempt past `limit` blocks the tracker for `blockDuration`, during which attempts are
 * refused without counting, so a blocked client cannot extend its own block.
 */
@Injectable()
export class PgThrottlerStorage implements ThrottlerStorage, OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Throttle');
  private pruneTimer: NodeJS.Timeout | null = null;
  private unreachable = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly jobs: BackgroundJobs,
  ) {}

  /**
   * Fails open when PostgreSQL cannot be reached: a request that needs the database fails on
   * its own anyway, and health probes must still answer (503 from readiness, not a 500 here).
   */
  async increment(key: string, ttl: number, limit: number, blockDuration: number, throttlerName: string): Promise<ThrottlerStorageRecord> {
    try {
      const record = await this.count(key, ttl, limit, blockDuration, throttlerName);
      this.unreachable = false;
      return record;
    } catch (error) {
      if (!this.unreachable) this.logger.warn(`throttle counters unreachable, not limiting meanwhile: ${error instanceof Error ? error.message : String(error)}`);
      this.unreachable = true;
      return { totalHits: 0, timeToExpire: Math.ceil(ttl / 1000), isBlocked: false, timeToBlockExpire: 0 };
    }
  }

  private async count(key: string, ttl: number, limit: number, blockDuration: number, throttlerName: string): Promise<ThrottlerStorageRecord> {
    const [row] = await this.dataSource.query<{ hits: number; expires_in: number; blocked: boolean; block_expires_in: number }[]>(
      `INSERT INTO throttle_counters AS t (key, throttler, hits, window_ends_at, blocked_until)
       VALUES ($1, $2, 1, now() + make_interval(secs => $3 / 1000.0), CASE WHEN 1 > $4 THEN now() + make_interval(secs => $5 / 1000.0) END)
       ON CONFLICT (key, throttler) DO UPDATE SET
         hits = CASE WHEN t.blocked_until > now() THEN t.hits
                     WHEN t.window_ends_at <= now() THEN 1
                     ELSE t.hits + 1 END,
         window_ends_at = CASE WHEN t.blocked_until > now() OR t.window_ends_at > now() THEN t.window_ends_at
                               ELSE now() + make_interval(secs => $3 / 1000.0) END,
         blocked_until = CASE WHEN t.blocked_until > now() THEN t.blocked_until
                              WHEN (CASE WHEN t.window_ends_at <= now() THEN 1 ELSE t.hits + 1 END) > $4
                                THEN now() + make_interval(secs => $5 / 1000.0)
                              END
       RETURNING hits,
                 greatest(0, ceil(extract(epoch FROM window_ends_at - now())))::int AS expires_in,
                 coalesce(blocked_until > now(), false) AS blocked,
                 greatest(0, ceil(extract(epoch FROM blocked_until - now())))::int AS block_expires_in`,
      [key, throttlerName, ttl, limit, blockDuration],
    );
    if (!row) throw new Error('the throttle counter could not be updated');
    return {
      totalHits: row.blocked ? Math.max(row.hits, limit + 1) : row.hits,
      timeToExpire: row.expires_in,
      isBlocked: row.blocked,
      timeToBlockExpire: row.blocked ? Math.max(1, row.block_expires_in) : 0,
    };
  }

  onApplicationBootstrap(): void {
    this.pruneTimer = setInterval(() => void this.prune().catch(() => undefined), PRUNE_EVERY_MS);
    this.pruneTimer.unref();
  }

  onModuleDestroy(): void {
    if (this.pruneTimer) clearInterval(this.pruneTimer);
  }

  /** Deletes counters whose window and block are both over. */
  prune(): Promise<{ rows: number }> {
    return this.jobs.run('throttle-counters-prune', async () => {
      const result = await this.dataSource.query<[unknown, number]>(
        `DELETE FROM throttle_counters WHERE window_ends_at < now() AND (blocked_until IS NULL OR blocked_until < now())`,
      );
      return { rows: result[1] ?? 0 };
    });
  }
}
