import type { ProductRecord } from '@seri/shared';
import type { SeriDb } from '../db/seri-db';

export interface ProductWithStock extends ProductRecord {
  /** Displayed stock (server level + pending sales here). */
  stock: number;
}

/** Case- and accent-insensitive form for matching ("Crème" matches "creme"). */
export function foldText(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

/** Exact barcode, as a keyboard-wedge scanner types it. Archived products cannot be sold. */
export async function findByBarcode(db: SeriDb, barcode: string): Promise<ProductRecord | undefined> {
  const code = barcode.trim();
  if (code === '') return undefined;
  const matches = await db.products.where('barcode').equals(code).toArray();
  return matches.find((product) => !product.archived);
}

/**
 * Catalogue search for the till and the products screen: exact barcode first, then
 * name and SKU prefixes (indexed), then, when those are few, words anywhere in the name.
 */
export async function searchProducts(db: SeriDb, text: string, limit: number): Promise<ProductRecord[]> {
  const query = text.trim();
  if (query === '') return [];
  const found = new Map<string, ProductRecord>();
  const take = (products: readonly ProductRecord[]): void => {
    for (const product of products) {
      if (found.size >= limit) return;
      if (!product.archived && !found.has(product.id)) found.set(product.id, product);
    }
  };
  take(await db.products.where('barcode').equals(query).toArray());
  take(await db.products.where('name').startsWithIgnoreCase(query).limit(limit).toArray());
  take(await db.products.where('sku').startsWithIgnoreCase(query).limit(limit).toArray());
  if (found.size < limit && query.length >= 2) {
    const needle = foldText(query);
    const missing = limit - found.size;
    take(
      await db.products
        .filter((product) => !found.has(product.id) && foldText(product.name).includes(needle))
        .limit(missing)
        .toArray(),
    );
  }
  return [...found.values()];
}

export async function withStock(db: SeriDb, products: readonly ProductRecord[]): Promise<ProductWithStock[]> {
  const stock = await db.stock.bulkGet(products.map((product) => product.id));
  return products.map((product, index) => ({ ...product, stock: stock[index]?.quantity ?? 0 }));
}

export function isLowStock(product: ProductWithStock): boolean {
  return product.stock <= product.lowStockThreshold;
}
