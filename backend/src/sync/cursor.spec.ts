import { INITIAL_CURSOR } from '@seri/shared';
import { formatCursor, parseCursor } from './cursor';

describe('pull cursor', () => {
  it('reads the initial cursor and round-trips a position', () => {
    expect(parseCursor(INITIAL_CURSOR)).toEqual({ txid: '0', seq: '0' });
    expect(formatCursor({ txid: '0', seq: '0' })).toBe(INITIAL_CURSOR);
    expect(parseCursor(formatCursor({ txid: '7391', seq: '42' }))).toEqual({ txid: '7391', seq: '42' });
  });

  it.each(['', '1', '-1:2', '1:-2', 'a:b', '1:2:3', ' 1:2', '1:99999999999999999999', '0x1:2'])('refuses %p', (text) => {
    expect(parseCursor(text)).toBeNull();
  });
});
