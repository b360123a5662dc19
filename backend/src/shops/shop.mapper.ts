import type { ShopRecord } from '@seri/shared';
import type { Shop } from './shop.entity';

export function toShopRecord(shop: Shop): ShopRecord {
  return {
    id: shop.id,
    name: shop.name,
    currency: shop.currency,
    locale: shop.locale,
    ...(shop.retentionDays !== null && shop.retentionDays !== undefined ? { retentionDays: shop.retentionDays } : {}),
    // Cash sessions (issue #11 part 3).
    allowSalesWithoutSession: shop.allowSalesWithoutSession,
    cashMovementApprovalThreshold: shop.cashMovementApprovalThreshold,
    // Taxes and legal identity (issue #11 part 2): only the fields the shop has set.
    ...(shop.pricesIncludeTax !== undefined ? { pricesIncludeTax: shop.pricesIncludeTax } : {}),
    ...present('defaultTaxRateId', shop.defaultTaxRateId),
    ...present('legalName', shop.legalName),
    ...present('taxNumber', shop.taxNumber),
    ...present('address', shop.address),
    ...present('phone', shop.phone),
  };
}

function present<K extends string>(key: K, value: string | null | undefined): { [P in K]?: string } {
  return value === null || value === undefined ? {} : ({ [key]: value } as { [P in K]: string });
}
