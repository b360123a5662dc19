import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A `sale/create` claims its opId on the sale row it writes (issue #12 part 4: one row, one
 * JSON document and two foreign-key checks fewer per sale): `sales.op_id` is unique and
 * `sales.op_body_hash` is what a replay must match (I2). Every other op, and a sale op that
 * was rejected (it wrote no sale), keeps its row in processed_ops. `op_claims` is every claim,
 * wherever it lives: what replays, reuse checks and tests read. Sales from before this
 * migration keep their processed_ops rows (their op_id stays NULL).
 */
export class FoldSaleOpClaim1764900000000 implements MigrationInterface {
  name = 'FoldSaleOpClaim1764900000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE sales ADD COLUMN op_id uuid, ADD COLUMN op_body_hash text`);
    await queryRunner.query(`CREATE UNIQUE INDEX idx_sales_op_id ON sales (op_id)`);
    await queryRunner.query(
      `CREATE VIEW op_claims AS
         SELECT op_id, shop_id, device_id, entity, kind, body_hash, result, created_at FROM processed_ops
         UNION ALL
         SELECT op_id, shop_id, device_id, 'sale', 'create', op_body_hash, jsonb_build_object('opId', op_id, 'status', 'applied'), recorded_at
           FROM sales WHERE op_id IS NOT NULL`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP VIEW op_claims`);
    await queryRunner.query(`DROP INDEX idx_sales_op_id`);
    await queryRunner.query(`ALTER TABLE sales DROP COLUMN op_id, DROP COLUMN op_body_hash`);
  }
}
