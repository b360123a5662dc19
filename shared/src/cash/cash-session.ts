import type { Minor } from '../money/money';
import type { PaymentMethod } from '../protocol/entities';
import type { DenominationCount } from './denominations';

/**
 * A cash session: one terminal's till from the counted float to the counted close. Its
 * movements and its Z report are ops like sales (exactly once, I2) and it is immutable once
 * closed (I11).
 */
export const CASH_SESSION_STATUSES = ['OPEN', 'CLOSED'] as const;
export type CashSessionStatus = (typeof CASH_SESSION_STATUSES)[number];

export const CASH_MOVEMENT_TYPES = ['PAID_IN', 'PAID_OUT'] as const;
export type CashMovementType = (typeof CASH_MOVEMENT_TYPES)[number];

/** Cash put into or taken out of the drawer for something else than a sale (change bought, a supplier paid). */
export interface CashMovementRecord {
  id: string;
  sessionId: string;
  type: CashMovementType;
  amount: Minor;
  reason: string;
  /** Who recorded it at the till. */
  userId: string;
  /** The MANAGER or ADMIN whose PIN approved it, when above the shop's threshold. */
  approvedBy: string | null;
  createdAt: string;
}

/** A session's figures, computed by `computeSessionFigures` on the terminal and on the server alike. */
export interface SessionFigures {
  /** Completed sales (voided ones are counted in `voids`). */
  salesCount: number;
  /** Before any discount: sum of unit price × quantity. */
  grossSales: Minor;
  /** Line and sale discounts of the completed sales. */
  discounts: Minor;
  /** What the completed sales came to (gross − discounts, plus `taxAdded`). */
  netSales: Minor;
  /**
   * Tax added on top of the prices by the completed sales made with prices before tax
   * (issue #11 part 2): netSales = grossSales − discounts + taxAdded. Absent when none, so
   * the figures of shops with tax-inclusive prices (and Z reports made before) are unchanged.
   */
  taxAdded?: Minor;
  /** Money taken by the completed sales, per method (cash net of change). */
  takings: Record<PaymentMethod, Minor>;
  refundsCount: number;
  refundsTotal: Minor;
  refunds: Record<PaymentMethod, Minor>;
  voidsCount: number;
  voidsTotal: Minor;
  /** Taxes of the completed sales less those of the refunds, per rate (absent on old sales: none). */
  taxes: Array<{ rateId: string | null; name: string; rateBp: number; base: Minor; tax: Minor }>;
  paidIn: Minor;
  paidOut: Minor;
  openingFloat: Minor;
  /** float + cash takings − cash refunds + paid-in − paid-out. */
  expectedCash: Minor;
  /** Receipt numbers of the session's sales, voided ones included (they used a number). */
  firstReceipt: string | null;
  lastReceipt: string | null;
}

/** The Z report: the figures at the close, with what was counted. Stored as the terminal printed it. */
export interface ZReport extends SessionFigures {
  /** Gap-free per terminal: `T01-Z000001`. */
  number: string;
  counted: Minor;
  /** counted − expectedCash: negative when cash is missing. */
  variance: Minor;
  openedAt: string;
  closedAt: string;
}

export interface CashSessionRecord {
  id: string;
  shopId: string;
  deviceId: string;
  status: CashSessionStatus;
  openedBy: string;
  openedAt: string;
  openingFloat: Minor;
  /** The notes and coins counted at the open, when counted with the grid. */
  openingCount: DenominationCount | null;
  movements: CashMovementRecord[];
  closedBy: string | null;
  closedAt: string | null;
  counted: Minor | null;
  closingCount: DenominationCount | null;
  /** The Z report as the terminal computed and printed it (null while open). */
  z: ZReport | null;
}

/** Defaults when the shop has not chosen (ShopRecord leaves the fields out). */
export const DEFAULT_ALLOW_SALES_WITHOUT_SESSION = true;
export const DEFAULT_CASH_MOVEMENT_APPROVAL_THRESHOLD: Minor = 10_000;

export const Z_NUMBER_DIGITS = 6;

/** `T01-Z000042`: the terminal's prefix and its own Z counter, without gaps. */
export function formatZNumber(terminalCode: string, counter: number): string {
  return `${terminalCode}-Z${String(counter).padStart(Z_NUMBER_DIGITS, '0')}`;
}
export const Z_NUMBER_PATTERN = /^[A-Z0-9]{1,8}-Z\d{6,}$/;
