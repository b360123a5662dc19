import type { StockLevelRecord, StockMovementRecord } from '@seri/shared';
import type { StockMovement } from './stock-movement.entity';

export function toStockMovementRecord(movement: Omit<StockMovement, 'recordedAt'>): StockMovementRecord {
  return {
    id: movement.id,
    shopId: movement.shopId,
    productId: movement.productId,
    type: movement.type,
    quantity: movement.quantity,
    saleId: movement.saleId,
    deviceId: movement.deviceId,
    userId: movement.userId,
    note: movement.note,
    createdAt: movement.createdAt.toISOString(),
  };
}

export function toStockLevelRecord(shopId: string, productId: string, quantity: number): StockLevelRecord {
  return { productId, shopId, quantity };
}
