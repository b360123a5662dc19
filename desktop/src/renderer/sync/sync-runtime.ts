import type { SeriBridge, SyncStatus } from '@seri/shared';
import { callMain } from '../bridge/seri-bridge';
import type { SeriDb } from '../db/seri-db';
import { PulledPagesApplier, type PullProgress } from './apply-pull';
import { OutboxRelay } from './outbox-relay';
import { applyOpStates, reconcileOpStates } from './op-states';
import { RetentionPruner } from './retention';

export interface SyncRuntimeHooks {
  onStatus?: (status: SyncStatus) => void;
  onPullProgress?: (progress: PullProgress) => void;
  /** A pull run ended with no page left. */
  onPullDrained?: () => void;
  onError?: (error: unknown) => void;
  /** Ops the relay is handing over right now (see OutboxRelayOptions.onInFlight). */
  onRelayInFlight?: (opIds: readonly string[]) => void;
  /** Main's pull progress (first download's progress bar). */
  onDownload?: (progress: { received: number; remaining: number | null }) => void;
}

export interface SyncRuntimeOptions {
  relayIntervalMs?: number;
  /** Fallback poll of main's status, in case an event was missed. */
  statusIntervalMs?: number;
}

/**
 * Wires the renderer's half of the sync to main: the outbox relay, the pulled-page
 * applier, op-state reports, and main's status. Everything here is restartable: stopping
 * and starting again (or a reload) only repeats idempotent work.
 */
export class SyncRuntime {
  readonly relay: OutboxRelay;
  readonly pull: PulledPagesApplier;
  /** Background pruning of what is older than the shop's window (I12). */
  readonly retention: RetentionPruner;
  private unsubscribers: Array<() => void> = [];
  private statusTimer: ReturnType<typeof setInterval> | null = null;

  constructor(
    private readonly db: SeriDb,
    private readonly bridge: SeriBridge,
    deviceId: string,
    private readonly hooks: SyncRuntimeHooks = {},
    private readonly options: SyncRuntimeOptions = {},
  ) {
    const onError = (error: unknown): void => hooks.onError?.(error);
    this.relay = new OutboxRelay(db, bridge, {
      onError,
      onHanded: () => this.refreshStatus(),
      ...(hooks.onRelayInFlight ? { onInFlight: hooks.onRelayInFlight } : {}),
      ...(options.relayIntervalMs ? { intervalMs: options.relayIntervalMs } : {}),
    });
    this.pull = new PulledPagesApplier(db, bridge, { deviceId }, { onError, ...(hooks.onPullProgress ? { onProgress: hooks.onPullProgress } : {}) });
    this.retention = new RetentionPruner(db, { onError });
  }

  start(): void {
    if (this.unsubscribers.length > 0) return;
    this.unsubscribers = [
      this.bridge.on('sync:status', (status) => this.hooks.onStatus?.(status)),
      this.bridge.on('sync:pages-available', () => this.pullNow()),
      this.bridge.on('sync:pull-progress', (progress) => this.hooks.onDownload?.(progress)),
      this.bridge.on('sync:op-states', (reports) => {
        applyOpStates(this.db, reports).catch((error: unknown) => this.hooks.onError?.(error));
      }),
    ];
    this.relay.start();
    this.retention.start();
    this.pullNow();
    this.refreshStatus();
    reconcileOpStates(this.db, this.bridge).catch((error: unknown) => this.hooks.onError?.(error));
    this.statusTimer = setInterval(() => this.refreshStatus(), this.options.statusIntervalMs ?? 15_000);
  }

  stop(): void {
    for (const unsubscribe of this.unsubscribers) unsubscribe();
    this.unsubscribers = [];
    this.relay.stop();
    this.retention.stop();
    if (this.statusTimer !== null) clearInterval(this.statusTimer);
    this.statusTimer = null;
  }

  /** "Synchroniser maintenant": hand the outbox over, let main push and pull, apply what came. */
  async syncNow(): Promise<SyncStatus> {
    await this.relay.run();
    const status = await callMain(this.bridge, 'sync:now', undefined);
    this.hooks.onStatus?.(status);
    await this.pull.run();
    this.hooks.onPullDrained?.();
    return status;
  }

  private pullNow(): void {
    this.pull.run().then(
      () => this.hooks.onPullDrained?.(),
      (error: unknown) => this.hooks.onError?.(error),
    );
  }

  private refreshStatus(): void {
    callMain(this.bridge, 'sync:status', undefined).then(
      (status) => this.hooks.onStatus?.(status),
      (error: unknown) => this.hooks.onError?.(error),
    );
  }
}
