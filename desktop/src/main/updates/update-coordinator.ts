import type { TillActivity, UpdateStatus } from '@seri/shared';
import { silentLogger, type Logger } from '../logger';
import { nodeTimers, type TimerHandle, type Timers } from '../sync/timers';
import type { TillUpdates } from '../terminal-core';
import { NO_TILL_REPORT, decideInstall, recordTillActivity, type TillState } from './update-policy';

/** The till must have been free this long before an update restarts it. */
export const DEFAULT_UPDATE_QUIET_MS = 10 * 60_000;

export interface UpdateCoordinatorOptions {
  /** main → renderer `update:status`; the renderer answers with a `terminal:activity` report. */
  emit: (status: UpdateStatus) => void;
  /** Closes the terminal core (queue flushed, SQLite closed) and restarts into the new version. */
  install: () => Promise<void>;
  /** A monotonic clock in ms: a wall clock set back must not hold an update for ever. */
  now?: () => number;
  timers?: Timers;
  quietMs?: number;
  logger?: Logger;
}

/**
 * Between electron-updater and the till: keeps the update status the renderer sees, records
 * the renderer's activity reports, and asks update-policy.ts whether a downloaded update may
 * restart the app now. Holds no Electron: the glue in electron/auto-updater.ts feeds it.
 */
export class UpdateCoordinator implements TillUpdates {
  private readonly emitStatus: (status: UpdateStatus) => void;
  private readonly installUpdate: () => Promise<void>;
  private readonly now: () => number;
  private readonly timers: Timers;
  private readonly quietMs: number;
  private readonly logger: Logger;
  private current: UpdateStatus = { state: 'idle', version: null, percent: null, waitingFor: null };
  private till: TillState = NO_TILL_REPORT;
  private readySince: number | null = null;
  private recheck: { handle: TimerHandle } | null = null;
  private stopped = false;

  constructor(options: UpdateCoordinatorOptions) {
    this.emitStatus = options.emit;
    this.installUpdate = options.install;
    this.now = options.now ?? (() => performance.now());
    this.timers = options.timers ?? nodeTimers;
    this.quietMs = options.quietMs ?? DEFAULT_UPDATE_QUIET_MS;
    this.logger = options.logger ?? silentLogger;
  }

  status(): UpdateStatus {
    return { ...this.current };
  }

  reportActivity(activity: TillActivity): UpdateStatus {
    this.till = recordTillActivity(this.till, activity, this.now());
    this.evaluate();
    return this.status();
  }

  // electron-updater's events, through the glue:

  checking(): void {
    if (this.readySince === null) this.set({ state: 'checking', percent: null, waitingFor: null });
  }

  available(version: string): void {
    if (this.readySince === null) this.set({ state: 'downloading', version, percent: 0, waitingFor: null });
  }

  notAvailable(): void {
    if (this.readySince === null) this.set({ state: 'idle', version: null, percent: null, waitingFor: null });
  }

  progress(percent: number): void {
    if (this.readySince !== null || this.current.state !== 'downloading') return;
    const rounded = Math.max(0, Math.min(100, Math.floor(percent)));
    if (rounded !== this.current.percent) this.set({ percent: rounded });
  }

  downloaded(version: string): void {
    if (this.stopped || this.current.state === 'installing') return;
    this.logger.info(`update ${version} downloaded; it installs once the till is free`);
    this.readySince = this.now();
    // This event is also the question: the renderer answers with what the till is doing.
    this.set({ state: 'ready', version, percent: null, waitingFor: 'no-activity-report' });
    this.evaluate();
  }

  failed(error: unknown): void {
    this.logger.warn('update check or download failed; trying again at the next check', error);
    // A later failed check does not undo an update already downloaded.
    if (this.readySince === null && this.current.state !== 'installing') this.set({ state: 'error', percent: null, waitingFor: null });
  }

  /** IT turned self-updates off, or this build cannot update itself. */
  disable(): void {
    this.set({ state: 'disabled', version: null, percent: null, waitingFor: null });
  }

  stop(): void {
    this.stopped = true;
    this.clearRecheck();
  }

  private evaluate(): void {
    this.clearRecheck();
    if (this.stopped || this.current.state === 'installing') return;
    const decision = decideInstall({ till: this.till, readySince: this.readySince, now: this.now(), quietMs: this.quietMs });
    if (decision.install) {
      this.install();
      return;
    }
    if (this.readySince !== null && decision.waitingFor !== this.current.waitingFor) this.set({ waitingFor: decision.waitingFor });
    if (decision.recheckInMs !== null) {
      this.recheck = {
        handle: this.timers.setTimeout(() => {
          this.recheck = null;
          this.evaluate();
        }, decision.recheckInMs),
      };
    }
  }

  private install(): void {
    this.logger.info(`installing update ${this.current.version ?? '?'}: the till is free and every op is in the queue`);
    this.set({ state: 'installing', waitingFor: null });
    this.installUpdate().catch((error: unknown) => {
      this.logger.error('installing the update failed; the app keeps running on this version', error);
      this.readySince = null;
      this.set({ state: 'error', percent: null, waitingFor: null });
    });
  }

  private clearRecheck(): void {
    if (this.recheck !== null) this.timers.clearTimeout(this.recheck.handle);
    this.recheck = null;
  }

  private set(patch: Partial<UpdateStatus>): void {
    this.current = { ...this.current, ...patch };
    try {
      this.emitStatus(this.status());
    } catch (error) {
      this.logger.warn('update status could not be sent to the renderer', error);
    }
  }
}
