import { addMinor, multiplyMinor, type Minor } from '@seri/shared';
import type { LinePricing } from './line-pricing';

/** A line as the cashier built it, before it is priced from the catalogue (a weighing or a typed price: see LinePricing). */
export interface CartLineInput extends LinePricing {
  quantity: number;
  /** Line discount in minor units (0 when none). */
  discount?: Minor;
}

export interface PricedLine {
  productId: string;
  quantity: number;
  unitPrice: Minor;
  discount: Minor;
  total: Minor;
}

export interface SaleTotals {
  lines: PricedLine[];
  subtotal: Minor;
  discount: Minor;
  total: Minor;
}

/**
 * Integer arithmetic only (minor units), the same rules the backend checks:
 * line total = unitPrice × quantity − discount, total = subtotal − sale discount.
 * Used by the checkout screen to display and by createSale to record, so they never differ.
 */
export function priceLines(lines: ReadonlyArray<CartLineInput & { unitPrice: Minor }>, saleDiscount: Minor = 0): SaleTotals {
  const priced = lines.map((line) => {
    const discount = line.discount ?? 0;
    const gross = multiplyMinor(line.unitPrice, line.quantity);
    return { productId: line.productId, quantity: line.quantity, unitPrice: line.unitPrice, discount, total: addMinor(gross, -discount) };
  });
  const subtotal = addMinor(0, ...priced.map((line) => line.total));
  return { lines: priced, subtotal, discount: saleDiscount, total: addMinor(subtotal, -saleDiscount) };
}

/** Change to hand back for cash; null when the cash does not cover the total. */
export function changeDue(total: Minor, tendered: Minor): Minor | null {
  return tendered >= total ? tendered - total : null;
}
