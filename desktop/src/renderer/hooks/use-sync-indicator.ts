import { useLiveQuery } from 'dexie-react-hooks';
import { syncDot, type SyncDot } from '@seri/shared';
import { useServices } from '../services';
import { useSeriStore } from '../store/seri-store';

export interface SyncIndicator {
  dot: SyncDot;
  /** Ops not yet on the server: main's pending, syncing and failed, plus outbox rows still here. */
  pending: number;
  rejected: number;
}

/**
 * Main's status plus what main cannot know yet: outbox rows not handed over. Rows being
 * handed over right now are left to main's count, so one op is never counted twice.
 */
export function useSyncIndicator(): SyncIndicator {
  const { db } = useServices();
  const status = useSeriStore((state) => state.syncStatus);
  const inFlight = useSeriStore((state) => state.relayInFlight);
  const local = useLiveQuery(
    async () => {
      const sending = new Set(inFlight);
      const rows = await db.outbox.where('state').equals('new').toArray();
      return {
        waiting: rows.filter((row) => row.rejection === undefined && !sending.has(row.opId)).length,
        refused: rows.filter((row) => row.rejection !== undefined).length,
      };
    },
    [db, inFlight],
    { waiting: 0, refused: 0 },
  );
  const main = status ?? { pending: 0, syncing: 0, failed: 0, rejected: 0 };
  const rejected = main.rejected + local.refused;
  const pending = main.pending + main.syncing + main.failed + local.waiting;
  let dot = syncDot({ ...main, rejected });
  if (dot === 'green' && local.waiting > 0) dot = 'yellow';
  return { dot, pending, rejected };
}
