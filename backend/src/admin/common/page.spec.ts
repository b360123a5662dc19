import { BadRequestException } from '@nestjs/common';
import { CURSOR_KEY, decodeCursor, encodeCursor, toPage } from './page';

describe('keyset pages', () => {
  it('round-trips a cursor and checks every key before it reaches SQL', () => {
    const cursor = encodeCursor(['Riz parfumé', '0198f2a0-0000-7000-8000-000000000000']);
    expect(decodeCursor(cursor, [CURSOR_KEY.text, CURSOR_KEY.uuid])).toEqual(['Riz parfumé', '0198f2a0-0000-7000-8000-000000000000']);
    expect(decodeCursor(undefined, [CURSOR_KEY.text])).toBeNull();
    for (const forged of [encodeCursor(['x', 'not-a-uuid']), encodeCursor(['a\u0000b', '0198f2a0-0000-7000-8000-000000000000']), encodeCursor(['1']), 'bm90IGpzb24', encodeCursor(['1.5', 'x'])]) {
      expect(() => decodeCursor(forged, [CURSOR_KEY.text, CURSOR_KEY.uuid])).toThrow(BadRequestException);
    }
    expect(() => decodeCursor(encodeCursor(['12abc']), [CURSOR_KEY.integer])).toThrow(BadRequestException);
  });

  it('gives a next cursor only when a row beyond the page was fetched', () => {
    const rows = [{ id: 'a' }, { id: 'b' }, { id: 'c' }];
    expect(toPage(rows, 2, (row) => row.id, (row) => [row.id])).toEqual({ items: ['a', 'b'], nextCursor: encodeCursor(['b']) });
    expect(toPage(rows, 3, (row) => row.id, (row) => [row.id])).toEqual({ items: ['a', 'b', 'c'], nextCursor: null });
  });
});
