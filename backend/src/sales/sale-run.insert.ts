import type { SaleRecord } from '@seri/shared';
import type { EntityManager } from 'typeorm';

/** One sale of a run as it goes in: its record (as the feed carries it) and its op's claim (I2). */
export interface SaleRunRow {
  record: SaleRecord;
  opId: string;
  opBodyHash: string | null;
}

/**
 * A run of new sales written with one statement: the sale rows (each carrying its op's claim),
 * their lines, their SALE movements and the sales' feed rows, all read from one JSON document
 * that PostgreSQL parses once (as jsonb, when the statement is bound). The bulk of a till's
 * push is this statement, and a sale's data crosses to the database once instead of four times
 * (issue #12 part 4: the push transaction is the serial part of the drain).
 *
 * The movements are `saleMovements(record)` (shared) written in SQL: one per line, the line's
 * movement id, minus its quantity, by the sale's device and cashier, dated as the sale.
 * The caller moves the stock levels by the same movements (`StockLedgerService.moveLevels`)
 * and appends their feed rows after these, so a pull sees each sale before the levels it moved.
 * A constraint the rows break (an id already used) fails the whole statement: the caller
 * rolls back to its savepoint and applies the sales one by one.
 */
export async function insertSaleRun(manager: EntityManager, shopId: string, deviceId: string, rows: readonly SaleRunRow[]): Promise<void> {
  if (rows.length === 0) return;
  await manager.query(
    `WITH run AS (
       SELECT r.record AS rec, r.op_id, r.op_body_hash, r.n, s.*
         FROM ROWS FROM (jsonb_to_recordset($1::jsonb) AS (record jsonb, "opId" uuid, "opBodyHash" text)) WITH ORDINALITY AS r(record, op_id, op_body_hash, n),
              jsonb_to_record(r.record) AS s(id uuid, "cashierId" uuid, number text, currency text, subtotal bigint, discount bigint, total bigint,
                payments jsonb, status text, "createdAt" timestamptz, "sessionId" uuid, taxes jsonb, "pricesIncludeTax" boolean, customer jsonb, lines jsonb)
     ),
     lines AS (
       SELECT run.n, run.id AS sale_id, run."cashierId" AS cashier_id, run."createdAt" AS created_at, l.*
         FROM run, ROWS FROM (jsonb_to_recordset(run.lines) AS (
           id uuid, "productId" uuid, name text, quantity integer, "unitPrice" bigint, discount bigint, total bigint,
           "movementId" uuid, tax jsonb, measure jsonb)) WITH ORDINALITY AS l(id, product_id, name, quantity, unit_price, discount, total, movement_id, tax, measure, line_no)
     ),
     new_sales AS (
       INSERT INTO sales (id, shop_id, device_id, cashier_id, number, currency, subtotal, discount, total, payments, status, created_at,
                          session_id, taxes, prices_include_tax, customer, op_id, op_body_hash)
       SELECT id, $2::uuid, $3::uuid, "cashierId", number, currency, subtotal, discount, total, payments, status, "createdAt",
              "sessionId", nullif(taxes, 'null'::jsonb), "pricesIncludeTax", nullif(customer, 'null'::jsonb), op_id, op_body_hash
         FROM run ORDER BY n
     ),
     new_lines AS (
       INSERT INTO sale_lines (id, shop_id, sale_id, line_no, product_id, name, quantity, unit_price, discount, total, movement_id, tax, measure)
       SELECT id, $2::uuid, sale_id, line_no, product_id, name, quantity, unit_price, discount, total, movement_id,
              nullif(tax, 'null'::jsonb), nullif(measure, 'null'::jsonb)
         FROM lines ORDER BY n, line_no
     ),
     new_movements AS (
       INSERT INTO stock_movements (id, shop_id, product_id, type, quantity, sale_id, device_id, user_id, note, created_at)
       SELECT movement_id, $2::uuid, product_id, 'SALE', -quantity, sale_id, $3::uuid, cashier_id, NULL, created_at
         FROM lines ORDER BY n, line_no
     )
     INSERT INTO changes (shop_id, entity, entity_id, op, data)
     SELECT $2::uuid, 'sale', id::text, 'upsert', rec FROM run ORDER BY n`,
    [JSON.stringify(rows), shopId, deviceId],
  );
}
