import type { TFunction } from 'i18next';
import type { ProductRecord } from '@seri/shared';
import type { SeriDb } from '../db/seri-db';
import { findByBarcode, searchProducts } from '../domain/product-search';
import { describeError } from '../hooks/describe-error';
import { addProductToCart } from './add-product';
import { useSeriStore } from './seri-store';

/**
 * Products just scanned, so the cart can show the line in the same frame as the scan
 * instead of waiting for its live query to read the catalogue again (the `scan` bar is 50 ms).
 * Only a head start: the live query's values replace these as soon as it answers.
 */
export const scannedProducts = new Map<string, ProductRecord>();
const SCANNED_KEPT = 200;

function remember(product: ProductRecord): void {
  scannedProducts.delete(product.id);
  scannedProducts.set(product.id, product);
  if (scannedProducts.size > SCANNED_KEPT) scannedProducts.delete(scannedProducts.keys().next().value!);
}

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
        remember(product);
        addProductToCart(product);
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
