import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What the sync leaves for a manager to review: the conflict log (I6), rejected ops and
 * the rejected sales' review queue (I7), oversell alerts (I4). Also lets ops come from a
 * user (the admin API) as well as from a device, and indexes the change feed by record so
 * a pull can skip rows a later row of the same record supersedes (compacted bootstrap).
 */
export class CreateSyncReviewTables1764028805000 implements MigrationInterface {
  name = 'CreateSyncReviewTables1764028805000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE conflict_log (
        id bigserial PRIMARY KEY,
        shop_id uuid NOT NULL REFERENCES shops(id),
        kind text NOT NULL CHECK (kind IN ('OVERWRITTEN', 'REFUSED', 'CLOCK_CLAMPED')),
        entity text NOT NULL,
        entity_id text NOT NULL,
        field text NOT NULL,
        losing_value jsonb,
        winning_value jsonb,
        losing_hlc text NOT NULL,
        winning_hlc text NOT NULL,
        losing_device text,
        winning_device text,
        op_id uuid,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE INDEX idx_conflict_log_shop ON conflict_log (shop_id, id DESC)`);
    await queryRunner.query(`CREATE INDEX idx_conflict_log_entity ON conflict_log (shop_id, entity, entity_id)`);

    await queryRunner.query(`
      CREATE TABLE rejected_ops (
        op_id uuid PRIMARY KEY,
        shop_id uuid NOT NULL REFERENCES shops(id),
        device_id uuid REFERENCES devices(id),
        user_id uuid,
        entity text NOT NULL,
        kind text NOT NULL,
        entity_id text NOT NULL,
        code text NOT NULL,
        reason text NOT NULL,
        op jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE INDEX idx_rejected_ops_shop ON rejected_ops (shop_id, created_at DESC)`);

    await queryRunner.query(`
      CREATE TABLE sale_reviews (
        id bigserial PRIMARY KEY,
        op_id uuid NOT NULL UNIQUE REFERENCES rejected_ops(op_id),
        shop_id uuid NOT NULL REFERENCES shops(id),
        sale_id uuid NOT NULL,
        device_id uuid REFERENCES devices(id),
        kind text NOT NULL,
        code text NOT NULL,
        reason text NOT NULL,
        total bigint,
        payload jsonb NOT NULL,
        status text NOT NULL DEFAULT 'OPEN' CHECK (status IN ('OPEN', 'RESOLVED')),
        resolved_at timestamptz,
        resolved_by uuid,
        resolution_note text,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE INDEX idx_sale_reviews_shop_open ON sale_reviews (shop_id, created_at DESC) WHERE status = 'OPEN'`);

    await queryRunner.query(`
      CREATE TABLE stock_alerts (
        id bigserial PRIMARY KEY,
        shop_id uuid NOT NULL REFERENCES shops(id),
        product_id uuid NOT NULL,
        kind text NOT NULL CHECK (kind IN ('OVERSOLD')),
        movement_id uuid NOT NULL,
        sale_id uuid,
        device_id uuid,
        quantity_after bigint NOT NULL,
        resolved_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE INDEX idx_stock_alerts_shop ON stock_alerts (shop_id, id DESC)`);
    await queryRunner.query(`CREATE INDEX idx_stock_alerts_open ON stock_alerts (shop_id, product_id) WHERE resolved_at IS NULL`);

    // Refunds are new records beside the immutable sale (I5); their lines stay as the terminal sent them.
    await queryRunner.query(`
      CREATE TABLE sale_refunds (
        id uuid PRIMARY KEY,
        shop_id uuid NOT NULL REFERENCES shops(id),
        sale_id uuid NOT NULL REFERENCES sales(id),
        device_id uuid,
        user_id uuid NOT NULL,
        approved_by uuid NOT NULL,
        reason text NOT NULL,
        method text NOT NULL,
        total bigint NOT NULL CHECK (total >= 0),
        lines jsonb NOT NULL,
        created_at timestamptz NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE INDEX idx_sale_refunds_sale ON sale_refunds (sale_id)`);

    // Ops written through the admin API have a user and no device.
    await queryRunner.query(`ALTER TABLE processed_ops ALTER COLUMN device_id DROP NOT NULL`);
    await queryRunner.query(`ALTER TABLE processed_ops ADD COLUMN user_id uuid`);

    await queryRunner.query(`CREATE INDEX idx_changes_record ON changes (shop_id, entity, entity_id, txid, seq)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX idx_changes_record`);
    await queryRunner.query(`ALTER TABLE processed_ops DROP COLUMN user_id`);
    await queryRunner.query(`DELETE FROM processed_ops WHERE device_id IS NULL`);
    await queryRunner.query(`ALTER TABLE processed_ops ALTER COLUMN device_id SET NOT NULL`);
    await queryRunner.query(`DROP TABLE sale_refunds`);
    await queryRunner.query(`DROP TABLE stock_alerts`);
    await queryRunner.query(`DROP TABLE sale_reviews`);
    await queryRunner.query(`DROP TABLE rejected_ops`);
    await queryRunner.query(`DROP TABLE conflict_log`);
  }
}
