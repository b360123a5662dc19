import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * processed_ops is read by op id only (its primary key): idempotency records are kept for
 * good, since a terminal may replay an old op, so nothing ever lists them by shop and date.
 * The (shop_id, created_at) index only cost every push one more B-tree insert per op.
 */
export class DropUnusedProcessedOpsIndex1764100000000 implements MigrationInterface {
  name = 'DropUnusedProcessedOpsIndex1764100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX IF EXISTS idx_processed_ops_shop_created`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX idx_processed_ops_shop_created ON processed_ops (shop_id, created_at)`);
  }
}
