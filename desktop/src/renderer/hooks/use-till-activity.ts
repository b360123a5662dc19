import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect } from 'react';
import type { TillActivity } from '@seri/shared';
import { callMain } from '../bridge/seri-bridge';
import { useServices } from '../services';
import { useSeriStore } from '../store/seri-store';

/**
 * Tells main what the till is doing (`terminal:activity`), whenever it changes and whenever
 * main's updater asks (`update:status` event): the app restarts for an update only when no
 * sale is being rung up and every op has reached main's durable queue.
 */
export function useTillActivity(saleInProgress: boolean): void {
  const { db, bridge } = useServices();
  const cartLines = useSeriStore((state) => state.cartLines.length);
  const outboxPending = useLiveQuery(() => db.outbox.where('state').equals('new').count(), [db], 0);

  useEffect(() => {
    const activity: TillActivity = { cartLines, outboxPending, saleInProgress };
    const report = (): void => {
      callMain(bridge, 'terminal:activity', activity).catch(() => {
        // An older main without an updater: nothing waits on this report.
      });
    };
    report();
    try {
      return bridge.on('update:status', report);
    } catch {
      // A bridge without the updater's event: the report above is all main gets.
      return undefined;
    }
  }, [bridge, cartLines, outboxPending, saleInProgress]);
}
