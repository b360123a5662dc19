/**
 * Hybrid logical clock (Kulkarni et al.): physical milliseconds plus a logical counter,
 * tagged with the node (device) id so that two stamps never compare equal.
 * Encoded as a fixed-width string that sorts lexicographically in causal order:
 *   `0001732512345678:0000:<nodeId>`  (15-digit ms, 4-digit hex counter, node id).
 * Ties between devices are broken by node id, as DESIGN I6 says.
 */
export interface Hlc {
  readonly ms: number;
  readonly counter: number;
  readonly node: string;
}

export const HLC_MAX_COUNTER = 0xffff;
/** A remote stamp further ahead than this is clamped by the receiver (one hour). */
export const HLC_DEFAULT_MAX_DRIFT_MS = 60 * 60 * 1000;

export class HlcDriftError extends Error {
  constructor(
    readonly remoteMs: number,
    readonly localMs: number,
    readonly maxDriftMs: number,
  ) {
    super(`clock drift ${remoteMs - localMs} ms exceeds ${maxDriftMs} ms`);
    this.name = 'HlcDriftError';
  }
}

export function encodeHlc(hlc: Hlc): string {
  if (!Number.isSafeInteger(hlc.ms) || hlc.ms < 0 || hlc.ms > 999_999_999_999_999) {
    throw new RangeError(`hlc ms out of range: ${hlc.ms}`);
  }
  if (!Number.isInteger(hlc.counter) || hlc.counter < 0 || hlc.counter > HLC_MAX_COUNTER) {
    throw new RangeError(`hlc counter out of range: ${hlc.counter}`);
  }
  return `${String(hlc.ms).padStart(15, '0')}:${hlc.counter.toString(16).padStart(4, '0')}:${hlc.node}`;
}

const HLC_PATTERN = /^(\d{15}):([0-9a-f]{4}):(.{1,64})$/;

export function decodeHlc(text: string): Hlc {
  const match = HLC_PATTERN.exec(text);
  if (!match) throw new RangeError(`not a hybrid logical clock stamp: ${text}`);
  return { ms: Number(match[1]), counter: parseInt(match[2] ?? '0', 16), node: match[3] ?? '' };
}

export function isHlc(text: unknown): text is string {
  return typeof text === 'string' && HLC_PATTERN.test(text);
}

export function compareHlc(a: string | Hlc, b: string | Hlc): number {
  const x = typeof a === 'string' ? decodeHlc(a) : a;
  const y = typeof b === 'string' ? decodeHlc(b) : b;
  if (x.ms !== y.ms) return x.ms < y.ms ? -1 : 1;
  if (x.counter !== y.counter) return x.counter < y.counter ? -1 : 1;
  return x.node < y.node ? -1 : x.node > y.node ? 1 : 0;
}

export interface HlcClockOptions {
  node: string;
  /** Wall clock; injectable for tests and skew simulation. */
  now?: () => number;
  /** Last stamp this node issued or saw (persisted by the owner between runs). */
  last?: string | Hlc;
  maxDriftMs?: number;
}

/** One clock per device. Not thread-safe; each process owns its own instance. */
export class HlcClock {
  private last: Hlc;
  private readonly now: () => number;
  readonly maxDriftMs: number;

  constructor(options: HlcClockOptions) {
    this.now = options.now ?? Date.now;
    this.maxDriftMs = options.maxDriftMs ?? HLC_DEFAULT_MAX_DRIFT_MS;
    const last = options.last === undefined ? undefined : typeof options.last === 'string' ? decodeHlc(options.last) : options.last;
    this.last = { ms: last?.ms ?? 0, counter: last?.counter ?? 0, node: options.node };
  }

  get node(): string {
    return this.last.node;
  }

  /** The latest stamp issued or received, for persistence. */
  peek(): string {
    return encodeHlc(this.last);
  }

  /** A stamp for a local event, strictly greater than every stamp seen before. */
  tick(): string {
    const wall = this.now();
    if (wall > this.last.ms) {
      this.last = { ms: wall, counter: 0, node: this.last.node };
    } else {
      this.last = this.bump(this.last.ms, this.last.counter + 1);
    }
    return encodeHlc(this.last);
  }

  /**
   * Merges a remote stamp. A remote clock further ahead than maxDriftMs is not followed:
   * with `clamp` the local clock advances only to now + maxDriftMs and the caller is told
   * (so it can log the skew); without it the stamp is refused.
   */
  receive(remote: string | Hlc, mode: 'clamp' | 'refuse' = 'clamp'): { stamp: string; clamped: boolean } {
    const r = typeof remote === 'string' ? decodeHlc(remote) : remote;
    const wall = this.now();
    let remoteMs = r.ms;
    let remoteCounter = r.counter;
    let clamped = false;
    if (remoteMs - wall > this.maxDriftMs) {
      if (mode === 'refuse') throw new HlcDriftError(remoteMs, wall, this.maxDriftMs);
      remoteMs = wall + this.maxDriftMs;
      remoteCounter = 0;
      clamped = true;
    }
    const ms = Math.max(wall, this.last.ms, remoteMs);
    let counter: number;
    if (ms === this.last.ms && ms === remoteMs) counter = Math.max(this.last.counter, remoteCounter) + 1;
    else if (ms === this.last.ms) counter = this.last.counter + 1;
    else if (ms === remoteMs) counter = remoteCounter + 1;
    else counter = 0;
    this.last = this.bump(ms, counter);
    return { stamp: encodeHlc(this.last), clamped };
  }

  /** Counter overflow moves to the next millisecond rather than wrapping. */
  private bump(ms: number, counter: number): Hlc {
    return counter > HLC_MAX_COUNTER ? { ms: ms + 1, counter: 0, node: this.last.node } : { ms, counter, node: this.last.node };
  }
}
