import type { Op } from '@seri/shared';
import type { DataSource } from 'typeorm';

const LIMIT_BATCH = 1_000;

type SaleOp = Op<'sale', 'create'>;

/**
 * The limit: the same sales, lines and stock movements written straight into PostgreSQL,
 * one `INSERT … SELECT FROM unnest(…)` per table per 1,000 sales, one transaction each.
 */
export async function unnestInsert(dataSource: DataSource, sales: readonly SaleOp[], deviceId: string): Promise<void> {
  for (let start = 0; start < sales.length; start += LIMIT_BATCH) {
    const batch = sales.slice(start, start + LIMIT_BATCH);
    const lines = batch.flatMap((op) => op.payload.lines.map((line, lineNo) => ({ op, line, lineNo })));
    await dataSource.transaction(async (manager) => {
      await manager.query(
        `INSERT INTO sales (id, shop_id, device_id, cashier_id, number, currency, subtotal, discount, total, payments, status, created_at)
         SELECT id, shop_id, $3::uuid, cashier_id, number, 'XOF', subtotal, discount, total, payments, 'COMPLETED', created_at
         FROM unnest($1::uuid[], $2::uuid[], $4::uuid[], $5::text[], $6::bigint[], $7::bigint[], $8::bigint[], $9::jsonb[], $10::timestamptz[])
           AS t(id, shop_id, cashier_id, number, subtotal, discount, total, payments, created_at)`,
        [
          batch.map((op) => op.payload.id),
          batch.map((op) => op.shopId),
          deviceId,
          batch.map((op) => op.payload.cashierId),
          batch.map((op) => op.payload.number),
          batch.map((op) => op.payload.subtotal),
          batch.map((op) => op.payload.discount),
          batch.map((op) => op.payload.total),
          batch.map((op) => JSON.stringify(op.payload.payments)),
          batch.map((op) => op.payload.createdAt),
        ],
      );
      await manager.query(
        `INSERT INTO sale_lines (id, shop_id, sale_id, line_no, product_id, name, quantity, unit_price, discount, total, movement_id)
         SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::int[], $5::uuid[], $6::text[], $7::int[], $8::bigint[], $9::bigint[], $10::bigint[], $11::uuid[])`,
        [
          lines.map(({ line }) => line.id),
          lines.map(({ op }) => op.shopId),
          lines.map(({ op }) => op.payload.id),
          lines.map(({ lineNo }) => lineNo + 1),
          lines.map(({ line }) => line.productId),
          lines.map(({ line }) => line.name),
          lines.map(({ line }) => line.quantity),
          lines.map(({ line }) => line.unitPrice),
          lines.map(({ line }) => line.discount),
          lines.map(({ line }) => line.total),
          lines.map(({ line }) => line.movementId),
        ],
      );
      await manager.query(
        `INSERT INTO stock_movements (id, shop_id, product_id, type, quantity, sale_id, device_id, user_id, created_at)
         SELECT id, shop_id, product_id, 'SALE', quantity, sale_id, $7::uuid, user_id, created_at
         FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::int[], $5::uuid[], $6::uuid[], $8::timestamptz[])
           AS t(id, shop_id, product_id, quantity, sale_id, user_id, created_at)`,
        [
          lines.map(({ line }) => line.movementId),
          lines.map(({ op }) => op.shopId),
          lines.map(({ line }) => line.productId),
          lines.map(({ line }) => -line.quantity),
          lines.map(({ op }) => op.payload.id),
          lines.map(({ op }) => op.userId),
          deviceId,
          lines.map(({ op }) => op.payload.createdAt),
        ],
      );
    });
  }
}

