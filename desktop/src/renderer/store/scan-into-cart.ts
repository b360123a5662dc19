import type { TFunction } from 'i18next';
import type { SeriDb } from '../db/seri-db';
import { findByBarcode, searchProducts } from '../domain/product-search';
import { describeError } from '../hooks/describe-error';
import { useSeriStore } from './seri-store';

// Scans are looked up one after another, so the cart gets them in the order they were typed.
let queue: Promise<unknown> = Promise.resolve();

/**
 * A scanned or typed code goes to the cart: exact barcode first, then the best match by
 * SKU or name. Resolves true when a product was added; an unknown code is said in a toast.
 */
export function scanIntoCart(db: SeriDb, t: TFunction, code: string, options: { fallbackSearch: boolean } = { fallbackSearch: true }): Promise<boolean> {
  const run = queue.then(async () => {
    const store = useSeriStore.getState();
    try {
      const product = (await findByBarcode(db, code)) ?? (options.fallbackSearch ? (await searchProducts(db, code, 1))[0] : undefined);
      if (product) {
        store.addToCart(product.id);
        return true;
      }
      store.pushToast('error', t('checkout.unknownBarcode', { code }));
      return false;
    } catch (error) {
      store.pushToast('error', describeError(t, error));
      return false;
    }
  });
  queue = run;
  return run;
}
