import type { TaxRateRecord } from '@seri/shared';
import type { TaxRate } from './tax-rate.entity';

export function toTaxRateRecord(rate: TaxRate): TaxRateRecord {
  return {
    id: rate.id,
    shopId: rate.shopId,
    name: rate.name,
    rateBp: rate.rateBp,
    archived: rate.archived,
    hlc: rate.hlc,
    updatedAt: rate.updatedAt.toISOString(),
  };
}
