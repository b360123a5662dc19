import { HlcClock, compareHlc, isHlc } from '@seri/shared';
import type { SeriDb } from '../db/seri-db';

/**
 * The terminal's hybrid logical clock, persisted in `meta` so it never runs backwards
 * across restarts (I6). Call these only inside a rw transaction that includes `meta`:
 * the stamp is saved in the same commit as the write it orders.
 */
export async function tickTerminalClock(db: SeriDb, node: string, now: () => number = Date.now): Promise<string> {
  const stamp = nextTerminalStamp(node, await db.getMeta('hlc'), now);
  await db.meta.put({ key: 'hlc', value: stamp });
  return stamp;
}

/**
 * The stamp after `last` (the value stored in meta), for a caller that read meta itself
 * and saves the stamp in the same transaction (createSale reads everything at once).
 */
export function nextTerminalStamp(node: string, last: unknown, now: () => number = Date.now): string {
  return new HlcClock({ node, now, last: last !== undefined && isHlc(last) ? last : undefined }).tick();
}

/** Merges pulled stamps; returns how many were clamped for being too far ahead (clock skew). */
export async function receiveIntoTerminalClock(
  db: SeriDb,
  node: string,
  stamps: readonly string[],
  now: () => number = Date.now,
): Promise<{ clamped: number }> {
  const valid = stamps.filter((stamp) => isHlc(stamp));
  if (valid.length === 0) return { clamped: 0 };
  const last = await lastStamp(db);
  // Only the greatest stamp can move the clock; the others change nothing.
  const newest = valid.reduce((max, stamp) => (compareHlc(stamp, max) > 0 ? stamp : max));
  // A stamp not newer than ours teaches the clock nothing: leaving meta alone keeps a
  // replayed page from changing anything.
  if (last !== undefined && compareHlc(newest, last) <= 0) return { clamped: 0 };
  const clock = new HlcClock({ node, now, last });
  const { stamp, clamped } = clock.receive(newest, 'clamp');
  await db.meta.put({ key: 'hlc', value: stamp });
  return { clamped: clamped ? 1 : 0 };
}

async function lastStamp(db: SeriDb): Promise<string | undefined> {
  const stored = await db.getMeta('hlc');
  return stored !== undefined && isHlc(stored) ? stored : undefined;
}
