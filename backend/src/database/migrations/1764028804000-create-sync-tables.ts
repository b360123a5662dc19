import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Idempotency records (I2) and the change feed with its commit-safe order (I3):
 * txid is the writing transaction's xid8, so the pull can hold back rows of transactions
 * that might still commit below its cursor.
 */
export class CreateSyncTables1764028804000 implements MigrationInterface {
  name = 'CreateSyncTables1764028804000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE processed_ops (
        op_id uuid PRIMARY KEY,
        shop_id uuid NOT NULL REFERENCES shops(id),
        device_id uuid NOT NULL REFERENCES devices(id),
        entity text NOT NULL,
        kind text NOT NULL,
        body_hash text NOT NULL,
        result jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE INDEX idx_processed_ops_shop_created ON processed_ops (shop_id, created_at)`);
    await queryRunner.query(`
      CREATE TABLE changes (
        seq bigserial PRIMARY KEY,
        txid xid8 NOT NULL DEFAULT pg_current_xact_id(),
        shop_id uuid NOT NULL REFERENCES shops(id),
        entity text NOT NULL,
        entity_id text NOT NULL,
        op text NOT NULL CHECK (op IN ('upsert', 'delete')),
        data jsonb,
        CHECK ((op = 'upsert') = (data IS NOT NULL))
      )`);
    await queryRunner.query(`CREATE INDEX idx_changes_shop_txid_seq ON changes (shop_id, txid, seq)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE changes`);
    await queryRunner.query(`DROP TABLE processed_ops`);
  }
}
