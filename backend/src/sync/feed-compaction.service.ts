import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { retentionCutoffDay, retentionDaysOf } from '@seri/shared';
import { DataSource, type EntityManager } from 'typeorm';
import { selectRows, updateReturning } from '../common/sql';
import { outsideWindow } from './change-feed.service';
import { RETENTION_OPTIONS, type RetentionOptions } from './retention-options';

export interface CompactionReport {
  /** Feed rows deleted: superseded by a later row of the same record, or history outside the window. */
  feedRows: number;
  /** Idempotency records deleted, past the idempotency horizon. */
  processedOps: number;
}

/** One compaction at a time across every backend instance on this database. */
const COMPACTION_LOCK = "hashtextextended('seri:feed-compaction', 0)";

/**
 * Keeps the server's growth bounded (I12): the `changes` table grows with live records plus
 * the retention window, and `processed_ops` with the idempotency horizon, not with the shop's age.
 *
 * A feed row is deleted when, below the oldest cursor of the shop's active terminals and below
 * the horizon of finished transactions, it is either superseded by a later row of the same
 * record, or a windowed record (sale, movement, expense) dated before the shop's window. These
 * are exactly the rows a pull already leaves out (see ChangeFeedService), so no device, however
 * far behind, can miss a change it needs: a lagging one still gets every record's latest row
 * and converges (I8). Tombstones and each record's latest row are never deleted (I3).
 *
 * Work goes in small batches with pauses, each its own short transaction, so pushes and pulls
 * keep running beside it.
 */
@Injectable()
export class FeedCompactionService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('FeedCompaction');
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<CompactionReport> | null = null;
  private closing = false;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(RETENTION_OPTIONS) private readonly options: RetentionOptions,
  ) {}

  onApplicationBootstrap(): void {
    if (this.options.compactionIntervalMs <= 0) return;
    this.timer = setInterval(() => {
      this.compact().catch((error: unknown) => this.logger.error(`compaction failed: ${String(error)}`));
    }, this.options.compactionIntervalMs);
    this.timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    this.closing = true;
    if (this.timer) clearInterval(this.timer);
    await this.running?.catch(() => undefined);
  }

  /** One full pass over every shop; a pass already running is joined, not doubled. */
  compact(now: number = Date.now()): Promise<CompactionReport> {
    this.running ??= this.pass(now).finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async pass(now: number): Promise<CompactionReport> {
    const report: CompactionReport = { feedRows: 0, processedOps: 0 };
    const shops = await selectRows<{ id: string; retention_days: number | null }>(this.dataSource.manager, 'SELECT id, retention_days FROM shops ORDER BY id');
    for (const shop of shops) {
      const cutoffDay = retentionCutoffDay(now, retentionDaysOf({ retentionDays: shop.retention_days }));
      for (;;) {
        if (this.closing) return report;
        const deleted = await this.batch((manager) => this.deleteFeedRows(manager, shop.id, cutoffDay, now));
        if (deleted === null) return report;
        report.feedRows += deleted;
        if (deleted < this.options.compactionBatchRows) break;
        await pause(this.options.compactionPauseMs);
      }
    }
    const before = new Date(now - this.options.idempotencyHorizonDays * 24 * 60 * 60 * 1000 - this.options.processedOpsMarginMs);
    for (;;) {
      if (this.closing) return report;
      const deleted = await this.batch((manager) => this.deleteProcessedOps(manager, before));
      if (deleted === null) return report;
      report.processedOps += deleted;
      if (deleted < this.options.compactionBatchRows) break;
      await pause(this.options.compactionPauseMs);
    }
    if (report.feedRows + report.processedOps > 0) this.logger.log(`compacted ${report.feedRows} feed rows, ${report.processedOps} idempotency records`);
    return report;
  }

  /** A batch in its own transaction, holding the instance-wide lock; null when another instance compacts. */
  private batch(work: (manager: EntityManager) => Promise<number>): Promise<number | null> {
    return this.dataSource.transaction(async (manager) => {
      const [lock] = await selectRows<{ locked: boolean }>(manager, `SELECT pg_try_advisory_xact_lock(${COMPACTION_LOCK}) AS locked`);
      return lock?.locked ? work(manager) : null;
    });
  }

  private async deleteFeedRows(manager: EntityManager, shopId: string, cutoffDay: string, now: number): Promise<number> {
    const activeSince = new Date(now - this.options.activeDeviceDays * 24 * 60 * 60 * 1000);
    // The floor: finished transactions only (as a pull sees them), and no further than the
    // oldest cursor an active terminal reported. A terminal that never reported one starts
    // from the beginning, where a pull leaves these rows out anyway.
    const deleted = await updateReturning<{ seq: string }>(
      manager,
      `WITH floor AS (
         SELECT least(pg_snapshot_xmin(pg_current_snapshot()),
                      (SELECT min(split_part(d.reported_cursor, ':', 1)::xid8) FROM devices d
                        WHERE d.shop_id = $1 AND d.kind = 'TERMINAL' AND d.revoked_at IS NULL
                          AND d.reported_cursor IS NOT NULL AND d.reported_cursor <> '0' AND d.last_seen_at >= $3)) AS txid
       )
       DELETE FROM changes WHERE seq IN (
         SELECT c.seq FROM changes c, floor
          WHERE c.shop_id = $1 AND c.txid < floor.txid
            AND (${outsideWindow('c', '$2')}
                 OR EXISTS (SELECT 1 FROM changes later
                             WHERE later.shop_id = c.shop_id AND later.entity = c.entity AND later.entity_id = c.entity_id
                               AND (later.txid, later.seq) > (c.txid, c.seq) AND later.txid < floor.txid))
          ORDER BY c.txid, c.seq
          LIMIT $4)
       RETURNING seq`,
      [shopId, cutoffDay, activeSince, this.options.compactionBatchRows],
    );
    return deleted.length;
  }

  private async deleteProcessedOps(manager: EntityManager, before: Date): Promise<number> {
    // No index on created_at (it would cost every push a B-tree insert): rows come in about
    // insertion order, so the scan finds the old ones first and stops at the batch size.
    const deleted = await updateReturning<{ op_id: string }>(
      manager,
      `DELETE FROM processed_ops WHERE op_id IN (SELECT op_id FROM processed_ops WHERE created_at < $1 LIMIT $2) RETURNING op_id`,
      [before, this.options.compactionBatchRows],
    );
    return deleted.length;
  }
}

function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
