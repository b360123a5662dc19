import { weighedLinePrice, type Minor, type ProductPricing, type SaleLineMeasure } from '@seri/shared';

/**
 * Lines sold loose (issue #15). A weighed line is one weighing: quantity 1 at
 * `weighedLinePrice(price per kg, grams)`, the weight kept on the line (and the receipt); its
 * stock moves by 1 per line, as a unit sale would. An open-price line is the amount the
 * cashier typed, per unit.
 */
export interface LinePricing {
  productId: string;
  /** Its own line, apart from the product's unit line (a weighing, a typed price). */
  lineKey?: string;
  /** Weighed: grams on the scale. */
  grams?: number;
  /** Open price: the amount typed for one unit, minor units. */
  openPrice?: Minor;
}

/** The key a cart line is found by: the product for a unit line, its own key for a weighing or a typed price. */
export function cartLineKey(line: Pick<LinePricing, 'productId' | 'lineKey'>): string {
  return line.lineKey ?? line.productId;
}

/** What one unit of the line costs: the typed price, the weighing's price, or the catalogue price. */
export function lineUnitPrice(line: LinePricing, catalogPrice: Minor): Minor {
  if (line.openPrice !== undefined) return line.openPrice;
  if (line.grams !== undefined) return weighedLinePrice(catalogPrice, line.grams);
  return catalogPrice;
}

/** The weighing a sale line carries, or undefined for a line sold by the unit. */
export function lineMeasure(line: LinePricing, catalogPrice: Minor): SaleLineMeasure | undefined {
  return line.grams === undefined ? undefined : { grams: line.grams, pricePerKg: catalogPrice };
}

/** Does adding this product need the cashier to type a weight or an amount first? */
export function needsEntry(pricing: ProductPricing | undefined): pricing is 'OPEN' | 'WEIGHT' {
  return pricing === 'OPEN' || pricing === 'WEIGHT';
}
