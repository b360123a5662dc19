/**
 * A keyboard-wedge barcode scanner is a keyboard that types very fast: a burst of
 * characters a few milliseconds apart, then Enter. People type slower than that, so the
 * time between keys tells the two apart. This detector sees keys with their timestamps
 * and says when a burst ended in Enter, i.e. when a barcode was scanned.
 *
 * Judged on the average pace of the burst rather than on every gap: a busy machine can
 * deliver one key of a scan late, but nobody types ten keys at 35 ms a key.
 */
export interface WedgeOptions {
  /** A pause longer than this starts a new burst (ms). */
  maxGapMs: number;
  /** A burst is a scan when its keys came at most this far apart on average (ms). Scanners: 1–20 ms; people: 80 ms and more. */
  maxAverageGapMs: number;
  /** Shortest barcode (EAN-8 is 8; shop-made codes may be shorter). */
  minLength: number;
}

export const DEFAULT_WEDGE: WedgeOptions = { maxGapMs: 100, maxAverageGapMs: 35, minLength: 4 };

export type WedgeVerdict =
  /** A printable key that may be part of a scan. `starts` is true for the first key of a burst. */
  | { kind: 'char'; starts: boolean }
  /** Enter ending a burst: the code that was scanned. */
  | { kind: 'scan'; code: string }
  | { kind: 'other' };

export class WedgeDetector {
  private buffer = '';
  private firstAt = 0;
  private lastAt = Number.NEGATIVE_INFINITY;

  constructor(private readonly options: WedgeOptions = DEFAULT_WEDGE) {}

  /** `key` as KeyboardEvent.key, `at` in ms (event.timeStamp). */
  key(key: string, at: number): WedgeVerdict {
    const continues = this.buffer !== '' && at - this.lastAt <= this.options.maxGapMs;
    if (key.length === 1 && key !== ' ') {
      if (!continues) {
        this.buffer = '';
        this.firstAt = at;
      }
      this.buffer += key;
      this.lastAt = at;
      return { kind: 'char', starts: !continues };
    }
    if (key === 'Enter') {
      const code = this.buffer;
      const averageGap = (at - this.firstAt) / Math.max(1, code.length);
      this.reset();
      return continues && code.length >= this.options.minLength && averageGap <= this.options.maxAverageGapMs ? { kind: 'scan', code } : { kind: 'other' };
    }
    // Scanners press Shift for capitals: it neither ends nor breaks a burst.
    if (key !== 'Shift') this.reset();
    return { kind: 'other' };
  }

  reset(): void {
    this.buffer = '';
    this.lastAt = Number.NEGATIVE_INFINITY;
  }
}
