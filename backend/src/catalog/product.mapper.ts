import type { ProductRecord } from '@seri/shared';
import type { Product } from './product.entity';

export function toProductRecord(product: Product): ProductRecord {
  return {
    id: product.id,
    shopId: product.shopId,
    sku: product.sku,
    barcode: product.barcode,
    name: product.name,
    price: product.price,
    cost: product.cost,
    category: product.category,
    lowStockThreshold: product.lowStockThreshold,
    archived: product.archived,
    taxRateId: product.taxRateId,
    pricing: product.pricing,
    hlc: product.hlc,
    updatedAt: product.updatedAt.toISOString(),
  };
}
