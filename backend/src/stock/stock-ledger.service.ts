import { Injectable } from '@nestjs/common';
import type { Change, StockMovementType } from '@seri/shared';
import type { EntityManager } from 'typeorm';
import { insertEntities, selectRows } from '../common/sql';
import { StockAlert } from './stock-alert.entity';
import { StockMovement } from './stock-movement.entity';
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
  /**
   * Appends the movements and returns their feed rows plus the new level of each product
   * touched. (A sale's movements travel inside the sale: a sale run writes them itself and
   * calls `moveLevels`.)
   */
  async record(manager: EntityManager, movements: readonly NewStockMovement[]): Promise<Change[]> {
    if (movements.length === 0) return [];
    await insertEntities(manager, StockMovement, movements);
    const changes: Change[] = movements.map((movement) => ({ entity: 'stock_movement', entityId: movement.id, op: 'upsert', data: toStockMovementRecord(movement) }));
    return [...changes, ...(await this.moveLevels(manager, movements))];
  }

  /**
   * Moves each product's level by the sum of movements already written (by `record`, or by a
   * sale run's own insert), flags the oversells, and returns the new levels' feed rows.
   */
  async moveLevels(manager: EntityManager, movements: readonly NewStockMovement[]): Promise<Change[]> {
    if (movements.length === 0) return [];
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

    await this.flagOversells(manager, movements, levels, deltas);
    return levels.map((level) => ({
      entity: 'stock_level',
      entityId: level.product_id,
      op: 'upsert',
      data: toStockLevelRecord(level.shop_id, level.product_id, Number(level.quantity)),
    }));
  }

  /**
   * Each sale (or other taking movement) that left a product's stock below zero gets an
   * OVERSOLD alert naming it and the level it left (I4: flagged for review, never silently
   * fixed). Movements of many ops recorded together are replayed in order from the level
   * before them, so every overselling op is flagged as if it had been recorded alone.
   */
  private async flagOversells(
    manager: EntityManager,
    movements: readonly NewStockMovement[],
    levels: readonly { shop_id: string; product_id: string; quantity: string }[],
    deltas: ReadonlyMap<string, { delta: number }>,
  ): Promise<void> {
    const running = new Map<string, number>();
    for (const level of levels) {
      const key = `${level.shop_id}/${level.product_id}`;
      if (Number(level.quantity) < 0) running.set(key, Number(level.quantity) - (deltas.get(key)?.delta ?? 0));
    }
    if (running.size === 0) return;
    // Per op (a sale's movements share its id) and product: its last taking movement and the level after it.
    const taking = new Map<string, { movement: NewStockMovement; after: number }>();
    for (const movement of movements) {
      const key = `${movement.shopId}/${movement.productId}`;
      const before = running.get(key);
      if (before === undefined) continue;
      const after = before + movement.quantity;
      running.set(key, after);
      if (movement.quantity < 0) taking.set(`${movement.saleId ?? movement.id}/${key}`, { movement, after });
    }
    const alerts = [...taking.values()]
      .filter(({ after }) => after < 0)
      .map(({ movement, after }) => ({
        shopId: movement.shopId,
        productId: movement.productId,
        kind: 'OVERSOLD' as const,
        movementId: movement.id,
        saleId: movement.saleId,
        deviceId: movement.deviceId,
        quantityAfter: after,
      }));
    await insertEntities(manager, StockAlert, alerts);
  }
}
