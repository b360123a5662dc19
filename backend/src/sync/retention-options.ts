import { IDEMPOTENCY_HORIZON_DAYS, HLC_DEFAULT_MAX_DRIFT_MS } from '@seri/shared';

/**
 * Every setting of what the server keeps and for how long (I12), in one object so the
 * configuration module can provide it (`RETENTION_OPTIONS`) without touching the services.
 */
export interface RetentionOptions {
  /** Days an op's idempotency record is kept; an older op is rejected STALE_OP. */
  idempotencyHorizonDays: number;
  /**
   * processed_ops rows are deleted this long after the horizon. At least the clock's allowed
   * drift: an op's (clamped) stamp is at most that far ahead of when it was recorded, so an op
   * whose record is gone is always older than the horizon, hence rejected, never re-applied (I2).
   */
  processedOpsMarginMs: number;
  /** Rows one compaction statement deletes: small enough to hold locks for milliseconds. */
  compactionBatchRows: number;
  /** Pause between two batches, so pushes and pulls run in between. */
  compactionPauseMs: number;
  /** How often the background job runs; 0: never (tests call `compact()` themselves). */
  compactionIntervalMs: number;
  /** A terminal not seen for this many days no longer holds the feed's compaction back. */
  activeDeviceDays: number;
}

export const DEFAULT_RETENTION_OPTIONS: RetentionOptions = {
  idempotencyHorizonDays: IDEMPOTENCY_HORIZON_DAYS,
  processedOpsMarginMs: Math.max(HLC_DEFAULT_MAX_DRIFT_MS, 24 * 60 * 60 * 1000),
  compactionBatchRows: 2_000,
  compactionPauseMs: 50,
  compactionIntervalMs: 60 * 60 * 1000,
  activeDeviceDays: IDEMPOTENCY_HORIZON_DAYS,
};

export const RETENTION_OPTIONS = Symbol('RETENTION_OPTIONS');
