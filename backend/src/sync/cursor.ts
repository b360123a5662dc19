import { INITIAL_CURSOR } from '@seri/shared';

/** Position in the change feed: after every row with (txid, seq) at or below these. */
export interface FeedPosition {
  txid: string;
  seq: string;
}

const CURSOR_PATTERN = /^(\d{1,20}):(\d{1,20})$/;

export function parseCursor(text: string): FeedPosition | null {
  if (text === INITIAL_CURSOR) return { txid: '0', seq: '0' };
  const match = CURSOR_PATTERN.exec(text);
  if (!match?.[1] || !match[2]) return null;
  // xid8 and bigint are unsigned 64-bit and signed 64-bit: refuse what PostgreSQL would.
  if (BigInt(match[1]) > 0xffff_ffff_ffff_ffffn || BigInt(match[2]) > 0x7fff_ffff_ffff_ffffn) return null;
  return { txid: match[1], seq: match[2] };
}

export function formatCursor(position: FeedPosition): string {
  return position.txid === '0' && position.seq === '0' ? INITIAL_CURSOR : `${position.txid}:${position.seq}`;
}
