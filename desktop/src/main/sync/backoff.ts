/**
 * Exponential backoff with full jitter (AWS Architecture Blog, "Exponential Backoff and
 * Jitter"): the n-th wait is uniform in [0, min(cap, base·2ⁿ)). Spreading retries keeps a
 * shop's terminals from hammering the server in step when it comes back. Retried for ever:
 * the caller never gives up on a queued op (I1).
 */
export interface BackoffOptions {
  baseMs?: number;
  capMs?: number;
  /** Uniform in [0, 1); injectable so tests are deterministic. */
  random?: () => number;
}

export const DEFAULT_BACKOFF_BASE_MS = 1_000;
export const DEFAULT_BACKOFF_CAP_MS = 5 * 60_000;

export class Backoff {
  private readonly baseMs: number;
  private readonly capMs: number;
  private readonly random: () => number;
  private failures = 0;

  constructor(options: BackoffOptions = {}) {
    this.baseMs = Math.max(1, options.baseMs ?? DEFAULT_BACKOFF_BASE_MS);
    this.capMs = Math.max(this.baseMs, options.capMs ?? DEFAULT_BACKOFF_CAP_MS);
    this.random = options.random ?? Math.random;
  }

  /** The longest wait ever returned. */
  get maxMs(): number {
    return this.capMs;
  }

  /** Failures since the last reset. */
  get attempts(): number {
    return this.failures;
  }

  /** The upper bound of the next wait: base, 2·base, 4·base … up to the cap. */
  ceilingMs(): number {
    // Past ~40 doublings the product leaves the safe-integer range; the cap is reached long before.
    return Math.min(this.capMs, this.baseMs * 2 ** Math.min(this.failures, 40));
  }

  /** Records one more failure and returns how long to wait before the next try. */
  next(): number {
    const ceiling = this.ceilingMs();
    this.failures += 1;
    const draw = Math.min(Math.max(this.random(), 0), 1);
    return Math.min(ceiling, Math.floor(draw * ceiling));
  }

  reset(): void {
    this.failures = 0;
  }
}
