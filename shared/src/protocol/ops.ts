import type { Minor } from '../money/money';
import type { CashMovementType, ZReport } from '../cash/cash-session';
import type { DenominationCount } from '../cash/denominations';
import type { PaymentMethod, PaymentRecord, ProductPricing, QuickKeyPage, SaleCustomer, SaleLineMeasure, SaleTaxLine, StockMovementType } from './entities';

/** Version of the sync protocol. The backend serves this one and the previous one. */
export const PROTOCOL_VERSION = 1;
export const MIN_PROTOCOL_VERSION = 1;

export const OP_ENTITIES = ['sale', 'stock_movement', 'expense', 'product', 'cash_session', 'tax_rate', 'quick_keys'] as const;
export type OpEntity = (typeof OP_ENTITIES)[number];

export const OP_KINDS = ['create', 'update', 'delete', 'void', 'refund', 'open', 'movement', 'close'] as const;
export type OpKind = (typeof OP_KINDS)[number];

/** Which kinds each entity accepts. Sales are immutable (I5): void and refund are new ops. */
export const OP_KINDS_BY_ENTITY: Readonly<Record<OpEntity, readonly OpKind[]>> = {
  sale: ['create', 'void', 'refund'],
  stock_movement: ['create'],
  expense: ['create', 'update', 'delete'],
  product: ['create', 'update'],
  // A session is never edited: its movements and its close are new ops, and nothing follows the close (I11).
  cash_session: ['open', 'movement', 'close'],
  // A rate is archived, never deleted: old sales and products still name it.
  tax_rate: ['create', 'update'],
  // The shop's quick-key layout is one record, created by its first update and written whole.
  quick_keys: ['update'],
};

/** Push limits: the backend answers 413 past them; the worker never builds a bigger batch. */
export const MAX_OPS_PER_PUSH = 500;
export const MAX_PUSH_BODY_BYTES = 5 * 1024 * 1024;
export const DEFAULT_PUSH_BATCH = 100;
export const DEFAULT_PULL_LIMIT = 500;
export const MAX_PULL_LIMIT = 2000;
export const MAX_LINES_PER_SALE = 500;

export interface SaleLinePayload {
  id: string;
  productId: string;
  name: string;
  quantity: number;
  unitPrice: Minor;
  discount: Minor;
  total: Minor;
  movementId: string;
  /** The line's rate and the base and tax of what was paid for it (see SaleLineRecord.tax). */
  tax?: SaleTaxLine | null;
  /** A weighed line (issue #15): quantity 1 at weighedLinePrice(pricePerKg, grams), checked by the server. */
  measure?: SaleLineMeasure | null;
}

export interface SaleCreatePayload {
  id: string;
  number: string;
  cashierId: string;
  currency: string;
  subtotal: Minor;
  discount: Minor;
  total: Minor;
  payments: PaymentRecord[];
  lines: SaleLinePayload[];
  createdAt: string;
  /** The cash session the sale belongs to (see CashSessionOpenPayload for a sale made before the open). */
  sessionId?: string | null;
  /** Taxes per rate (sum of the lines' `tax`), checked by the server with `saleTaxes`. Absent: a terminal from before taxes. */
  taxes?: SaleTaxLine[] | null;
  /** Absent: true (prices include tax). */
  pricesIncludeTax?: boolean;
  customer?: SaleCustomer | null;
}

export interface SaleVoidPayload {
  saleId: string;
  reason: string;
  approvedBy: string;
  /** One compensating movement per line, ids chosen by the terminal. */
  movements: { id: string; productId: string; quantity: number }[];
  createdAt: string;
}

/** One line of a refund: part or all of a sold line comes back. */
export interface SaleRefundLinePayload {
  /** The sale line being refunded. */
  saleLineId: string;
  productId: string;
  /** Units coming back (at most what the line sold, less earlier refunds). */
  quantity: number;
  /** Money handed back for these units, minor units. */
  amount: Minor;
  /** Id of the REFUND stock movement (+quantity) made by the terminal. */
  movementId: string;
  /** Tax inside `amount`: these units' share of the sale line's tax (`refundLineTax`). */
  tax?: Minor;
}

/**
 * A refund of part or all of a sale: a new op, never an edit of the sale (I5). A sale may
 * be refunded several times; the server checks that no line comes back more than it sold.
 */
export interface SaleRefundPayload {
  /** The refund's own id. */
  id: string;
  saleId: string;
  reason: string;
  /** The MANAGER or ADMIN whose PIN approved it (checked in main, offline). */
  approvedBy: string;
  /** How the money went back to the customer. */
  method: PaymentMethod;
  /** Sum of the lines' amounts. */
  total: Minor;
  lines: SaleRefundLinePayload[];
  createdAt: string;
  /** The cash session the money goes out in. */
  sessionId?: string | null;
  /** Taxes given back per rate (`refundTaxes`), checked by the server. */
  taxes?: SaleTaxLine[] | null;
}

export interface StockMovementCreatePayload {
  id: string;
  productId: string;
  type: Exclude<StockMovementType, 'SALE' | 'VOID' | 'REFUND'>;
  quantity: number;
  note: string | null;
  createdAt: string;
}

export interface ExpenseCreatePayload {
  id: string;
  category: string;
  amount: Minor;
  note: string | null;
  date: string;
}
export type ExpenseUpdatePayload = Partial<Omit<ExpenseCreatePayload, 'id'>> & { id: string };
export interface ExpenseDeletePayload {
  id: string;
}

export interface ProductCreatePayload {
  id: string;
  sku: string;
  barcode: string | null;
  name: string;
  price: Minor;
  cost: Minor | null;
  category: string | null;
  lowStockThreshold: number;
  /** Null or absent: the shop's default rate. */
  taxRateId?: string | null;
  /** Absent: UNIT. */
  pricing?: ProductPricing;
}
export type ProductUpdatePayload = Partial<Omit<ProductCreatePayload, 'id'>> & { id: string; archived?: boolean };

/**
 * `cash_session/open`: the till opens with a counted float. The id may already be on sales:
 * a sale made while no session was open (when the shop allows it) carries the id the
 * terminal keeps for its next session, so it joins that session when it opens.
 */
export interface CashSessionOpenPayload {
  id: string;
  openedBy: string;
  openingFloat: Minor;
  /** The notes and coins counted, when counted with the grid (their total is the float). */
  openingCount: DenominationCount | null;
  openedAt: string;
}

/** `cash_session/movement`: a paid-in or paid-out of an open session. */
export interface CashMovementPayload {
  id: string;
  sessionId: string;
  type: CashMovementType;
  amount: Minor;
  reason: string;
  /** The manager's PIN, checked in main, offline, when the amount is above the shop's threshold. */
  approvedBy: string | null;
  createdAt: string;
}

/** `cash_session/close`: the counted cash and the Z report printed; the session is final after it. */
export interface CashSessionClosePayload {
  sessionId: string;
  closedBy: string;
  counted: Minor;
  closingCount: DenominationCount | null;
  closedAt: string;
  z: ZReport;
}

/** `tax_rate/create`: a new rate of the shop. */
export interface TaxRateCreatePayload {
  id: string;
  name: string;
  rateBp: number;
}
/** `tax_rate/update`: rename, change the rate (sales already made keep theirs), archive. LWW on hlc per field set. */
export type TaxRateUpdatePayload = Partial<Omit<TaxRateCreatePayload, 'id'>> & { id: string; archived?: boolean };

/**
 * `quick_keys/update` (issue #15): the shop's whole quick-key layout, entityId = shopId. Last
 * write wins on hlc for the layout as one value (two managers arranging offline: the later
 * layout stands, the other goes to the conflict log).
 */
export interface QuickKeysUpdatePayload {
  shopId: string;
  pages: QuickKeyPage[];
}

/** Payload type per entity and kind; the single definition both sides use. */
export interface OpPayloads {
  sale: { create: SaleCreatePayload; void: SaleVoidPayload; refund: SaleRefundPayload };
  stock_movement: { create: StockMovementCreatePayload };
  expense: { create: ExpenseCreatePayload; update: ExpenseUpdatePayload; delete: ExpenseDeletePayload };
  product: { create: ProductCreatePayload; update: ProductUpdatePayload };
  cash_session: { open: CashSessionOpenPayload; movement: CashMovementPayload; close: CashSessionClosePayload };
  tax_rate: { create: TaxRateCreatePayload; update: TaxRateUpdatePayload };
  quick_keys: { update: QuickKeysUpdatePayload };
}

/** The op envelope: what a terminal queues and pushes. */
export interface Op<E extends OpEntity = OpEntity, K extends keyof OpPayloads[E] = keyof OpPayloads[E]> {
  opId: string;
  deviceId: string;
  userId: string;
  shopId: string;
  entity: E;
  kind: K;
  entityId: string;
  hlc: string;
  payload: OpPayloads[E][K];
}

export type AnyOp = {
  [E in OpEntity]: { [K in keyof OpPayloads[E]]: Op<E, K> }[keyof OpPayloads[E]];
}[OpEntity];
