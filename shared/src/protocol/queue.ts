/** States of an op in main's durable queue (DESIGN "Queue states"). */
export const QUEUE_STATES = ['PENDING', 'SYNCING', 'SYNCED', 'FAILED', 'REJECTED'] as const;
export type QueueState = (typeof QUEUE_STATES)[number];

export interface SyncStatus {
  total: number;
  pending: number;
  syncing: number;
  synced: number;
  failed: number;
  rejected: number;
  oldestPendingAgeMs: number | null;
  lastSyncAt: string | null;
  lastError: string | null;
  online: boolean;
}

export type SyncDot = 'green' | 'yellow' | 'red';

/** Green: all synced; yellow: ops waiting; red: failed or rejected. */
export function syncDot(status: Pick<SyncStatus, 'pending' | 'syncing' | 'failed' | 'rejected'>): SyncDot {
  if (status.failed > 0 || status.rejected > 0) return 'red';
  if (status.pending > 0 || status.syncing > 0) return 'yellow';
  return 'green';
}

export interface OpStateReport {
  opId: string;
  state: QueueState;
  code?: string;
  reason?: string;
}
