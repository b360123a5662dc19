import { Dexie, type EntityTable, type Table } from 'dexie';
import type {
  AnyOp,
  CashSessionRecord,
  ExpenseRecord,
  OpEntity,
  OpKind,
  ProductRecord,
  QueueState,
  QuickKeyLayoutRecord,
  SaleRecord,
  SaleRefundRecord,
  SaleLineRecord,
  ShopRecord,
  StockLevelRecord,
  StockMovementRecord,
  TaxRateRecord,
  UserRecord,
} from '@seri/shared';

/**
 * The terminal's local database (Dexie over IndexedDB). It is the only store of
 * persistent data in the renderer: screens read it with live queries, the domain
 * commands write it in single transactions, and the outbox carries every local write to
 * main, which owns the network.
 *
 * Every transaction is created with strict durability: Chromium's default ("relaxed")
 * may report a commit before it reaches the disk, and a sale the cashier saw confirmed
 * must survive a power cut (I1).
 */

/** Where a sale stands with the server, as far as this terminal knows. */
export type SaleSyncState = 'pending' | 'synced' | 'rejected';

/** A sale without its lines (they live in `saleLines`), plus its sync state. */
export interface LocalSale extends Omit<SaleRecord, 'lines'> {
  syncState: SaleSyncState;
  /** The server's reason when the op that created it was rejected (I7). */
  rejection?: { code: string; reason: string };
}

/** A refund of a sale (I5: a new record, never an edit of the sale), with its sync state. */
export interface LocalRefund extends SaleRefundRecord {
  syncState: SaleSyncState;
  rejection?: { code: string; reason: string };
}

/** This terminal's settings, chosen in Paramètres; kept across restarts. */
export interface TerminalPreferences {
  locale: 'fr' | 'en';
  /** Minutes without a touch or a key before the till locks (0: never). */
  idleLockMinutes: number;
  /** A discount above this share of the amount needs a manager's PIN (percent). */
  discountApprovalPercent: number;
  /** Print the receipt as soon as the sale is recorded. */
  autoPrint: boolean;
  /** Show the cart to the customer on a second screen (issue #15). */
  customerDisplay: boolean;
  /** Which screen (main's id); null: the first that is not the till's. */
  customerDisplayScreen: number | null;
}

export const DEFAULT_PREFERENCES: TerminalPreferences = {
  locale: 'fr',
  idleLockMinutes: 5,
  discountApprovalPercent: 10,
  autoPrint: true,
  customerDisplay: false,
  customerDisplayScreen: null,
};

/** 1 while the movement was made here and the server's stock level does not include it yet. */
export type PendingFlag = 0 | 1;

export interface LocalStockMovement extends StockMovementRecord {
  /** IndexedDB cannot index booleans, hence 0 | 1. */
  pending: PendingFlag;
}

/** Displayed stock of a product: server level + this terminal's pending movements (I4). */
export interface StockProjection {
  productId: string;
  quantity: number;
}

export type OutboxState = 'new' | 'handed';

export interface OutboxRow {
  /** Auto-increment: the order the ops were made on this terminal, kept all the way to the server. */
  seq: number;
  opId: string;
  /** 'new': still only here; 'handed': main's durable queue has it. */
  state: OutboxState;
  entity: OpEntity;
  kind: OpKind;
  entityId: string;
  op: AnyOp;
  createdAt: string;
  /** Last queue state main reported for this op (SYNCED, REJECTED…), when known. */
  queueState?: QueueState;
  rejection?: { code: string; reason: string };
}

export type MetaRow =
  /** Last HLC stamp issued or received by this terminal, so the clock never goes back after a restart. */
  | { key: 'hlc'; value: string }
  /** Last receipt number used on this terminal; incremented inside the sale's transaction (no gaps). */
  | { key: 'saleCounter'; value: number }
  /** The shop as last pulled. */
  | { key: 'shop'; value: ShopRecord }
  | { key: 'preferences'; value: TerminalPreferences }
  /** Last Z report number used on this terminal; incremented inside the close's transaction (no gaps). */
  | { key: 'zCounter'; value: number }
  /**
   * The id this terminal's next cash session will take. A sale made while no session is open
   * (when the shop allows it) carries it, so it joins that session when the till opens.
   */
  | { key: 'nextSessionId'; value: string };
export type MetaKey = MetaRow['key'];
export type MetaValue<K extends MetaKey> = Extract<MetaRow, { key: K }>['value'];

/** A cash session as this terminal holds it: its own (pending until synced) or pulled. */
export interface LocalCashSession extends CashSessionRecord {
  syncState: SaleSyncState;
  rejection?: { code: string; reason: string };
}

/**
 * A cart put aside (park) to serve someone else; local to this terminal, never synced.
 * Prices are re-read from the catalogue at resume, like any cart line.
 */
export interface ParkedCart {
  id: string;
  note: string;
  /** Who parked it. */
  userId: string;
  parkedAt: string;
  /** The cart's lines as the cashier chose them; the name is kept to list the cart. */
  lines: Array<{ productId: string; name: string; quantity: number; discount: number; discountApprovedBy?: string; lineKey?: string; grams?: number; openPrice?: number }>;
  discount: number;
  discountApprovedBy?: string;
}

export const SERI_DB_NAME = 'seri-pos';

/**
 * Schema steps, forward only. A new step adds a `version(n)` with only what changes;
 * an upgrade never touches `outbox` rows that are still 'new' (queued ops are never dropped).
 */
export const SCHEMA_VERSIONS: ReadonlyArray<{ version: number; stores: Record<string, string> }> = [
  {
    version: 1,
    stores: {
      products: 'id, barcode, sku, name, category',
      stockLevels: 'productId',
      stock: 'productId',
      sales: 'id, createdAt, number, cashierId, syncState',
      saleLines: 'id, saleId, productId',
      stockMovements: 'id, productId, saleId, createdAt, pending, [productId+pending]',
      expenses: 'id, date',
      users: 'id, role',
      outbox: '++seq, &opId, state, entity, entityId',
      meta: 'key',
    },
  },
  {
    // Refunds (issue #4): their own records, so a sale row is never edited by one (I5).
    version: 2,
    stores: {
      refunds: 'id, saleId, createdAt',
    },
  },
  {
    // Cash sessions and parked carts (issue #11, helper cash): sales and refunds are found by session.
    version: 4,
    stores: {
      sales: 'id, createdAt, number, cashierId, syncState, sessionId',
      refunds: 'id, saleId, createdAt, sessionId',
      cashSessions: 'id, deviceId, status, openedAt',
      parkedCarts: 'id, parkedAt',
    },
  },
  {
    // Tax rates (issue #11 part 2): pulled as feed entity `tax_rate`, edited by a manager's ops; archived, never deleted
    // (`archived` is a boolean, which IndexedDB cannot index: the few rates are filtered in memory).
    version: 5,
    stores: {
      taxRates: 'id, shopId',
    },
  },
  {
    // Quick keys (issue #15): the shop's layout, one row keyed by the shop, pulled or arranged here.
    version: 6,
    stores: {
      quickKeys: 'shopId',
    },
  },
];

export class SeriDb extends Dexie {
  /** Catalogue as pulled, or as edited here and queued (I6: newer local edits win until synced). */
  declare products: Table<ProductRecord, string>;
  /** Server stock levels (ledger sums, I4). Written only by the pull; never edited here. */
  declare stockLevels: Table<StockLevelRecord, string>;
  /** What the screens show: recomputed by each sale and each pulled page. */
  declare stock: Table<StockProjection, string>;
  declare sales: Table<LocalSale, string>;
  declare saleLines: Table<SaleLineRecord, string>;
  declare stockMovements: Table<LocalStockMovement, string>;
  declare expenses: Table<ExpenseRecord, string>;
  /** Users who may log in here; never PIN hashes (main keeps those). */
  declare users: Table<UserRecord, string>;
  declare refunds: Table<LocalRefund, string>;
  /** Cash sessions, their paid-ins/outs inside; this terminal's are queued like sales (I11). */
  declare cashSessions: Table<LocalCashSession, string>;
  /** Carts put aside on this terminal; never synced, kept across restarts and locks. */
  declare parkedCarts: Table<ParkedCart, string>;
  /** The shop's tax rates as pulled, or as a manager edited them here (I6: a newer queued edit wins until synced). Never pruned. */
  declare taxRates: Table<TaxRateRecord, string>;
  /** The shop's quick-key layout (one row); a manager's arrangement here wins until the server's newer one comes back (I6). */
  declare quickKeys: Table<QuickKeyLayoutRecord, string>;
  declare outbox: EntityTable<OutboxRow, 'seq'>;
  declare meta: Table<MetaRow, MetaKey>;

  constructor(name: string = SERI_DB_NAME) {
    super(name, { chromeTransactionDurability: 'strict' });
    for (const step of SCHEMA_VERSIONS) this.version(step.version).stores(step.stores);
  }

  async getMeta<K extends MetaKey>(key: K): Promise<MetaValue<K> | undefined> {
    const row = await this.meta.get(key);
    return row?.value as MetaValue<K> | undefined;
  }
}
