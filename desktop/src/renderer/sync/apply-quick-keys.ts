import { compareHlc, type QuickKeyLayoutRecord } from '@seri/shared';
import type { SeriDb } from '../db/seri-db';

const QUEUE_DONE = new Set(['SYNCED', 'REJECTED']);

/**
 * A pulled quick-key layout (issue #15) replaces ours unless ours is newer by HLC and its
 * `quick_keys/update` is still on its way to the server (I6, as for products): a manager's
 * arrangement made offline stays on screen until the server's answer comes back. Returns
 * how many pulled layouts were left aside for a newer local one. Call inside the pull's transaction.
 */
export async function applyQuickKeyLayouts(db: SeriDb, layouts: Iterable<QuickKeyLayoutRecord>): Promise<number> {
  let kept = 0;
  for (const pulled of layouts) {
    const mine = await db.quickKeys.get(pulled.shopId);
    if (mine && compareHlc(mine.hlc, pulled.hlc) > 0 && (await hasQueuedLayout(db, pulled.shopId))) {
      kept += 1;
      continue;
    }
    await db.quickKeys.put(pulled);
  }
  return kept;
}

async function hasQueuedLayout(db: SeriDb, shopId: string): Promise<boolean> {
  const rows = await db.outbox.where('entityId').equals(shopId).toArray();
  return rows.some((row) => row.entity === 'quick_keys' && row.rejection === undefined && (row.queueState === undefined || !QUEUE_DONE.has(row.queueState)));
}
