import { findHostileInput, MAX_INPUT_DEPTH } from '@seri/shared/dto';
import fc from 'fast-check';
import { isUtf8 } from 'node:buffer';
import { firstInvalidUtf8 } from './input-boundary';
import { scanJson } from './json-scan';

const depthOf = (value: unknown): number =>
  value !== null && typeof value === 'object' ? 1 + Math.max(0, ...Object.values(value).map(depthOf)) : 0;

describe('scanJson: the boundary scan agrees with JSON.parse and the shared value walk', () => {
  it('[bad-input] property: a body is refused exactly when its parsed value holds NUL, a lone surrogate or nests deeper than 32', () => {
    const text = fc.oneof(fc.string({ unit: 'binary', maxLength: 8 }), fc.constantFrom('\u0000', '\ud800', '\udfff', '😀', 'é', '"\\'));
    const value = fc.letrec<{ node: unknown }>((tie) => ({
      node: fc.oneof({ depthSize: 'small' }, text, fc.integer(), fc.constant(null), fc.array(tie('node'), { maxLength: 3 }), fc.dictionary(text, tie('node'), { maxKeys: 3 })),
    })).node;
    fc.assert(
      fc.property(value, fc.nat({ max: 40 }), (inner, wrap) => {
        let wrapped: unknown = inner;
        for (let level = 0; level < wrap; level += 1) wrapped = [wrapped];
        const found = scanJson(Buffer.from(JSON.stringify(wrapped), 'utf8'));
        const expected = findHostileInput(wrapped) !== null || depthOf(wrapped) > MAX_INPUT_DEPTH;
        expect([JSON.stringify(wrapped).slice(0, 200), found !== null]).toEqual([JSON.stringify(wrapped).slice(0, 200), expected]);
      }),
      { numRuns: 1_000 },
    );
  });

  it('[bad-input] duplicate keys: found whatever their spelling, never a false alarm on distinct keys', () => {
    expect(scanJson(Buffer.from('{"a":1,"b":{"a":2},"c":[{"a":3},{"a":4}]}'))).toBeNull();
    expect(scanJson(Buffer.from('{"a":1,"b":{"x":2,"x":3}}'))?.problem).toBe('b.x appears twice in the object (duplicate key)');
    expect(scanJson(Buffer.from('{"é":1,"\\u00e9":2}'))?.problem).toBe('é appears twice in the object (duplicate key)');
    expect(scanJson(Buffer.from('{"a\\"b":1,"a\\u0022b":2}'))?.problem).toMatch(/appears twice/);
    const many = `{${Array.from({ length: 5_000 }, (_, index) => `"k${index}":${index}`).join(',')},"k4999":0}`;
    expect(scanJson(Buffer.from(many))?.problem).toBe('k4999 appears twice in the object (duplicate key)');
    fc.assert(
      fc.property(fc.uniqueArray(fc.string({ maxLength: 6 }), { maxLength: 40 }), (keys) => {
        const object = `{${keys.map((key, index) => `${JSON.stringify(key)}:${index}`).join(',')}}`;
        const result = scanJson(Buffer.from(object));
        const hostile = keys.some((key) => findHostileInput(key) !== null);
        expect(result === null).toBe(!hostile);
        if (keys.length > 0 && !hostile) expect(scanJson(Buffer.from(`${object.slice(0, -1)}${keys.length > 0 ? ',' : ''}${JSON.stringify(keys[0])}:0}`))?.problem).toMatch(/appears twice/);
      }),
      { numRuns: 500 },
    );
  });

  it('[bad-input] invalid UTF-8/overlong: firstInvalidUtf8 agrees with isUtf8 and names the first bad byte', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 24 }), (bytes) => {
        const at = firstInvalidUtf8(bytes);
        expect(at === bytes.length).toBe(isUtf8(bytes));
        if (at < bytes.length) expect(isUtf8(bytes.subarray(0, at))).toBe(true);
      }),
      { numRuns: 5_000 },
    );
    expect(firstInvalidUtf8(Buffer.from([0x61, 0xc0, 0xaf]))).toBe(1);
    expect(firstInvalidUtf8(Buffer.from([0xed, 0xa0, 0x80]))).toBe(0);
    expect(firstInvalidUtf8(Buffer.from('Thé 🚕', 'utf8'))).toBe(Buffer.byteLength('Thé 🚕'));
  });
});
