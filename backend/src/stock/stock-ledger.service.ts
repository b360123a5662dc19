import { Injectable } from '@nestjs/common';
import type { Change, StockMovementType } from '@seri/shared';
import type { EntityManager } from 'typeorm';
import { insertJsonRows, selectRows } from '../common/sql';
import { StockAlert } from './stock-alert.entity';
import { toStockLevelRecord, toStockMovementRecord } from './stock.mapper';

export interface NewStockMovement {
  id: string;
  shopId: string;
  productId: string;
  type: StockMovementType;
  quantity: number;
  saleId: string | null;
  deviceId: string | null;
  userId: string | null;
  note: string | null;
  createdAt: Date;
}

/**
 * The stock ledger (I4): movements are appended, and each product's level moves by the
 * sum of its new movements (`quantity + delta`) in the same transaction. A level is never
 * set from a client's number, so two terminals selling the same item offline both count,
 * and an oversell shows as a negative level rather than being silently fixed.
 */
@Injectable()
export class StockLedgerService {
  /** Appends the movements and returns their feed rows plus the new level of each product touched. */
  async record(manager: EntityManager, movements: readonly NewStockMovement[]): Promise<Change[]> {
    if (movements.length === 0) return [];
    await insertJsonRows(
      manager,
      'stock_movements',
      ['id', 'shop_id', 'product_id', 'type', 'quantity', 'sale_id', 'device_id', 'user_id', 'note', 'created_at'],
      movements.map((movement) => ({
        id: movement.id,
        shop_id: movement.shopId,
        product_id: movement.productId,
        type: movement.type,
        quantity: movement.quantity,
        sale_id: movement.saleId,
        device_id: movement.deviceId,
        user_id: movement.userId,
        note: movement.note,
        created_at: movement.createdAt,
      })),
    );

    const deltas = new Map<string, { shopId: string; delta: number }>();
    for (const movement of movements) {
      const key = `${movement.shopId}/${movement.productId}`;
      const entry = deltas.get(key) ?? { shopId: movement.shopId, delta: 0 };
      entry.delta += movement.quantity;
      deltas.set(key, entry);
    }
    // Sorted so concurrent transactions lock level rows in the same order (no deadlock).
    const keys = [...deltas.keys()].sort();
    const shopIds = keys.map((key) => deltas.get(key)!.shopId);
    const productIds = keys.map((key) => key.slice(key.indexOf('/') + 1));
    const amounts = keys.map((key) => String(deltas.get(key)!.delta));
    const levels = await selectRows<{ shop_id: string; product_id: string; quantity: string }>(
      manager,
      `INSERT INTO stock_levels (shop_id, product_id, quantity, updated_at)
       SELECT s, p, q, now() FROM unnest($1::uuid[], $2::uuid[], $3::bigint[]) WITH ORDINALITY AS t(s, p, q, n) ORDER BY n
       ON CONFLICT (shop_id, product_id)
       DO UPDATE SET quantity = stock_levels.quantity + EXCLUDED.quantity, updated_at = now()
       RETURNING shop_id, product_id, quantity`,
      [shopIds, productIds, amounts],
    );

    await this.flagOversells(manager, movements, levels);

    const changes: Change[] = movements.map((movement) => ({
      entity: 'stock_movement',
      entityId: movement.id,
      op: 'upsert',
      data: toStockMovementRecord(movement),
    }));
    for (const level of levels) {
      changes.push({
        entity: 'stock_level',
        entityId: level.product_id,
        op: 'upsert',
        data: toStockLevelRecord(level.shop_id, level.product_id, Number(level.quantity)),
      });
    }
    return changes;
  }

  /**
   * A product whose stock these movements took below zero gets an OVERSOLD alert, naming
   * the last movement that took from it (I4: flagged for review, never silently fixed).
   */
  private async flagOversells(
    manager: EntityManager,
    movements: readonly NewStockMovement[],
    levels: readonly { shop_id: string; product_id: string; quantity: string }[],
  ): Promise<void> {
    const alerts: Partial<StockAlert>[] = [];
    const below = new Set(levels.filter((level) => Number(level.quantity) < 0).map((level) => `${level.shop_id}/${level.product_id}`));
    if (below.size === 0) return;
    const lastTaking = new Map<string, NewStockMovement>();
    for (const movement of movements) {
      const key = `${movement.shopId}/${movement.productId}`;
      if (movement.quantity < 0 && below.has(key)) lastTaking.set(key, movement);
    }
    for (const level of levels) {
      const last = lastTaking.get(`${level.shop_id}/${level.product_id}`);
      if (!last) continue;
      alerts.push({
        shopId: level.shop_id,
        productId: level.product_id,
        kind: 'OVERSOLD',
        movementId: last.id,
        saleId: last.saleId,
        deviceId: last.deviceId,
        quantityAfter: Number(level.quantity),
        resolvedAt: null,
      });
    }
    if (alerts.length > 0) await manager.insert(StockAlert, alerts);
  }
}
