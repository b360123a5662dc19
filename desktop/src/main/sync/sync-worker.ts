import {
  DEFAULT_PULL_LIMIT,
  DEFAULT_PUSH_BATCH,
  INITIAL_CURSOR,
  MAX_PULL_LIMIT,
  MAX_OPS_PER_PUSH,
  MAX_PUSH_BODY_BYTES,
  PROTOCOL_VERSION,
  type IpcEvent,
  type IpcEvents,
  type OpResult,
  type OpStateReport,
  type SyncStatus,
} from '@seri/shared';
import { silentLogger, type Logger } from '../logger';
import { META_KEYS, type ClaimedOp, type OpQueue } from '../queue/op-queue';
import { Backoff, type BackoffOptions } from './backoff';
import type { PokeSource } from './poke-socket';
import { SyncHttpError, type SyncClient, type SyncFailureKind } from './sync-client';
import { nodeTimers, type TimerHandle, type Timers } from './timers';

/** Where and as whom the worker talks to the backend; null until the terminal is enrolled. */
export interface SyncConnection {
  serverUrl: string;
  token: string;
}

export type EmitEvent = <E extends IpcEvent>(event: E, data: IpcEvents[E]) => void;

export interface SyncWorkerOptions {
  queue: OpQueue;
  client: SyncClient;
  connection: () => Promise<SyncConnection | null>;
  emit: EmitEvent;
  timers?: Timers;
  now?: () => number;
  /** A pass every this often while all is well (pull fallback when no poke arrives). */
  periodicMs?: number;
  /** Longest wait between health probes while the server is unreachable. */
  offlineProbeMaxMs?: number;
  /** Wait after an enqueue, so a burst of sales goes out in one push. */
  enqueueDebounceMs?: number;
  /**
   * Most ops in one push (default: the protocol's maximum). Batches start smaller, grow
   * while pushes go through, and halve after a push timed out, so a slow link still drains.
   */
  pushBatchSize?: number;
  pullLimit?: number;
  /**
   * Page size once the server said more is waiting (a first download, a terminal long
   * offline): fewer, bigger pages. Defaults to the protocol's maximum, or to `pullLimit`
   * when only that is set.
   */
  pullCatchUpLimit?: number;
  backoff?: BackoffOptions;
  logger?: Logger;
  /** The server's "pull now" (the realtime WebSocket); started and stopped with the worker. */
  pokes?: PokeSource;
  /**
   * A fresh terminal downloads the shop's state first, then the window's history (default
   * true; see pullAll). Off: one walk of the whole feed, as servers before it had.
   */
  twoPassBootstrap?: boolean;
  /** SYNCED ops are deleted from the queue this long after they synced (I12). */
  queueRetentionMs?: number;
  /** Queue pruning and compaction run after a pass at most this often. */
  queueMaintenanceEveryMs?: number;
}

/** Failures that mean the server was never reached (offline), as opposed to one that answered badly. */
const UNREACHABLE: ReadonlySet<SyncFailureKind> = new Set<SyncFailureKind>(['network', 'timeout', 'aborted']);

export const DEFAULT_PERIODIC_SYNC_MS = 5 * 60_000;
export const DEFAULT_OFFLINE_PROBE_MAX_MS = 30_000;
export const DEFAULT_ENQUEUE_DEBOUNCE_MS = 250;
/** A week: long enough to show what synced today and yesterday, far below the server's idempotency horizon. */
export const DEFAULT_QUEUE_RETENTION_MS = 7 * 24 * 60 * 60_000;
export const DEFAULT_QUEUE_MAINTENANCE_EVERY_MS = 60 * 60_000;
/** Ops deleted per transaction while pruning, so a sale being queued never waits long. */
const QUEUE_PRUNE_SLICE = 500;
/** Room for the envelope around the ops in a push body. */
const PUSH_ENVELOPE_BYTES = 1024;

const MESSAGES = {
  incompleteAnswer: "Le serveur n'a pas répondu pour cette opération",
  internal: 'Erreur interne de synchronisation',
  notEnrolled: 'Terminal non enrôlé',
} as const;

/** What the last pass ended in; decides what the next timer does. */
type Standing =
  | { kind: 'idle' }
  | { kind: 'ok' }
  /** The server could not be reached: probe /api/health until it answers. */
  | { kind: 'offline' }
  /** The server answered with a transient error: retry the pass after a backoff. */
  | { kind: 'retry'; retryAfterMs: number | null }
  /** 426: keep every op, push nothing until the app is updated (or "sync now"). */
  | { kind: 'update-required' };

type TimerPurpose = 'debounce' | 'periodic' | 'retry' | 'probe';

/**
 * Drains main's queue to the backend and pulls the shop's changes, one pass at a time:
 * push in batches in the order ops were made, store each batch's results, then pull pages
 * until `hasMore` is false, each page stored with its cursor atomically. Transient failures
 * keep every op and retry for ever with backoff (I1); a refused op is set aside REJECTED so
 * the ops behind it still go (I7).
 */
export class SyncWorker {
  private readonly queue: OpQueue;
  private readonly client: SyncClient;
  private readonly connection: () => Promise<SyncConnection | null>;
  private readonly emit: EmitEvent;
  private readonly timers: Timers;
  private readonly now: () => number;
  private readonly periodicMs: number;
  private readonly offlineProbeMaxMs: number;
  private readonly enqueueDebounceMs: number;
  private readonly pushBatchSize: number;
  private batchSize: number;
  private readonly pullLimit: number;
  private readonly pullCatchUpLimit: number;
  private readonly backoff: Backoff;
  private readonly logger: Logger;
  private readonly pokes: PokeSource | null;
  private readonly queueRetentionMs: number;
  private readonly twoPassBootstrap: boolean;
  private readonly queueMaintenanceEveryMs: number;
  private lastMaintenanceAt: number | null = null;

  private isOnline = false;
  private standing: Standing = { kind: 'idle' };
  private started = false;
  private stopped = false;
  private running: Promise<void> | null = null;
  private pending: Promise<void> | null = null;
  /** Whether the next pass starts with a health probe (only when every trigger asking for it was the probe timer). */
  private nextPassProbes = false;
  private timer: { handle: TimerHandle; purpose: TimerPurpose } | null = null;
  private abort = new AbortController();
  private lastEmittedStatus = '';

  constructor(options: SyncWorkerOptions) {
    this.queue = options.queue;
    this.client = options.client;
    this.connection = options.connection;
    this.emit = options.emit;
    this.timers = options.timers ?? nodeTimers;
    this.now = options.now ?? Date.now;
    this.periodicMs = options.periodicMs ?? DEFAULT_PERIODIC_SYNC_MS;
    this.offlineProbeMaxMs = options.offlineProbeMaxMs ?? DEFAULT_OFFLINE_PROBE_MAX_MS;
    this.enqueueDebounceMs = options.enqueueDebounceMs ?? DEFAULT_ENQUEUE_DEBOUNCE_MS;
    this.pushBatchSize = Math.min(MAX_OPS_PER_PUSH, Math.max(1, options.pushBatchSize ?? MAX_OPS_PER_PUSH));
    this.batchSize = Math.min(this.pushBatchSize, DEFAULT_PUSH_BATCH);
    this.pullLimit = Math.max(1, options.pullLimit ?? DEFAULT_PULL_LIMIT);
    const catchUp = options.pullCatchUpLimit ?? (options.pullLimit === undefined ? MAX_PULL_LIMIT : this.pullLimit);
    this.pullCatchUpLimit = Math.min(MAX_PULL_LIMIT, Math.max(this.pullLimit, catchUp));
    this.backoff = new Backoff(options.backoff);
    this.logger = options.logger ?? silentLogger;
    this.pokes = options.pokes ?? null;
    this.queueRetentionMs = options.queueRetentionMs ?? DEFAULT_QUEUE_RETENTION_MS;
    this.twoPassBootstrap = options.twoPassBootstrap ?? true;
    this.queueMaintenanceEveryMs = options.queueMaintenanceEveryMs ?? DEFAULT_QUEUE_MAINTENANCE_EVERY_MS;
  }

  /** The last request reached the server and got an answer it meant. */
  get online(): boolean {
    return this.isOnline;
  }

  get isStarted(): boolean {
    return this.started && !this.stopped;
  }

  status(): SyncStatus {
    return { ...this.queue.status(), online: this.isOnline };
  }

  /** Begins syncing now, then on its own schedule. Idempotent. */
  start(): void {
    if (this.started || this.stopped) return;
    this.started = true;
    this.pokes?.start(() => this.poked());
    void this.requestPass(false);
  }

  /**
   * The server says the shop's data changed: pull now. A poke also proves the server is
   * reachable, so a terminal waiting out a failure tries at once (its queue goes too).
   */
  poked(): void {
    if (!this.isStarted || this.standing.kind === 'update-required') return;
    if (this.standing.kind === 'offline' || this.standing.kind === 'retry') this.backoff.reset();
    void this.requestPass(false);
  }

  /** Clears every timer, cuts the request on the wire and waits for the running pass. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.clearTimer();
    this.abort.abort();
    await this.pokes?.stop();
    await this.pending;
    await this.running;
  }

  /** Resolves once no pass is running or queued (for tests and orderly shutdowns). */
  async whenIdle(): Promise<void> {
    while (this.running || this.pending) {
      await this.pending;
      await this.running;
    }
  }

  /** New ops are in the queue: push them soon, unless the worker is waiting out a failure. */
  notifyEnqueued(): void {
    this.emitStatus();
    if (!this.isStarted) return;
    switch (this.standing.kind) {
      case 'offline':
      case 'retry':
      case 'update-required':
        // The probe or the backoff timer will carry them; pushing now would only fail again.
        return;
      case 'idle':
      case 'ok':
        if (this.running) void this.requestPass(false);
        else if (this.timer?.purpose !== 'debounce') this.setTimer('debounce', this.enqueueDebounceMs);
    }
  }

  /** The network came back or the machine woke up: try now, forgetting the backoff. */
  signalOnline(): void {
    if (!this.isStarted || this.standing.kind === 'update-required') return;
    this.backoff.reset();
    void this.requestPass(false);
  }

  /** The OS says the network is gone: show it at once; the next pass will confirm. */
  signalOffline(): void {
    if (!this.isOnline) return;
    this.isOnline = false;
    this.emitStatus();
  }

  /** "Sync now": a full push and pull that starts after this call; resolves with the status. */
  async syncNow(): Promise<SyncStatus> {
    if (this.stopped) return this.status();
    if (this.standing.kind === 'update-required') this.standing = { kind: 'idle' };
    this.backoff.reset();
    await this.requestPass(false);
    return this.status();
  }

  /**
   * Runs a pass now, or right after the running one; concurrent requests share the one
   * queued pass, so passes never overlap and no request is lost.
   */
  private requestPass(probe: boolean): Promise<void> {
    if (this.stopped) return Promise.resolve();
    if (this.pending) {
      this.nextPassProbes &&= probe;
      return this.pending;
    }
    if (this.running) {
      this.nextPassProbes = probe;
      this.pending = this.running.then(() => {
        this.pending = null;
        return this.startPass(this.nextPassProbes);
      });
      return this.pending;
    }
    return this.startPass(probe);
  }

  private startPass(probe: boolean): Promise<void> {
    if (this.stopped) return Promise.resolve();
    const pass = this.pass(probe).finally(() => {
      if (this.running === pass) this.running = null;
    });
    this.running = pass;
    return pass;
  }

  private async pass(probe: boolean): Promise<void> {
    this.clearTimer();
    try {
      const connection = await this.connection();
      if (!connection) {
        this.standing = { kind: 'idle' };
        this.setLastError(MESSAGES.notEnrolled);
        return;
      }
      if (this.standing.kind === 'update-required') return;
      if (probe) await this.probe(connection);
      await this.pushAll(connection);
      if (this.stopped) return;
      await this.pullAll(connection);
      if (this.stopped) return;
      this.succeeded();
      await this.report(connection);
      await this.maintainQueue();
    } catch (error) {
      this.failed(error);
    } finally {
      this.emitStatus();
      this.scheduleNext();
    }
  }

  private async probe(connection: SyncConnection): Promise<void> {
    const health = await this.client.health(connection.serverUrl, this.abort.signal);
    if (health.minProtocolVersion > PROTOCOL_VERSION) {
      throw new SyncHttpError('update-required', 'Mise à jour requise : le serveur ne sert plus ce protocole', 200);
    }
    this.setOnline(true);
  }

  /**
   * Drains the queue in batches, in the order the ops were made. While a batch of sales is
   * on the wire the next one may follow it: new sales cannot depend on each other, so a
   * backlog goes up with two pushes in flight (the link's round trip and the server's work
   * overlap). Any batch holding another kind of op waits until everything before it is
   * answered, so a product or expense is never overtaken by what came after it.
   */
  private async pushAll(connection: SyncConnection): Promise<void> {
    // Pushes on the wire, oldest first, each with whether it holds only new sales.
    const wire: { outcome: Promise<void>; sales: boolean }[] = [];
    try {
      while (!this.stopped) {
        const batch = this.queue.claimBatch(this.batchSize, MAX_PUSH_BODY_BYTES - PUSH_ENVELOPE_BYTES);
        if (batch.length === 0) break;
        const sales = batch.every((op) => op.entity === 'sale' && op.kind === 'create');
        if (!sales || wire.some((push) => !push.sales)) while (wire.length > 0) await wire.shift()!.outcome;
        const outcome = this.pushBatch(connection, batch);
        // Handled from the start: it may fail while an older push is being awaited.
        outcome.catch(() => undefined);
        wire.push({ outcome, sales });
        // Never more than two on the wire; anything but new sales goes alone.
        while (wire.length > (sales ? 1 : 0)) await wire.shift()!.outcome;
      }
      while (wire.length > 0) await wire.shift()!.outcome;
    } catch (error) {
      // Let the other push on the wire finish (its answer is recorded), then stop this pass.
      await Promise.allSettled(wire.map((push) => push.outcome));
      throw error;
    }
  }

  /** One push and its bookkeeping; throws when the pass must stop (its ops are released). */
  private async pushBatch(connection: SyncConnection, ops: readonly ClaimedOp[]): Promise<void> {
    const opIds = ops.map((op) => op.opId);
    try {
      await this.pushOps(connection, ops);
      // A backlog goes up in fewer, bigger pushes once the link has shown it carries them.
      if (ops.length >= this.batchSize) this.batchSize = Math.min(this.pushBatchSize, this.batchSize * 2);
    } catch (error) {
      // A push too big for the link to carry in time is retried smaller, down to one op.
      if (error instanceof SyncHttpError && error.kind === 'timeout') this.batchSize = Math.max(1, Math.floor(ops.length / 2));
      // Not reaching the server is the normal life of an offline terminal: the ops wait as
      // PENDING (yellow dot). FAILED (red) is for a server that answered badly.
      const unreachable = error instanceof SyncHttpError && UNREACHABLE.has(error.kind);
      this.emitOpStates(this.queue.releaseSyncing(errorText(error), unreachable ? 'PENDING' : 'FAILED', opIds));
      throw error;
    }
    // An op the server left out of its answer is retried, never assumed sent; not in this
    // pass, which would ask the same server the same question at once.
    const unanswered = this.queue.releaseSyncing(MESSAGES.incompleteAnswer, 'FAILED', opIds);
    this.emitOpStates(unanswered);
    if (unanswered.length > 0) throw new SyncHttpError('bad-response', MESSAGES.incompleteAnswer, 200);
    this.emitStatus();
  }

  /**
   * Pushes ops in order. A batch refused as a whole (400/413) is split in halves until the
   * op at fault is alone; that op is REJECTED with the server's message and the rest go on (I7).
   */
  private async pushOps(connection: SyncConnection, ops: readonly ClaimedOp[]): Promise<void> {
    let results: OpResult[];
    try {
      // The ops as the queue stored them: no parse and re-serialisation of a 500-sale batch.
      const response = await this.client.push(connection.serverUrl, connection.token, { protocolVersion: PROTOCOL_VERSION, ops: ops.map((op) => op.body) }, this.abort.signal);
      results = response.results;
      if (typeof response.hlc === 'string') this.queue.setMeta(META_KEYS.serverHlc, response.hlc);
    } catch (error) {
      if (!(error instanceof SyncHttpError) || error.kind !== 'refused') throw error;
      this.setOnline(true);
      if (ops.length > 1) {
        const middle = Math.ceil(ops.length / 2);
        await this.pushOps(connection, ops.slice(0, middle));
        await this.pushOps(connection, ops.slice(middle));
        return;
      }
      const reason = [error.message, ...error.details.filter((detail) => detail !== error.message)].join(' — ');
      this.logger.warn(`op ${ops[0]?.opId ?? '?'} refused by the server (HTTP ${error.status ?? '?'})`, reason);
      // 409 on a push means this opId was already used for another op (I2); the rest is the op's content.
      const code = error.status === 409 ? 'OP_ID_REUSED' : 'VALIDATION';
      results = ops.map((op) => ({ opId: op.opId, status: 'rejected', code, reason: `HTTP ${error.status ?? '?'} : ${reason}` }));
    }
    this.setOnline(true);
    this.emitOpStates(this.queue.applyResults(results));
  }

  /**
   * Pulls until the server has nothing more. A fresh terminal (cursor still at the start)
   * bootstraps in two passes (I12): the shop's state first (shop, users, catalogue, stock
   * levels), so the till can sell within a minute of enrollment, then the window's sales,
   * movements and expenses up to where the state pass ended, then the feed from there on.
   * Each pass's cursor is stored with its pages (I3), so a crash resumes the pass it was in.
   */
  private async pullAll(connection: SyncConnection): Promise<void> {
    if (this.twoPassBootstrap && this.queue.cursor() === INITIAL_CURSOR && this.queue.getMeta(META_KEYS.bootstrapPhase) === null) {
      this.queue.setMeta(META_KEYS.bootstrapPhase, 'state');
    }
    let received = 0;
    if (this.queue.getMeta(META_KEYS.bootstrapPhase) === 'state') {
      const done = await this.pullPass(connection, META_KEYS.cursor, { scope: 'state' }, received).catch((error: unknown) => {
        // A server from before the two-pass bootstrap refuses `scope`: take the whole feed as before.
        if (error instanceof SyncHttpError && error.status === 400) return { complete: true, received, refused: true };
        throw error;
      });
      received = done.received;
      if (!done.complete || this.stopped) return;
      if ('refused' in done) this.queue.setMeta(META_KEYS.bootstrapPhase, null);
      else {
        this.queue.setMetaMany({
          [META_KEYS.bootstrapPhase]: 'history',
          [META_KEYS.bootstrapUntil]: this.queue.cursor(),
          [META_KEYS.historyCursor]: INITIAL_CURSOR,
        });
      }
    }
    if (this.queue.getMeta(META_KEYS.bootstrapPhase) === 'history') {
      const until = this.queue.getMeta(META_KEYS.bootstrapUntil) ?? INITIAL_CURSOR;
      const done = await this.pullPass(connection, META_KEYS.historyCursor, { scope: 'history', until }, received);
      received = done.received;
      if (!done.complete || this.stopped) return;
      this.queue.setMetaMany({ [META_KEYS.bootstrapPhase]: null, [META_KEYS.bootstrapUntil]: null, [META_KEYS.historyCursor]: null });
    }
    await this.pullPass(connection, META_KEYS.cursor, undefined, received);
  }

  /** One pass of pages from the cursor under `cursorKey`; `complete` when the server had no more. */
  private async pullPass(
    connection: SyncConnection,
    cursorKey: string,
    scope: { scope: 'state' } | { scope: 'history'; until: string } | undefined,
    receivedBefore: number,
  ): Promise<{ complete: boolean; received: number }> {
    let cursor = this.queue.getMeta(cursorKey) ?? INITIAL_CURSOR;
    let received = receivedBefore;
    // A routine pull asks for a normal page; once the server says more is waiting, bigger ones.
    let limit = scope ? this.pullCatchUpLimit : this.pullLimit;
    while (!this.stopped) {
      const page = await this.client.pull(connection.serverUrl, connection.token, cursor, limit, this.abort.signal, scope);
      this.setOnline(true);
      const pageId = this.queue.storePulledPage(page.changes, page.cursor, page.credentials, cursorKey);
      // Counted in the unit of `remaining` (feed rows) when the server says it.
      const took = typeof page.rows === 'number' ? page.rows : page.changes.length;
      received += took;
      // A long download (a fresh terminal's first) shows a progress bar; a routine pull of one page does not need one.
      if (page.hasMore || received > took) {
        this.safeEmit('sync:pull-progress', { received, remaining: typeof page.remaining === 'number' ? page.remaining : null });
      }
      if (pageId !== null) this.safeEmit('sync:pages-available', { count: this.queue.pageCount() });
      if (!page.hasMore) return { complete: true, received };
      if (page.cursor === cursor) {
        // A server that says "more" without moving the cursor would keep us here for ever.
        this.logger.warn('pull: hasMore with an unchanged cursor; stopping this pass');
        return { complete: false, received };
      }
      cursor = page.cursor;
      limit = this.pullCatchUpLimit;
    }
    return { complete: false, received };
  }

  /**
   * Retention (I12), after a good pass and at most every `queueMaintenanceEveryMs`: old SYNCED
   * ops go slice by slice (a sale queued meanwhile waits one slice at most), then the file is
   * compacted. Unsynced and REJECTED ops stay (see OpQueue.pruneSynced).
   */
  private async maintainQueue(): Promise<void> {
    const now = this.now();
    if (this.lastMaintenanceAt !== null && now - this.lastMaintenanceAt < this.queueMaintenanceEveryMs) return;
    this.lastMaintenanceAt = now;
    try {
      let pruned = 0;
      for (;;) {
        const deleted = this.queue.pruneSynced(now - this.queueRetentionMs, QUEUE_PRUNE_SLICE);
        pruned += deleted;
        if (deleted < QUEUE_PRUNE_SLICE || this.stopped) break;
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
      const vacuum = this.queue.compact();
      if (pruned > 0 || vacuum !== 'none') this.logger.info(`queue retention: ${pruned} synced ops pruned, vacuum ${vacuum}`);
    } catch (error) {
      this.logger.warn('queue retention failed', error instanceof Error ? error.message : String(error));
    }
  }

  /** Best effort: a report that fails never fails the pass; the next pass sends a fresh one. */
  private async report(connection: SyncConnection): Promise<void> {
    const status = this.queue.status();
    try {
      await this.client.report(
        connection.serverUrl,
        connection.token,
        {
          cursor: this.queue.cursor(),
          pending: status.pending + status.syncing + status.failed,
          rejected: status.rejected,
          ...(status.oldestPendingAgeMs === null ? {} : { oldestPendingMs: Math.max(0, Math.round(status.oldestPendingAgeMs)) }),
        },
        this.abort.signal,
      );
    } catch (error) {
      this.logger.warn('device report not sent', error instanceof Error ? error.message : String(error));
    }
  }

  private succeeded(): void {
    this.standing = { kind: 'ok' };
    this.backoff.reset();
    this.setOnline(true);
    this.queue.setMetaMany({ [META_KEYS.lastSyncAt]: new Date(this.now()).toISOString(), [META_KEYS.lastError]: null });
  }

  private failed(error: unknown): void {
    if (this.stopped && error instanceof SyncHttpError && error.kind === 'aborted') return;
    if (!(error instanceof SyncHttpError)) {
      this.logger.error('sync pass failed', error);
      this.standing = { kind: 'retry', retryAfterMs: null };
      this.setLastError(MESSAGES.internal);
      return;
    }
    this.logger.warn(`sync pass failed: ${error.kind}`, error.serverMessage ?? error.message);
    switch (error.kind) {
      case 'network':
      case 'timeout':
      case 'aborted':
        this.standing = { kind: 'offline' };
        this.setOnline(false);
        break;
      case 'server':
      case 'rate-limited':
      case 'bad-response':
        this.standing = { kind: 'retry', retryAfterMs: error.retryAfterMs };
        this.setOnline(false);
        break;
      case 'unauthorized':
      case 'refused':
        // The server answered: it is reachable, but will not take these requests yet.
        this.standing = { kind: 'retry', retryAfterMs: error.retryAfterMs };
        this.setOnline(true);
        break;
      case 'update-required':
        this.standing = { kind: 'update-required' };
        this.setOnline(true);
        break;
    }
    this.setLastError(error.message);
  }

  private scheduleNext(): void {
    if (this.stopped || !this.started || this.timer) return;
    switch (this.standing.kind) {
      case 'idle':
      case 'update-required':
        return;
      case 'ok':
        this.setTimer('periodic', this.periodicMs);
        return;
      case 'offline':
        this.setTimer('probe', Math.min(this.backoff.next(), this.offlineProbeMaxMs));
        return;
      case 'retry': {
        // The server's Retry-After wins over our jitter, within the overall cap.
        const wait = Math.max(this.backoff.next(), this.standing.retryAfterMs ?? 0);
        this.setTimer('retry', Math.min(wait, this.backoff.maxMs));
        return;
      }
    }
  }

  private setTimer(purpose: TimerPurpose, ms: number): void {
    this.clearTimer();
    const handle = this.timers.setTimeout(() => {
      if (this.timer?.handle === handle) this.timer = null;
      void this.requestPass(purpose === 'probe');
    }, ms);
    this.timer = { handle, purpose };
  }

  private clearTimer(): void {
    if (!this.timer) return;
    this.timers.clearTimeout(this.timer.handle);
    this.timer = null;
  }

  private setOnline(online: boolean): void {
    if (this.isOnline === online) return;
    this.isOnline = online;
    this.emitStatus();
  }

  private setLastError(message: string | null): void {
    this.queue.setMeta(META_KEYS.lastError, message);
  }

  private emitOpStates(changed: OpStateReport[]): void {
    if (changed.length > 0) this.safeEmit('sync:op-states', changed);
  }

  /** Sends the status when it differs from the last one sent. */
  private emitStatus(): void {
    if (!this.queue.isOpen) return;
    const status = this.status();
    const key = JSON.stringify(status);
    if (key === this.lastEmittedStatus) return;
    this.lastEmittedStatus = key;
    this.safeEmit('sync:status', status);
  }

  private safeEmit<E extends IpcEvent>(event: E, data: IpcEvents[E]): void {
    try {
      this.emit(event, data);
    } catch (error) {
      // A closed window must not break the sync; the renderer re-reads state when it starts.
      this.logger.warn(`could not emit ${event}`, error);
    }
  }
}

function errorText(error: unknown): string {
  return error instanceof SyncHttpError ? error.message : MESSAGES.internal;
}
