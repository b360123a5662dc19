import type { ProductRecord } from '@seri/shared';
import { needsEntry } from '../domain/line-pricing';
import { useSeriStore } from './seri-store';

/**
 * A product chosen at the till (quick key, search result, scan) goes to the cart: by the unit
 * at once; sold by weight or at an open price, only once the cashier typed the weight or the
 * amount (the MeasureDialog answers the request).
 */
export function addProductToCart(product: Pick<ProductRecord, 'id' | 'pricing'>): void {
  const store = useSeriStore.getState();
  if (needsEntry(product.pricing)) store.requestMeasure({ productId: product.id, kind: product.pricing });
  else store.addToCart(product.id);
}
