import { createHash } from 'node:crypto';

/**
 * JSON with object keys sorted at every depth, so the same op hashes the same whatever
 * order a terminal (or a retry after a crash) serialized its fields in. Stored opId hashes
 * depend on these exact bytes (I2: a replay must match its first body), so the output is
 * `JSON.stringify` of a key-sorted copy, byte for byte (property-tested against that in the
 * spec); it is written straight to text, without the copy (issue #12 part 4: every op of a
 * push is hashed on the event loop that also runs the push transactions).
 */
export function canonicalJson(value: unknown): string {
  const text = write(value);
  // JSON.stringify's answer for a bare undefined, function or symbol: no text at all.
  return text as string;
}

/** What JSON.stringify writes for a value of a key-sorted copy; undefined where it writes nothing. */
function write(value: unknown): string | undefined {
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'number':
      return Number.isFinite(value) ? JSON.stringify(value) : 'null';
    case 'boolean':
      return value ? 'true' : 'false';
    case 'bigint':
      // As JSON.stringify does.
      throw new TypeError('Do not know how to serialize a BigInt');
    case 'object': {
      if (value === null) return 'null';
      if (Array.isArray(value)) {
        let out = '[';
        for (let index = 0; index < value.length; index += 1) {
          if (index > 0) out += ',';
          out += write(value[index] as unknown) ?? 'null';
        }
        return `${out}]`;
      }
      // The copy is a plain object of own enumerable keys (a Date or a Map becomes {}), and a
      // `__proto__` key set on it never becomes an own property: left out.
      let out = '{';
      let first = true;
      for (const key of copyOrder(Object.keys(value))) {
        if (key === '__proto__') continue;
        const text = write((value as Record<string, unknown>)[key]);
        if (text === undefined) continue;
        out += `${first ? '' : ','}${JSON.stringify(key)}:${text}`;
        first = false;
      }
      return `${out}}`;
    }
    case 'undefined':
    case 'function':
    case 'symbol':
      // Left out of objects, null in arrays.
      return undefined;
  }
}

/**
 * The order JSON.stringify meets the keys of the copy in: the copy gets them sorted, but a
 * JavaScript object lists its array-index keys ("0", "12") first, in numeric order.
 */
function copyOrder(keys: string[]): string[] {
  const sorted = keys.sort();
  const indices = sorted.filter(isArrayIndex);
  if (indices.length === 0) return sorted;
  return [...indices.sort((a, b) => Number(a) - Number(b)), ...sorted.filter((key) => !isArrayIndex(key))];
}

const MAX_ARRAY_INDEX = 2 ** 32 - 2;

function isArrayIndex(key: string): boolean {
  return /^(?:0|[1-9]\d*)$/.test(key) && Number(key) <= MAX_ARRAY_INDEX;
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
