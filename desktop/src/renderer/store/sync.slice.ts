import type { SyncStatus } from '@seri/shared';
import type { PullProgress } from '../sync/apply-pull';
import type { SliceCreator } from './seri-store';

/** The latest word from main about its queue and the pull; the ops themselves live in Dexie and SQLite. */
export interface SyncSlice {
  syncStatus: SyncStatus | null;
  pullProgress: PullProgress;
  /** True once a pull run found no page left to apply. */
  pullDrained: boolean;
  syncing: boolean;
  /** Outbox ops being handed to main at this instant (counted by main's status, not as 'new'). */
  relayInFlight: readonly string[];
  /** Main's word on the pull in progress (`sync:pull-progress`): changes received and still to come (null: unknown). */
  download: { received: number; remaining: number | null } | null;
  setDownload: (download: { received: number; remaining: number | null }) => void;
  setSyncStatus: (status: SyncStatus) => void;
  setPullProgress: (progress: PullProgress) => void;
  setPullDrained: (drained: boolean) => void;
  setSyncing: (syncing: boolean) => void;
  setRelayInFlight: (opIds: readonly string[]) => void;
}

export const createSyncSlice: SliceCreator<SyncSlice> = (set) => ({
  syncStatus: null,
  pullProgress: { pages: 0, changes: 0 },
  pullDrained: false,
  syncing: false,
  relayInFlight: [],
  download: null,
  setDownload: (download) => set({ download }),
  setSyncStatus: (syncStatus) => set({ syncStatus }),
  setPullProgress: (pullProgress) => set({ pullProgress }),
  setPullDrained: (pullDrained) => set({ pullDrained }),
  setSyncing: (syncing) => set({ syncing }),
  setRelayInFlight: (relayInFlight) => set({ relayInFlight }),
});
