import fc from 'fast-check';
import { canonicalJson, sha256Hex } from './canonical-json';

describe('canonicalJson', () => {
  it('sorts keys at every depth so key order never changes the hash', () => {
    const a = { b: 1, a: { y: [{ q: 1, p: 2 }], x: null } };
    const b = { a: { x: null, y: [{ p: 2, q: 1 }] }, b: 1 };
    expect(canonicalJson(a)).toBe('{"a":{"x":null,"y":[{"p":2,"q":1}]},"b":1}');
    expect(sha256Hex(canonicalJson(a))).toBe(sha256Hex(canonicalJson(b)));
  });

  it('keeps array order, which is meaningful (sale lines)', () => {
    expect(canonicalJson([2, 1])).not.toBe(canonicalJson([1, 2]));
  });

  it('drops undefined fields as JSON.stringify does', () => {
    expect(canonicalJson({ a: undefined, b: 2 })).toBe('{"b":2}');
  });
});

/** The definition the stored hashes were made with: JSON.stringify of a key-sorted copy. */
function reference(value: unknown): string {
  const sortKeys = (inner: unknown): unknown => {
    if (Array.isArray(inner)) return inner.map(sortKeys);
    if (inner !== null && typeof inner === 'object') {
      const sorted: Record<string, unknown> = {};
      for (const key of Object.keys(inner).sort()) {
        const child = (inner as Record<string, unknown>)[key];
        if (child !== undefined) sorted[key] = sortKeys(child);
      }
      return sorted;
    }
    return inner;
  };
  return JSON.stringify(sortKeys(value));
}

describe('canonicalJson written straight to text', () => {
  it('[I2] is byte for byte the key-sorted JSON.stringify the stored hashes were made with, for any JSON and any value', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => canonicalJson(value) === reference(value)),
      { numRuns: 2_000 },
    );
    fc.assert(
      fc.property(
        fc.anything({ withBoxedValues: true, withMap: true, withSet: true, withDate: true, withNullPrototype: true, withSparseArray: true, withTypedArray: true }),
        (value) => canonicalJson(value) === reference(value),
      ),
      { numRuns: 2_000 },
    );
  });

  it('writes the odd cases as JSON.stringify does: -0, non-finite numbers, holes, dates, functions, a __proto__ key and index-like keys (listed first by an object)', () => {
    const odd = JSON.parse('{"__proto__":{"x":1},"b":[1,null]}') as Record<string, unknown>;
    for (const value of [-0, Number.NaN, Infinity, [undefined, () => 1, Symbol('s')], { d: new Date(0), f: () => 1 }, odd, 'é\u2028"\\', { ['\u{1F600}']: 1, a: 2, B: 3 }, { '': 1, '10': 2, '9': 3, '4294967295': 4, '007': 5 }]) {
      expect(canonicalJson(value)).toBe(reference(value));
    }
  });
});
