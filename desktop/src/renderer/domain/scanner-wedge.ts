/**
 * A keyboard-wedge barcode scanner is a keyboard that types very fast: a burst of
 * characters a few milliseconds apart, then Enter. People type slower than that, so the
 * time between keys tells the two apart. This detector sees keys with their timestamps
 * and says when a burst ended in Enter, i.e. when a barcode was scanned.
 */
export interface WedgeOptions {
  /** Longest pause between two keys of one scan (ms). Scanners: 1–20 ms; people: 80 ms and more. */
  maxGapMs: number;
  /** Shortest barcode (EAN-8 is 8; internal codes may be shorter). */
  minLength: number;
}

export const DEFAULT_WEDGE: WedgeOptions = { maxGapMs: 40, minLength: 4 };

export type WedgeVerdict =
  /** A printable key that may be part of a scan. `starts` is true for the first key of a burst. */
  | { kind: 'char'; starts: boolean }
  /** Enter ending a burst: the code that was scanned. */
  | { kind: 'scan'; code: string }
  | { kind: 'other' };

export class WedgeDetector {
  private buffer = '';
  private lastAt = Number.NEGATIVE_INFINITY;

  constructor(private readonly options: WedgeOptions = DEFAULT_WEDGE) {}

  /** `key` as KeyboardEvent.key, `at` in ms (event.timeStamp). */
  key(key: string, at: number): WedgeVerdict {
    const quick = at - this.lastAt <= this.options.maxGapMs;
    if (key.length === 1 && key !== ' ') {
      const starts = !quick || this.buffer === '';
      this.buffer = starts ? key : this.buffer + key;
      this.lastAt = at;
      return { kind: 'char', starts };
    }
    if (key === 'Enter') {
      const code = this.buffer;
      this.reset();
      return quick && code.length >= this.options.minLength ? { kind: 'scan', code } : { kind: 'other' };
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
