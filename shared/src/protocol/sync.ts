import type {
  ExpenseRecord,
  ProductRecord,
  SaleRecord,
  ShopRecord,
  StockLevelRecord,
  StockMovementRecord,
  TaxRateRecord,
  QuickKeyLayoutRecord,
  UserRecord,
} from './entities';
import type { CashSessionRecord } from '../cash/cash-session';
import type { AnyOp } from './ops';

export const REJECTION_CODES = [
  'VALIDATION',
  'FORBIDDEN',
  'NOT_FOUND',
  'CONFLICT',
  'OP_ID_REUSED',
  'UNSUPPORTED',
  'BUSINESS_RULE',
  /** The op's hybrid-clock node is not the device that pushed it: it would win last-write-wins ties it should lose (I6, I9). */
  'HLC_NODE_MISMATCH',
  /** Made before the idempotency horizon (I12): its idempotency record may be gone, so it is never applied blindly; a manager decides. */
  'STALE_OP',
] as const;
export type RejectionCode = (typeof REJECTION_CODES)[number];

export type OpResult =
  | { opId: string; status: 'applied' }
  | { opId: string; status: 'duplicate' }
  | { opId: string; status: 'rejected'; code: RejectionCode; reason: string };

export interface PushRequest {
  protocolVersion: number;
  ops: AnyOp[];
}

export interface PushResponse {
  protocolVersion: number;
  results: OpResult[];
  /** The server's clock after the batch, for the terminal's HLC. */
  hlc: string;
  serverTime: string;
}

/** Every entity the pull delivers. `user` carries no secret; `stock_level` is the server's ledger sum. */
export interface ChangeData {
  shop: ShopRecord;
  user: UserRecord;
  product: ProductRecord;
  sale: SaleRecord;
  stock_movement: StockMovementRecord;
  stock_level: StockLevelRecord;
  expense: ExpenseRecord;
  cash_session: CashSessionRecord;
  tax_rate: TaxRateRecord;
  quick_keys: QuickKeyLayoutRecord;
}
export type ChangeEntity = keyof ChangeData;
export const CHANGE_ENTITIES: readonly ChangeEntity[] = [
  'shop',
  'user',
  'product',
  'sale',
  'stock_movement',
  'stock_level',
  'expense',
  'cash_session',
  'tax_rate',
  'quick_keys',
];

export type Change = {
  [E in ChangeEntity]:
    | { entity: E; entityId: string; op: 'upsert'; data: ChangeData[E] }
    | { entity: E; entityId: string; op: 'delete' };
}[ChangeEntity];

/** What main keeps of a user for offline PIN login; never handed to the renderer. */
export interface UserCredential {
  userId: string;
  pinHash: string | null;
}

export interface PullResponse {
  protocolVersion: number;
  changes: Change[];
  /** Opaque, commit-safe (I3): pass it back unchanged. */
  cursor: string;
  hasMore: boolean;
  /** PIN hashes of the shop's users changed in this page, for main only. */
  credentials: UserCredential[];
  /**
   * Feed rows still waiting after this page, when the server can tell cheaply (a fresh
   * terminal's first download shows it as a progress bar).
   */
  remaining?: number;
  /**
   * Feed rows this page took, the unit of `remaining`: a sale is one row and brings its
   * movements with it, so a page holds more changes than rows.
   */
  rows?: number;
}

export const INITIAL_CURSOR = '0';

/**
 * Parts of the feed a pull may walk (`GET /api/sync/pull?scope=`). A fresh terminal takes
 * `state` (shop, users, catalogue, stock levels) first, so it can sell, then `history` (the
 * window's sales, movements and expenses) up to the cursor the state pass ended at, then
 * `all` from that cursor on: every row once, nothing skipped (I3, I12).
 */
export const PULL_SCOPES = ['all', 'state', 'history'] as const;
export type PullScope = (typeof PULL_SCOPES)[number];

export interface EnrollRequest {
  code: string;
  name: string;
}

export interface EnrollResponse {
  deviceId: string;
  deviceToken: string;
  terminalCode: string;
  shop: ShopRecord;
}

/** What a terminal tells the server after a sync round (POST /api/devices/report), for the admin API's device list. */
export interface DeviceReportRequest {
  cursor?: string;
  pending: number;
  rejected?: number;
  oldestPendingMs?: number;
  appVersion?: string;
}

export interface HealthResponse {
  status: 'ok';
  protocolVersion: number;
  minProtocolVersion: number;
  time: string;
}

/** One error body shape for every 4xx/5xx the backend sends. */
export interface ErrorBody {
  statusCode: number;
  error: string;
  message: string;
  details?: string[];
}

/**
 * Realtime: a terminal keeps one WebSocket open on this path (Authorization: Bearer <device
 * token>); the server sends a poke when the shop's data changed, and the terminal pulls.
 * A poke carries no data, so a missed one only delays a pull to the next trigger.
 */
export const SYNC_SOCKET_PATH = '/api/sync/ws';
/**
 * The close code a backend instance sends its terminals' sockets when it shuts down for a
 * rolling restart (RFC 6455 1012, "service restart"): the terminal redials at once, without
 * backing off, and the load balancer hands it to an instance that is up.
 */
export const SOCKET_CLOSE_SERVICE_RESTART = 1012;
export interface PokeMessage {
  type: 'poke';
}
