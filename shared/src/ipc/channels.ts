import type { Role, ShopRecord } from '../protocol/entities';
import type { Change } from '../protocol/sync';
import type { OpStateReport, SyncStatus } from '../protocol/queue';
import type { Result } from './result';
import type { AnyOp } from '../protocol/ops';
import type { ReceiptDocument } from '../receipt/receipt';

/**
 * The one map of renderer → main channels and their request/response types
 * (GitHub Desktop's ipc-shared.ts). The preload allows exactly these names; main's
 * router validates every payload against `shared/dto/ipc` before a handler runs.
 */
export interface DeviceInfo {
  enrolled: boolean;
  deviceId: string | null;
  deviceName: string | null;
  terminalCode: string | null;
  serverUrl: string | null;
  shop: ShopRecord | null;
}

export interface SessionUser {
  userId: string;
  name: string;
  role: Role;
}

/** What a manager's PIN can approve at the till (checked in main, offline). */
export const APPROVAL_ACTIONS = ['VOID_SALE', 'REFUND_SALE', 'DISCOUNT', 'STOCK_ADJUSTMENT', 'STOCK_COUNT', 'PRODUCT_EDIT', 'SETTINGS', 'CASH_MOVEMENT'] as const;
export type ApprovalAction = (typeof APPROVAL_ACTIONS)[number];

/** A MANAGER or ADMIN approved an action with their PIN. */
export interface Approval {
  approverId: string;
  name: string;
  role: Role;
  action: ApprovalAction;
  approvedAt: string;
}

/** Where a receipt went: the printer's name, and the file it was written to when it is one (headless shell). */
export interface PrintedReceipt {
  printer: string;
  location: string | null;
}

/** A page of pulled changes stored by main, waiting for the renderer to apply it. */
export interface PulledPage {
  pageId: number;
  changes: Change[];
}

/**
 * A pulled page as it crosses to the renderer: its changes as the JSON text main stored
 * (a `Change[]`). One string is cloned across IPC in one piece, where thousands of small
 * objects are cloned one by one; main skips a parse, the renderer parses once
 * (`parsePulledChanges`). A first download moves ~90 MB through here.
 */
export interface PulledPageText {
  pageId: number;
  /** JSON text of `Change[]`. */
  changes: string;
}

/** The changes of a page handed over on `sync:pages`. */
export function parsePulledChanges(page: PulledPageText): Change[] {
  return JSON.parse(page.changes) as Change[];
}

/**
 * What the till is doing, as the renderer sees it. The renderer reports it on
 * `terminal:activity` whenever it changes and whenever main sends an `update:status` event;
 * main's updater restarts the app only on a report that says no sale is under way and every
 * op has been handed over to main's durable queue.
 */
export interface TillActivity {
  /** Lines in the cart: a sale is being rung up. */
  cartLines: number;
  /** Outbox rows main has not acknowledged yet (`sync:enqueue`). */
  outboxPending: number;
  /** Between "Encaisser" and the confirmation: payment on screen or the sale being written. */
  saleInProgress: boolean;
}

/** Where the app's own update stands (electron-updater in main; always `disabled` in the headless shell). */
export type UpdateState = 'disabled' | 'idle' | 'checking' | 'downloading' | 'ready' | 'installing' | 'error';

/** Why a downloaded update is not installed yet. */
export type UpdateWaitReason = 'no-activity-report' | 'sale-in-progress' | 'cart-not-empty' | 'outbox-not-handed-over' | 'till-recently-used';

export interface UpdateStatus {
  state: UpdateState;
  /** The version being downloaded or waiting to be installed. */
  version: string | null;
  /** Download progress, 0–100, while downloading. */
  percent: number | null;
  /** Set while a downloaded update waits for the till to be free. */
  waitingFor: UpdateWaitReason | null;
}

/** A screen the customer display can go on (Electron: `screen.getAllDisplays()`; the headless shell: a second page). */
export interface DisplayScreen {
  id: number;
  label: string;
  /** The screen the till's own window opens on. */
  primary: boolean;
  width: number;
  height: number;
}

/** Where the customer display stands after `display:show`. */
export interface CustomerDisplayStatus {
  open: boolean;
  /** The screen it is on; null when closed. */
  screenId: number | null;
}

export interface IpcChannels {
  /** Hand outbox ops to main's durable queue. Idempotent by opId (INSERT OR IGNORE). */
  'sync:enqueue': { request: { ops: AnyOp[] }; response: { accepted: string[] } };
  'sync:status': { request: void; response: SyncStatus };
  /** Push and pull now, whatever the schedule; resolves with the status afterwards. */
  'sync:now': { request: void; response: SyncStatus };
  /** Pulled pages not yet applied by the renderer, oldest first; `after`: only those after that page id. */
  'sync:pages': { request: { limit?: number; after?: number }; response: PulledPageText[] };
  /** The renderer applied pages up to and including pageId in Dexie: main may drop them. */
  'sync:ack-pages': { request: { upToPageId: number }; response: { remaining: number } };
  /** Queue states of ops, so the renderer can mark records synced or rejected after a restart. */
  'sync:op-states': { request: { opIds: string[] }; response: OpStateReport[] };
  /** Ops that need a person: FAILED and REJECTED, with the server's reason. */
  'sync:problems': { request: void; response: OpStateReport[] };
  'device:info': { request: void; response: DeviceInfo };
  'device:enroll': { request: { serverUrl: string; code: string; name: string }; response: DeviceInfo };
  /** PIN checked in main against the synced hashes; works offline. */
  'session:login': { request: { userId: string; pin: string }; response: SessionUser };
  /** The renderer says what the till is doing (see TillActivity); answers the update status. */
  'terminal:activity': { request: TillActivity; response: UpdateStatus };
  'update:status': { request: void; response: UpdateStatus };
  /** A manager's PIN approves a protected action; checked in main against the synced hashes, throttled like login. */
  'session:approve': { request: { userId: string; pin: string; action: ApprovalAction }; response: Approval };
  /** Main renders the receipt and prints it (Electron: the configured printer; headless shell: a file). */
  'receipt:print': { request: { receipt: ReceiptDocument }; response: PrintedReceipt };
  /** The screens attached to the till, for the customer display's setting. */
  'display:screens': { request: void; response: DisplayScreen[] };
  /**
   * Opens the customer display on a screen (null: the first one that is not the till's), moves it
   * there if open elsewhere, or closes it (`enabled: false`). NOT_FOUND when no such screen.
   */
  'display:show': { request: { enabled: boolean; screenId: number | null }; response: CustomerDisplayStatus };
}
export type IpcChannel = keyof IpcChannels;
export type IpcRequest<C extends IpcChannel> = IpcChannels[C]['request'];
export type IpcResponse<C extends IpcChannel> = IpcChannels[C]['response'];

export const IPC_CHANNELS = [
  'sync:enqueue',
  'sync:status',
  'sync:now',
  'sync:pages',
  'sync:ack-pages',
  'sync:op-states',
  'sync:problems',
  'device:info',
  'device:enroll',
  'session:login',
  'terminal:activity',
  'update:status',
  'session:approve',
  'receipt:print',
  'display:screens',
  'display:show',
] as const satisfies readonly IpcChannel[];

/** main → renderer events. */
export interface IpcEvents {
  'sync:status': SyncStatus;
  /** New pulled pages are waiting in main. */
  'sync:pages-available': { count: number };
  /** Queue states changed (pushed, rejected, …). */
  'sync:op-states': OpStateReport[];
  /** Pull progress in this pass (first download's progress bar): changes received and still to come. */
  'sync:pull-progress': { received: number; remaining: number | null };
  /** The app's update changed state; the renderer answers with a fresh `terminal:activity` report. */
  'update:status': UpdateStatus;
}
export type IpcEvent = keyof IpcEvents;
export const IPC_EVENTS = ['sync:status', 'sync:pages-available', 'sync:op-states', 'sync:pull-progress', 'update:status'] as const satisfies readonly IpcEvent[];

export function isIpcChannel(name: unknown): name is IpcChannel {
  return typeof name === 'string' && (IPC_CHANNELS as readonly string[]).includes(name);
}

export function isIpcEvent(name: unknown): name is IpcEvent {
  return typeof name === 'string' && (IPC_EVENTS as readonly string[]).includes(name);
}

/** The API the preload (or the headless shell) puts on `window.seri`. */
export interface SeriBridge {
  invoke<C extends IpcChannel>(channel: C, payload: IpcRequest<C>): Promise<Result<IpcResponse<C>>>;
  on<E extends IpcEvent>(event: E, listener: (data: IpcEvents[E]) => void): () => void;
}
