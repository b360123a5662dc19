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
  };
}
