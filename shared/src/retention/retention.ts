/**
 * Growth is bounded (I12): what a terminal keeps, what a fresh terminal downloads and what
 * the server's feed holds is the catalogue plus a retention window, not the shop's history.
 * One definition of the window and of the idempotency horizon, used by the backend (pull,
 * compaction, stale ops) and by the terminal (pruning, history screens).
 */

/** Days of sales, expenses and movements a terminal keeps, unless the shop sets its own. */
export const DEFAULT_RETENTION_DAYS = 90;
/** The range a shop's `retentionDays` may take: at least a week, at most ten years. */
export const MIN_RETENTION_DAYS = 7;
export const MAX_RETENTION_DAYS = 3650;

/**
 * Days an op's idempotency record (processed_ops) is kept: longer than any terminal may stay
 * offline. An op older than this is rejected STALE_OP, never applied blindly (I2).
 */
export const IDEMPOTENCY_HORIZON_DAYS = 400;

const DAY_MS = 24 * 60 * 60 * 1000;

/** The shop's window in days: its own setting when valid, else the default. */
export function retentionDaysOf(shop: { retentionDays?: number | null } | null | undefined): number {
  const days = shop?.retentionDays;
  return typeof days === 'number' && Number.isInteger(days) && days >= MIN_RETENTION_DAYS && days <= MAX_RETENTION_DAYS ? days : DEFAULT_RETENTION_DAYS;
}

/**
 * The first day inside the window, as `YYYY-MM-DD` (UTC). A record dated before it (a sale's
 * `createdAt`, an expense's `date`: ISO strings compare as text) is outside the window.
 * Day-granular, so the server and every terminal agree whatever the hour.
 */
export function retentionCutoffDay(nowMs: number, days: number): string {
  return new Date(nowMs - days * DAY_MS).toISOString().slice(0, 10);
}

/** True when an ISO date or timestamp falls before the window's first day. */
export function isBeforeWindow(isoDate: string, cutoffDay: string): boolean {
  return isoDate < cutoffDay;
}

/** The instant before which an op is too old to be applied (ms since the epoch). */
export function idempotencyHorizonMs(nowMs: number, days: number = IDEMPOTENCY_HORIZON_DAYS): number {
  return nowMs - days * DAY_MS;
}
