import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { ResultErrorException, type IpcEvent, type IpcEvents, type TillActivity, type UpdateStatus } from '@seri/shared';
import { NO_CUSTOMER_DISPLAY, type CustomerDisplay } from './display/customer-display';
import { DeviceService } from './device/device-service';
import { MetaSecretStore } from './device/meta-secret-store';
import type { SecretStore } from './device/secret-store';
import { SessionService } from './device/session-service';
import { createIpcRouter, type IpcHandlers, type IpcRouter } from './ipc/ipc-router';
import { consoleLogger, type Logger } from './logger';
import { FileReceiptPrinter } from './printing/file-receipt-printer';
import type { ReceiptPrinter } from './printing/receipt-printer';
import { OpQueue } from './queue/op-queue';
import { PokeSocket } from './sync/poke-socket';
import { SyncClient } from './sync/sync-client';
import { SyncWorker } from './sync/sync-worker';
import type { Timers } from './sync/timers';

export interface TerminalCoreOptions {
  /** Folder for main's own data: the queue database (and nothing the renderer reads directly). */
  dataDir: string;
  /** Where the device token goes. Electron passes safeStorage; without one it stays in meta (tests, headless shell). */
  secretStore?: SecretStore;
  /** main → renderer events: webContents.send in Electron, page.evaluate in the shell. */
  emit: <E extends IpcEvent>(event: E, data: IpcEvents[E]) => void;
  /** Renderer origins allowed to call main (see ipc/trusted-origin.ts). */
  allowedOrigins: string[];
  periodicSyncMs?: number;
  fetch?: typeof fetch;
  now?: () => number;
  logger?: Logger;
  timers?: Timers;
  requestTimeoutMs?: number;
  /** Keep a WebSocket to the backend for its pokes (default true). */
  realtime?: boolean;
  /** Where receipts go (Electron: the printer glue); by default text files in `dataDir/receipts`, as in the headless shell. */
  printer?: ReceiptPrinter;
  /** The customer display (Electron: a window on a second screen; the shell: a second page); none by default. */
  customerDisplay?: CustomerDisplay;
  /** The app's updater, behind `terminal:activity` and `update:status` (Electron's; the shell has none). */
  updates?: TillUpdates;
}

/** What the IPC channels need from the updater (desktop/src/main/updates/update-coordinator.ts). */
export interface TillUpdates {
  status(): UpdateStatus;
  reportActivity(activity: TillActivity): UpdateStatus;
}

const NO_UPDATES: UpdateStatus = { state: 'disabled', version: null, percent: null, waitingFor: null };

export interface TerminalCore {
  /** The IPC router's entry: (channel, payload, sender) → Result, never throws. */
  handle: IpcRouter['handle'];
  worker: SyncWorker;
  queue: OpQueue;
  device: DeviceService;
  sessions: SessionService;
  /** Starts the sync worker if the terminal is enrolled (enrollment starts it otherwise). */
  start(): Promise<void>;
  /** Stops the worker (waiting for its pass) and closes the database. Idempotent. */
  close(): Promise<void>;
}

export const QUEUE_FILE_NAME = 'queue.sqlite3';
/** Pages handed to the renderer per call when it does not say. */
const DEFAULT_PAGES_PER_CALL = 10;

/**
 * Main's modules wired together, without Electron: the Electron glue and the headless
 * shell both build one of these and route every renderer call to `handle`.
 */
export function createTerminalCore(options: TerminalCoreOptions): TerminalCore {
  const logger = options.logger ?? consoleLogger;
  mkdirSync(options.dataDir, { recursive: true });
  const queue = new OpQueue(join(options.dataDir, QUEUE_FILE_NAME), { now: options.now });
  const client = new SyncClient({ fetch: options.fetch, timeoutMs: options.requestTimeoutMs });
  const secrets = options.secretStore ?? new MetaSecretStore(queue);
  const device = new DeviceService({ queue, secrets, client, logger });
  const sessions = new SessionService({ queue, now: options.now });
  const printer = options.printer ?? new FileReceiptPrinter(join(options.dataDir, 'receipts'));
  const worker = new SyncWorker({
    queue,
    client,
    connection: () => device.connection(),
    emit: options.emit,
    timers: options.timers,
    now: options.now,
    periodicMs: options.periodicSyncMs,
    logger,
    pokes: options.realtime === false ? undefined : new PokeSocket({ connection: () => device.connection(), timers: options.timers, logger }),
  });

  const handlers: IpcHandlers = {
    'sync:enqueue': ({ ops }) => {
      const result = queue.enqueue(ops);
      worker.notifyEnqueued();
      return result;
    },
    'sync:status': () => worker.status(),
    'sync:now': () => {
      if (!device.enrolled) throw new ResultErrorException('NOT_ENROLLED', "Ce terminal n'est pas encore enrôlé");
      return worker.syncNow();
    },
    'sync:pages': ({ limit, after }) => queue.pageTexts(limit ?? DEFAULT_PAGES_PER_CALL, after),
    'sync:ack-pages': ({ upToPageId }) => queue.ackPages(upToPageId),
    'sync:op-states': ({ opIds }) => queue.opStates(opIds),
    'sync:problems': () => queue.problems(),
    'device:info': () => device.info(),
    'device:enroll': async (request) => {
      const info = await device.enroll(request);
      // The first pass pulls the shop's users, so PIN login works right after enrollment.
      worker.start();
      return info;
    },
    'session:login': (request) => sessions.login(request),
    'session:approve': (request) => sessions.approve(request),
    'receipt:print': async ({ receipt }) => {
      try {
        return await printer.print(receipt);
      } catch (error) {
        throw new ResultErrorException('PRINT_FAILED', error instanceof Error ? error.message : String(error));
      }
    },
    'display:screens': () => (options.customerDisplay ?? NO_CUSTOMER_DISPLAY).screens(),
    'display:show': (request) => (options.customerDisplay ?? NO_CUSTOMER_DISPLAY).show(request),
    'terminal:activity': (activity) => options.updates?.reportActivity(activity) ?? NO_UPDATES,
    'update:status': () => options.updates?.status() ?? NO_UPDATES,
  };
  const router = createIpcRouter(handlers, { allowedOrigins: options.allowedOrigins, logger });

  let closing: Promise<void> | null = null;
  return {
    handle: (channel, payload, sender) => router.handle(channel, payload, sender),
    worker,
    queue,
    device,
    sessions,
    start() {
      if (!closing && device.enrolled) worker.start();
      return Promise.resolve();
    },
    close() {
      closing ??= (async () => {
        await worker.stop();
        queue.close();
      })();
      return closing;
    },
  };
}
