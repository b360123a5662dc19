import type { Minor } from '../money/money';
import type { QuickKeyColor } from '../quick-keys/quick-keys';

/**
 * The records the sync moves, as the terminal stores them and as the pull delivers them.
 * Field names are the same in Dexie, in the wire protocol and in the backend's DTOs.
 * Timestamps are ISO 8601 strings in UTC; money is integer minor units.
 */
export const ROLES = ['CASHIER', 'MANAGER', 'ADMIN'] as const;
export type Role = (typeof ROLES)[number];

export const PAYMENT_METHODS = ['CASH', 'MOBILE_MONEY', 'CARD'] as const;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];

/** Why stock moved. Stock is a ledger (I4): level = sum of movements, OPENING included. */
export const STOCK_MOVEMENT_TYPES = ['OPENING', 'SALE', 'VOID', 'REFUND', 'ADJUSTMENT', 'RECEIPT', 'COUNT'] as const;
export type StockMovementType = (typeof STOCK_MOVEMENT_TYPES)[number];

export const SALE_STATUSES = ['COMPLETED', 'VOIDED'] as const;
export type SaleStatus = (typeof SALE_STATUSES)[number];

export interface ShopRecord {
  id: string;
  name: string;
  currency: string;
  locale: string;
  /**
   * Days of sales and expenses terminals keep and a fresh terminal downloads (I12); absent:
   * the default window (see `retentionDaysOf`). Older periods come from the server's reports.
   */
  retentionDays?: number;
  // Cash sessions (issue #11 part 3, helper cash): how the shop runs its till.
  /**
   * May a terminal sell (and refund) while no cash session is open? Such sales are attached
   * to the next session the terminal opens. Absent: true (see DEFAULT_ALLOW_SALES_WITHOUT_SESSION).
   */
  allowSalesWithoutSession?: boolean;
  /** A paid-in or paid-out above this amount (minor units) needs a manager's PIN. Absent: the default. */
  cashMovementApprovalThreshold?: Minor;
  // Taxes and the shop's legal identity (issue #11 part 2): printed on receipts and Z reports.
  /** Are product prices tax-inclusive (the tax is inside the price)? Absent: true. False: tax is added on top. */
  pricesIncludeTax?: boolean;
  /** The rate of a product whose `taxRateId` is null; absent or null: such products carry no tax. */
  defaultTaxRateId?: string | null;
  /** Registered name, tax number (NINEA, NCC, NIF…), address and phone, as the receipt must print them. */
  legalName?: string | null;
  taxNumber?: string | null;
  address?: string | null;
  phone?: string | null;
}

/** A tax rate of a shop ("TVA 18 %" = 1800 bp, "Exonéré" = 0). Edited by ops (LWW on hlc, like products); never deleted, archived. */
export interface TaxRateRecord {
  id: string;
  shopId: string;
  name: string;
  /** Basis points: 1800 = 18 %. 0…10 000. */
  rateBp: number;
  archived: boolean;
  hlc: string;
  updatedAt: string;
}

// Quick keys on the checkout (issue #15): pages of product tiles a manager arranges, one layout per shop.
/** One page (tab) of quick keys: its products in the order the manager set. */
export interface QuickKeyPage {
  id: string;
  name: string;
  /** One of QUICK_KEY_COLORS; null: the till's default. */
  color: QuickKeyColor | null;
  productIds: string[];
}

/** The shop's quick-key layout: written whole (last write wins on hlc, I6), keyed by the shop's id. */
export interface QuickKeyLayoutRecord {
  shopId: string;
  pages: QuickKeyPage[];
  hlc: string;
  updatedAt: string;
}

/** How a product is priced at the till (issue #15): by the unit, an amount the cashier types, or by weight. */
export const PRODUCT_PRICINGS = ['UNIT', 'OPEN', 'WEIGHT'] as const;
export type ProductPricing = (typeof PRODUCT_PRICINGS)[number];

/** What a weighed line carries: the weight and the price per kg it was charged at (unitPrice = weighedLinePrice). */
export interface SaleLineMeasure {
  grams: number;
  pricePerKg: Minor;
}

/** A person who can log in at a terminal. The PIN hash never reaches the renderer. */
export interface UserRecord {
  id: string;
  shopId: string;
  name: string;
  role: Role;
  active: boolean;
}

export interface ProductRecord {
  id: string;
  shopId: string;
  sku: string;
  barcode: string | null;
  name: string;
  price: Minor;
  cost: Minor | null;
  category: string | null;
  lowStockThreshold: number;
  archived: boolean;
  /** The product's tax rate; null or absent: the shop's default rate (`ShopRecord.defaultTaxRateId`). */
  taxRateId?: string | null;
  /** UNIT (absent): `price` per unit. OPEN: the cashier types the amount (`price` a suggestion). WEIGHT: `price` per kg. */
  pricing?: ProductPricing;
  /** HLC of the last accepted write to this product (I6). */
  hlc: string;
  updatedAt: string;
}

export interface SaleLineRecord {
  id: string;
  saleId: string;
  productId: string;
  /** Name and price are copied at sale time: a later catalogue edit never rewrites a receipt. */
  name: string;
  quantity: number;
  unitPrice: Minor;
  discount: Minor;
  total: Minor;
  /** Id of the SALE stock movement this line made, chosen by the terminal. */
  movementId: string;
  /**
   * The line's rate, copied at sale time like its name and price, with the base and tax of
   * what the customer paid for the line (after line and sale discounts; see `saleTaxes`).
   * Null: no rate applied. Absent: a sale made before taxes (counts no tax).
   */
  tax?: SaleTaxLine | null;
  /** A weighed line: quantity 1, unitPrice = weighedLinePrice(pricePerKg, grams). Absent: sold by the unit. */
  measure?: SaleLineMeasure | null;
}

export interface PaymentRecord {
  method: PaymentMethod;
  amount: Minor;
  /** Cash handed over, when more than the amount (change = tendered − amount). */
  tendered?: Minor;
  reference?: string;
}

/**
 * Tax at one rate inside a sale line, a sale or a refund: `base` is the amount without tax,
 * `tax` the tax; base + tax = what the customer paid at that rate (prices inclusive or not).
 */
export interface SaleTaxLine { rateId: string | null; name: string; rateBp: number; base: Minor; tax: Minor }

/** An optional customer on a sale (issue #15): found again in history by name or phone. */
export interface SaleCustomer { name: string | null; phone: string | null }
/** A customer's phone as the till and the server accept it: 4 to 32 digits, spaces or + ( ) . - */
export const SALE_CUSTOMER_PHONE = /^\+?[0-9 ().-]{4,32}$/;
export const SALE_CUSTOMER_NAME_MAX = 200;

export interface SaleRecord {
  id: string;
  shopId: string;
  deviceId: string;
  cashierId: string;
  /** Receipt number, per terminal, without gaps: `T01-000123`. */
  number: string;
  currency: string;
  subtotal: Minor;
  discount: Minor;
  total: Minor;
  payments: PaymentRecord[];
  lines: SaleLineRecord[];
  status: SaleStatus;
  createdAt: string;
  /** Refunds made against this sale, when the server sends them (`sale/refund` ops). */
  refunds?: SaleRefundRecord[];
  /** The cash session the sale belongs to (absent or null: made before sessions, or unattached). */
  sessionId?: string | null;
  /** Taxes per rate of the whole sale (the sum of its lines' `tax`); absent or null: a sale made before taxes. */
  taxes?: SaleTaxLine[] | null;
  /** Were the prices tax-inclusive when the sale was made? Absent: true. When false, total = subtotal − discount + the taxes. */
  pricesIncludeTax?: boolean;
  /** Who bought, when the cashier took it down. */
  customer?: SaleCustomer | null;
}

/** A refund as stored and pulled: the `sale/refund` payload plus where it was made. */
export interface SaleRefundRecord {
  id: string;
  saleId: string;
  shopId: string;
  deviceId: string;
  /** Who made the refund at the till (the op's user); approvedBy is the manager. */
  userId: string;
  approvedBy: string;
  reason: string;
  method: PaymentMethod;
  total: Minor;
  /** `tax`: the tax inside `amount` (see `refundLineTax`); absent on refunds made before taxes. */
  lines: Array<{ saleLineId: string; productId: string; quantity: number; amount: Minor; movementId: string; tax?: Minor }>;
  createdAt: string;
  /** The cash session the money went out in (it may differ from the sale's). */
  sessionId?: string | null;
  /** Taxes given back per rate (see `refundTaxes`); absent or null: a refund made before taxes. */
  taxes?: SaleTaxLine[] | null;
}

export interface StockMovementRecord {
  id: string;
  shopId: string;
  productId: string;
  type: StockMovementType;
  /** Signed: a sale of 2 is −2. */
  quantity: number;
  saleId: string | null;
  deviceId: string | null;
  userId: string | null;
  note: string | null;
  createdAt: string;
}

/**
 * The SALE stock movements a sale implies: one per line, taking its quantity, stamped with
 * the sale's device, cashier and time. The server stores exactly these when it applies a
 * `sale/create`, and the feed carries them inside the sale rather than as rows of their own:
 * a pull hands them out next to every sale upsert.
 */
export function saleMovements(sale: SaleRecord): StockMovementRecord[] {
  return sale.lines.map((line) => ({
    id: line.movementId,
    shopId: sale.shopId,
    productId: line.productId,
    type: 'SALE',
    quantity: -line.quantity,
    saleId: sale.id,
    deviceId: sale.deviceId,
    userId: sale.cashierId,
    note: null,
    createdAt: sale.createdAt,
  }));
}

/** Server stock of one product: opening + sum of movements (I4). */
export interface StockLevelRecord {
  productId: string;
  shopId: string;
  quantity: number;
}

export interface ExpenseRecord {
  id: string;
  shopId: string;
  category: string;
  amount: Minor;
  note: string | null;
  date: string;
  deleted: boolean;
  hlc: string;
  updatedAt: string;
}
