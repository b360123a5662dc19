import fc from 'fast-check';
import { patternMaxLength } from './pattern-length';

describe('patternMaxLength: the longest text an anchored pattern matches', () => {
  it('reads the DTOs’ patterns', () => {
    expect(patternMaxLength(/^[A-Z]{3}$/)).toBe(3);
    expect(patternMaxLength(/^[a-z]{2,3}(-[A-Z]{2})?$/)).toBe(6);
    expect(patternMaxLength(/^\d{4,8}$/)).toBe(8);
    expect(patternMaxLength(/^[0-9A-Za-z\-.]{4,64}$/)).toBe(64);
    expect(patternMaxLength(/^(0|\d{1,20}:\d{1,20})$/)).toBe(41);
    expect(patternMaxLength(/^\d{4}-\d{2}-\d{2}$/)).toBe(10);
    expect(patternMaxLength(/^(?:ab|c)?x\u00e9$/)).toBe(4);
  });

  it('says nothing of a pattern it cannot bound', () => {
    for (const pattern of [/^a+$/, /^a*$/, /^a{2,}$/, /^abc/, /abc$/, /^(a)\1$/, /^(?=a)a$/, /^a$|^b$/, /^a|b$/]) expect([pattern.source, patternMaxLength(pattern)]).toEqual([pattern.source, undefined]);
  });

  it('is never below what the pattern matches (random texts of bounded patterns)', () => {
    const pattern = /^[A-Za-z0-9][A-Za-z0-9 _.-]{2,62}[A-Za-z0-9]$/;
    const max = patternMaxLength(pattern)!;
    expect(max).toBe(64);
    fc.assert(
      fc.property(fc.stringMatching(pattern), (text) => text.length <= max),
      { numRuns: 500 },
    );
  });
});
