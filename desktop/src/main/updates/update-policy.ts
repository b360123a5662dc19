import type { TillActivity, UpdateWaitReason } from '@seri/shared';

/**
 * When a downloaded update may restart the app: never in the middle of a sale, and only
 * once every op the renderer made sits in main's durable queue. Pure: the coordinator feeds
 * it the renderer's reports and a monotonic clock.
 */
export interface TillState {
  /** The renderer's last report and when it arrived. */
  last: { activity: TillActivity; at: number } | null;
  /** Since when the till has been idle without a break; null while busy or before any report. */
  idleSince: number | null;
}

export const NO_TILL_REPORT: TillState = { last: null, idleSince: null };

/** What keeps the till busy, in the order a cashier would see it; null when it is free. */
export function tillBusyReason(activity: TillActivity): UpdateWaitReason | null {
  if (activity.saleInProgress) return 'sale-in-progress';
  if (activity.cartLines > 0) return 'cart-not-empty';
  // Outbox rows not acknowledged by main live only in IndexedDB: hand them over first.
  if (activity.outboxPending > 0) return 'outbox-not-handed-over';
  return null;
}

export function recordTillActivity(state: TillState, activity: TillActivity, at: number): TillState {
  const idle = tillBusyReason(activity) === null;
  return { last: { activity, at }, idleSince: idle ? (state.idleSince ?? at) : null };
}

export interface InstallPolicyInput {
  till: TillState;
  /**
   * When the downloaded update was announced to the renderer, which answers with a fresh
   * report; null when nothing is downloaded.
   */
  readySince: number | null;
  now: number;
  /** How long the till must have stayed free, so a restart never lands on a cashier who just walked up. */
  quietMs: number;
}

export type InstallDecision =
  | { install: true }
  /** `recheckInMs`: decide again then, with no new report needed; null waits for the next report. */
  | { install: false; waitingFor: UpdateWaitReason | null; recheckInMs: number | null };

export function decideInstall(input: InstallPolicyInput): InstallDecision {
  if (input.readySince === null) return { install: false, waitingFor: null, recheckInMs: null };
  const last = input.till.last;
  // A report from before the announcement may be stale: only a fresh answer counts.
  if (last === null || last.at < input.readySince) return { install: false, waitingFor: 'no-activity-report', recheckInMs: null };
  const busy = tillBusyReason(last.activity);
  if (busy !== null) return { install: false, waitingFor: busy, recheckInMs: null };
  const idleFor = input.now - (input.till.idleSince ?? last.at);
  if (idleFor < input.quietMs) {
    return { install: false, waitingFor: 'till-recently-used', recheckInMs: Math.min(input.quietMs, input.quietMs - idleFor) };
  }
  return { install: true };
}
