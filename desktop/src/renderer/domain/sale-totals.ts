import { saleAmounts, saleTaxes, type Minor, type SaleTaxLine, type TaxRateRef } from '@seri/shared';
import type { LinePricing } from './line-pricing';

/** A line as the cashier built it, before it is priced from the catalogue (a weighing or a typed price: see LinePricing). */
export interface CartLineInput extends LinePricing {
  quantity: number;
  /** Line discount in minor units (0 when none). */
  discount?: Minor;
}

/** A cart line priced from the catalogue, with the rate it carries (null: none). */
export interface CartAmountsLine extends CartLineInput {
  unitPrice: Minor;
  rate: TaxRateRef | null;
}

export interface PricedLine {
  productId: string;
  quantity: number;
  unitPrice: Minor;
  discount: Minor;
  total: Minor;
  /** The line's rate with the base and tax of what was paid for it; null: no rate. */
  tax: SaleTaxLine | null;
}

export interface SaleTotals {
  lines: PricedLine[];
  subtotal: Minor;
  discount: Minor;
  /** Per rate, in the order the rates first appear in the lines. */
  taxes: SaleTaxLine[];
  taxTotal: Minor;
  pricesIncludeTax: boolean;
  /** What the customer pays: subtotal − discount, plus the taxes when prices are before tax. */
  total: Minor;
}

/**
 * The cart's amounts with the one definition the server checks (I10): `saleAmounts` for the
 * line totals and the sale discount's split, `saleTaxes` for each line's tax on what was
 * paid for it and the taxes per rate. The checkout screen shows these and createSale records
 * them, so they never differ.
 */
export function cartAmounts(lines: readonly CartAmountsLine[], saleDiscount: Minor, pricesIncludeTax: boolean): SaleTotals {
  const amounts = saleAmounts(
    lines.map((line) => ({ unitPrice: line.unitPrice, quantity: line.quantity, discount: line.discount ?? 0 })),
    saleDiscount,
  );
  const taxed = saleTaxes(
    lines.map((line, index) => ({ paid: amounts.paid[index]!, rate: line.rate })),
    pricesIncludeTax,
  );
  return {
    lines: lines.map((line, index) => ({
      productId: line.productId,
      quantity: line.quantity,
      unitPrice: line.unitPrice,
      discount: line.discount ?? 0,
      total: amounts.lineTotals[index]!,
      tax: taxed.lineTaxes[index]!,
    })),
    subtotal: amounts.subtotal,
    discount: amounts.discount,
    taxes: taxed.taxes,
    taxTotal: taxed.taxTotal,
    pricesIncludeTax,
    total: taxed.total,
  };
}

/** Change to hand back for cash; null when the cash does not cover the total. */
export function changeDue(total: Minor, tendered: Minor): Minor | null {
  return tendered >= total ? tendered - total : null;
}
