import { MAX_INPUT_DEPTH, inputProblemMessage } from '@seri/shared/dto';

/**
 * One pass over a JSON body's bytes, before `JSON.parse`, for what the parser cannot refuse
 * or would lose: nesting deeper than MAX_INPUT_DEPTH (JSON.parse and every recursive walk
 * behind it would exhaust the stack), duplicate keys (JSON.parse keeps the last one
 * silently, so the body hashed for idempotency would not be the body the terminal meant),
 * `\u0000` and lone surrogate escapes (the only way NUL or half a UTF-16 pair gets into
 * JSON: raw control characters are a syntax error, and UTF-8-encoded surrogates are refused
 * by the strict UTF-8 check). It does not check the grammar: JSON.parse does, right after.
 *
 * Strings are skipped with Buffer.indexOf (native), so a body costs about one byte loop
 * over its structure. Answers the first problem as a message naming its path, or null.
 */
export function scanJson(buf: Buffer, stopAt = -1): ScanResult {
  const scanner = new Scanner(buf);
  return scanner.run(stopAt);
}

export type ScanResult = { problem: string; path: string } | null;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const COMMA = 0x2c;
/** Keys an object may have before they are kept in a Set (linear search stays cheap below this). */
const MAX_RANGE_KEYS = 24;

class Scanner {
  private readonly isArray: boolean[] = [];
  private readonly index: number[] = [];
  /** Per open object: the byte range of the current key. */
  private readonly keyStart: number[] = [];
  private readonly keyEnd: number[] = [];
  /**
   * Per open object, its keys so far: while it is small and its keys have no escape, as
   * flat (hash, start, end) triples compared in place (no string made); past that, a Set of
   * the keys as text.
   */
  private readonly ranges: number[][] = [];
  private readonly keys: (Set<string> | null)[] = [];
  private expectKey = false;
  private nextBackslash = -2;

  constructor(private readonly buf: Buffer) {}

  run(stopAt: number): ScanResult {
    const { buf } = this;
    const length = stopAt >= 0 ? Math.min(stopAt, buf.length) : buf.length;
    let pos = 0;
    while (pos < length) {
      const byte = buf[pos]!;
      switch (byte) {
        case QUOTE: {
          const end = this.stringEnd(pos + 1);
          if (typeof end !== 'number') return end;
          if (end < 0 || end >= length) return stopAt >= 0 ? { problem: '', path: this.path(!this.expectKey) } : null;
          if (this.expectKey) {
            this.expectKey = false;
            const depth = this.isArray.length - 1;
            this.keyStart[depth] = pos + 1;
            this.keyEnd[depth] = end;
            const duplicate = this.addKey(depth, pos + 1, end);
            if (duplicate) return { problem: `${this.path(false)} appears twice in the object (duplicate key)`, path: this.path(false) };
          }
          pos = end + 1;
          continue;
        }
        case OPEN_OBJECT:
        case OPEN_ARRAY: {
          if (this.isArray.length >= MAX_INPUT_DEPTH) {
            const path = this.path(false);
            return { problem: inputProblemMessage('depth', path), path };
          }
          this.isArray.push(byte === OPEN_ARRAY);
          this.index.push(0);
          this.keyStart.push(-1);
          this.keyEnd.push(-1);
          this.ranges.push([]);
          this.keys.push(null);
          this.expectKey = byte === OPEN_OBJECT;
          break;
        }
        case CLOSE_OBJECT:
        case CLOSE_ARRAY:
          this.isArray.pop();
          this.index.pop();
          this.keyStart.pop();
          this.keyEnd.pop();
          this.ranges.pop();
          this.keys.pop();
          this.expectKey = false;
          break;
        case COMMA: {
          const depth = this.isArray.length - 1;
          if (depth >= 0) {
            if (this.isArray[depth]) this.index[depth]! += 1;
            else this.expectKey = true;
          }
          break;
        }
        default:
          break;
      }
      pos += 1;
    }
    return stopAt >= 0 ? { problem: '', path: this.path(!this.expectKey) } : null;
  }

  /**
   * The index of the closing quote of the string whose content starts at `pos` (-1: none),
   * or the problem of one of its escapes.
   */
  private stringEnd(pos: number): number | ScanResult {
    const { buf } = this;
    for (;;) {
      const quote = buf.indexOf(QUOTE, pos);
      if (quote < 0) return -1;
      if (this.nextBackslash !== -1 && this.nextBackslash < pos) this.nextBackslash = buf.indexOf(BACKSLASH, pos);
      const backslash = this.nextBackslash;
      if (backslash < 0 || backslash > quote) return quote;
      // An escape before the quote: `\"` does not close the string; `\u` is checked.
      const escaped = buf[backslash + 1];
      if (escaped === 0x75) {
        const taken = this.unicodeEscape(backslash);
        if (typeof taken !== 'number') return taken;
        pos = backslash + taken;
      } else {
        pos = backslash + 2;
      }
    }
  }

  /** `\uXXXX` at `at`: the bytes it takes (12 for a pair), or its problem: NUL, or a surrogate not paired with its other half. */
  private unicodeEscape(at: number): number | ScanResult {
    const unit = this.hex(at + 2);
    if (unit === 0) return this.problem('nul');
    if (unit >= 0xdc00 && unit <= 0xdfff) return this.problem('surrogate');
    if (unit < 0xd800 || unit > 0xdbff) return 6;
    const { buf } = this;
    const low = buf[at + 6] === BACKSLASH && buf[at + 7] === 0x75 ? this.hex(at + 8) : -1;
    // The low half is taken with its pair, or it would be read as a lone one.
    return low >= 0xdc00 && low <= 0xdfff ? 12 : this.problem('surrogate');
  }

  private hex(at: number): number {
    const text = this.buf.toString('latin1', at, at + 4);
    return /^[0-9a-fA-F]{4}$/.test(text) ? parseInt(text, 16) : -1;
  }

  private problem(kind: 'nul' | 'surrogate'): ScanResult {
    const path = this.path(!this.expectKey);
    return { problem: inputProblemMessage(kind, this.expectKey ? `${path} (a key)` : path), path };
  }

  /** Records a key of the object at `depth`; true when the object already had it. */
  private addKey(depth: number, start: number, end: number): boolean {
    const { buf } = this;
    let set = this.keys[depth];
    if (!set) {
      const ranges = this.ranges[depth]!;
      let hash = 0x811c9dc5;
      let escaped = false;
      for (let index = start; index < end; index += 1) {
        const byte = buf[index]!;
        if (byte === BACKSLASH) escaped = true;
        hash = Math.imul(hash ^ byte, 0x01000193);
      }
      if (!escaped && ranges.length < MAX_RANGE_KEYS * 3) {
        const length = end - start;
        for (let at = 0; at < ranges.length; at += 3) {
          if (ranges[at] !== hash || ranges[at + 2]! - ranges[at + 1]! !== length) continue;
          if (buf.compare(buf, ranges[at + 1], ranges[at + 2], start, end) === 0) return true;
        }
        ranges.push(hash, start, end);
        return false;
      }
      // An escaped key, or a big object: every key as text from now on.
      set = new Set<string>();
      for (let at = 0; at < ranges.length; at += 3) set.add(this.keyText(ranges[at + 1]!, ranges[at + 2]!));
      this.keys[depth] = set;
    }
    const key = this.keyText(start, end);
    if (set.has(key)) return true;
    set.add(key);
    return false;
  }

  /** A key as comparable text: its UTF-8 bytes one char each, escapes decoded first ("a" and "\u0061" are one key). */
  private keyText(start: number, end: number): string {
    const { buf } = this;
    const raw = buf.toString('latin1', start, end);
    if (!raw.includes('\\')) return raw;
    try {
      return Buffer.from(JSON.parse(`"${buf.toString('utf8', start, end)}"`) as string, 'utf8').toString('latin1');
    } catch {
      return raw;
    }
  }

  /** Where the scan is: `ops.3.payload.note`; with `inValue`, the key just read is included. */
  private path(inValue: boolean): string {
    const parts: string[] = [];
    const depth = this.isArray.length;
    for (let level = 0; level < depth; level += 1) {
      if (this.isArray[level]) {
        parts.push(String(this.index[level]));
      } else {
        const start = this.keyStart[level]!;
        if (start < 0 || (level === depth - 1 && !inValue && this.expectKey)) continue;
        parts.push(this.readableKey(start, this.keyEnd[level]!));
      }
    }
    return parts.length > 0 ? parts.join('.') : 'body';
  }

  /** A key for a message: decoded, and escaped again where it holds what a message must not. */
  private readableKey(start: number, end: number): string {
    let text = this.buf.toString('utf8', start, end);
    if (text.includes('\\')) {
      try {
        text = JSON.parse(`"${text}"`) as string;
      } catch {
        return JSON.stringify(text).slice(1, -1);
      }
    }
    // eslint-disable-next-line no-control-regex -- control characters are what this looks for
    return /[\u0000-\u001f\ufffd]|\p{Surrogate}/u.test(text) ? JSON.stringify(text).slice(1, -1) : text;
  }
}
