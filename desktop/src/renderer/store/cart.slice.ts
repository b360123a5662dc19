import type { Minor, PaymentMethod, SaleCustomer } from '@seri/shared';
import { cartLineKey } from '../domain/line-pricing';
import type { PaymentDraft, PaymentMode, SplitRow } from '../domain/payments';
import type { SliceCreator } from './seri-store';

/** A cart line holds only what the cashier chose; price and name come live from Dexie. */
export interface CartLine {
  productId: string;
  quantity: number;
  /** Line discount, minor units (0: none). */
  discount: Minor;
  /** The manager who approved a discount above the threshold. */
  discountApprovedBy?: string;
  // Loose goods (issue #15, see domain/line-pricing): a line of its own per weighing or typed price.
  lineKey?: string;
  grams?: number;
  openPrice?: Minor;
}

/** A product waiting for its weight or its price before it goes in the cart (issue #15). */
export interface MeasureRequest {
  productId: string;
  kind: 'OPEN' | 'WEIGHT';
}

/** The sale just recorded, for the change to hand back and the receipt. */
export interface LastSale {
  saleId: string;
  number: string;
  change: Minor;
}

export interface CartSlice {
  cartLines: CartLine[];
  saleDiscount: Minor;
  saleDiscountApprovedBy?: string;
  payment: PaymentDraft;
  lastSale: LastSale | null;
  /** Who is buying, when the cashier took it down (optional; issue #15). */
  saleCustomer: SaleCustomer | null;
  setSaleCustomer: (customer: SaleCustomer | null) => void;
  addToCart: (productId: string, quantity?: number) => void;
  /** Lines below take the line's key (`cartLineKey`): the product id for a unit line. */
  measureRequest: MeasureRequest | null;
  requestMeasure: (request: MeasureRequest | null) => void;
  /** Adds a weighing or a typed price as a line of its own. */
  addMeasuredLine: (productId: string, entry: { grams: number } | { openPrice: Minor }) => void;
  changeQuantity: (key: string, delta: number) => void;
  setQuantity: (key: string, quantity: number) => void;
  removeFromCart: (key: string) => void;
  setLineDiscount: (key: string, discount: Minor, approvedBy?: string) => void;
  setSaleDiscount: (discount: Minor, approvedBy?: string) => void;
  setPaymentMode: (mode: PaymentMode) => void;
  setTenderedText: (text: string) => void;
  setPaymentReference: (text: string) => void;
  addSplitRow: (method?: PaymentMethod) => void;
  updateSplitRow: (id: number, patch: Partial<Omit<SplitRow, 'id'>>) => void;
  removeSplitRow: (id: number) => void;
  clearCart: () => void;
  setLastSale: (sale: LastSale | null) => void;
  /** Puts a parked cart back as the current one (issue #11): its lines, its sale discount, a new payment. */
  restoreCart: (lines: CartLine[], saleDiscount: Minor, saleDiscountApprovedBy?: string) => void;
}

let nextRowId = 1;
const splitRow = (method: PaymentMethod): SplitRow => ({ id: nextRowId++, method, amountText: '', reference: '' });
export const emptyPayment = (): PaymentDraft => ({ mode: 'CASH', tenderedText: '', reference: '', splitRows: [] });
/** A new cart: what logOut and a recorded sale leave behind. */
export const emptyCart = () => ({ cartLines: [] as CartLine[], saleDiscount: 0, saleDiscountApprovedBy: undefined, payment: emptyPayment(), saleCustomer: null as SaleCustomer | null });

let nextLineKey = 1;
/** A weighed line always counts 1 (one weighing); other lines take the quantity asked. */
const withQuantity = (line: CartLine, quantity: number): CartLine => ({ ...line, quantity: line.grams !== undefined && quantity > 0 ? 1 : quantity });

export const createCartSlice: SliceCreator<CartSlice> = (set) => ({
  ...emptyCart(),
  lastSale: null,
  measureRequest: null,
  requestMeasure: (measureRequest) => set({ measureRequest }),
  addMeasuredLine: (productId, entry) =>
    set((state) => ({
      cartLines: [...state.cartLines, { productId, quantity: 1, discount: 0, lineKey: `${productId}#${nextLineKey++}`, ...entry }],
      measureRequest: null,
      lastSale: null,
    })),
  restoreCart: (lines, saleDiscount, saleDiscountApprovedBy) =>
    set({ ...emptyCart(), cartLines: lines.map((line) => ({ ...line })), saleDiscount, saleDiscountApprovedBy, lastSale: null }),
  addToCart: (productId, quantity = 1) =>
    set((state) => {
      const existing = state.cartLines.find((line) => cartLineKey(line) === productId);
      if (existing) {
        return { cartLines: state.cartLines.map((line) => (line === existing ? { ...line, quantity: line.quantity + quantity } : line)), lastSale: null };
      }
      return { cartLines: [...state.cartLines, { productId, quantity, discount: 0 }], lastSale: null };
    }),
  changeQuantity: (key, delta) =>
    set((state) => ({
      cartLines: state.cartLines
        .map((line) => (cartLineKey(line) === key ? withQuantity(line, line.quantity + delta) : line))
        .filter((line) => line.quantity > 0),
    })),
  setQuantity: (key, quantity) =>
    set((state) => ({
      cartLines: state.cartLines.map((line) => (cartLineKey(line) === key ? withQuantity(line, quantity) : line)).filter((line) => line.quantity > 0),
    })),
  removeFromCart: (key) => set((state) => ({ cartLines: state.cartLines.filter((line) => cartLineKey(line) !== key) })),
  setLineDiscount: (key, discount, approvedBy) =>
    set((state) => ({
      cartLines: state.cartLines.map((line) => {
        if (cartLineKey(line) !== key) return line;
        const { discountApprovedBy: _previous, ...rest } = line;
        return approvedBy ? { ...rest, discount, discountApprovedBy: approvedBy } : { ...rest, discount };
      }),
    })),
  setSaleDiscount: (saleDiscount, saleDiscountApprovedBy) => set({ saleDiscount, saleDiscountApprovedBy }),
  setPaymentMode: (mode) =>
    set((state) => ({
      payment: {
        ...state.payment,
        mode,
        // A split starts with the two usual halves: cash and mobile money.
        splitRows: mode === 'SPLIT' && state.payment.splitRows.length === 0 ? [splitRow('CASH'), splitRow('MOBILE_MONEY')] : state.payment.splitRows,
      },
    })),
  setTenderedText: (tenderedText) => set((state) => ({ payment: { ...state.payment, tenderedText } })),
  setPaymentReference: (reference) => set((state) => ({ payment: { ...state.payment, reference } })),
  addSplitRow: (method = 'CASH') => set((state) => ({ payment: { ...state.payment, splitRows: [...state.payment.splitRows, splitRow(method)] } })),
  updateSplitRow: (id, patch) =>
    set((state) => ({ payment: { ...state.payment, splitRows: state.payment.splitRows.map((row) => (row.id === id ? { ...row, ...patch } : row)) } })),
  removeSplitRow: (id) => set((state) => ({ payment: { ...state.payment, splitRows: state.payment.splitRows.filter((row) => row.id !== id) } })),
  clearCart: () => set(emptyCart()),
  setSaleCustomer: (saleCustomer) => set({ saleCustomer }),
  setLastSale: (lastSale) => set({ lastSale }),
});
