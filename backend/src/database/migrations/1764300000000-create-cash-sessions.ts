import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Cash sessions (I11): a terminal's till from its counted float to its counted close, the
 * paid-ins and paid-outs between, and the Z report stored as the terminal printed it.
 * Sales and refunds say which session they belong to. No foreign key from them to the
 * session: a sale made before the open (when the shop allows it) names its session first.
 */
export class CreateCashSessions1764300000000 implements MigrationInterface {
  name = 'CreateCashSessions1764300000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE cash_sessions (
        id uuid PRIMARY KEY,
        shop_id uuid NOT NULL REFERENCES shops(id),
        device_id uuid NOT NULL REFERENCES devices(id),
        status text NOT NULL CHECK (status IN ('OPEN', 'CLOSED')),
        opened_by uuid NOT NULL REFERENCES users(id),
        opened_at timestamptz NOT NULL,
        opening_float bigint NOT NULL CHECK (opening_float >= 0),
        opening_count jsonb,
        closed_by uuid REFERENCES users(id),
        closed_at timestamptz,
        counted bigint CHECK (counted >= 0),
        closing_count jsonb,
        z_number text,
        z jsonb,
        recorded_at timestamptz NOT NULL DEFAULT now(),
        CHECK ((status = 'OPEN') = (closed_at IS NULL)),
        CHECK ((status = 'OPEN') = (z IS NULL))
      )`);
    await queryRunner.query(`CREATE INDEX idx_cash_sessions_shop_opened ON cash_sessions (shop_id, opened_at)`);
    // One open session per terminal, and Z numbers never reused on a terminal.
    await queryRunner.query(`CREATE UNIQUE INDEX uq_cash_sessions_open_device ON cash_sessions (device_id) WHERE status = 'OPEN'`);
    await queryRunner.query(`CREATE UNIQUE INDEX uq_cash_sessions_device_z ON cash_sessions (device_id, z_number) WHERE z_number IS NOT NULL`);
    await queryRunner.query(`
      CREATE TABLE cash_movements (
        id uuid PRIMARY KEY,
        shop_id uuid NOT NULL REFERENCES shops(id),
        session_id uuid NOT NULL REFERENCES cash_sessions(id),
        type text NOT NULL CHECK (type IN ('PAID_IN', 'PAID_OUT')),
        amount bigint NOT NULL CHECK (amount > 0),
        reason text NOT NULL,
        user_id uuid NOT NULL REFERENCES users(id),
        approved_by uuid REFERENCES users(id),
        created_at timestamptz NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE INDEX idx_cash_movements_session ON cash_movements (session_id)`);
    await queryRunner.query(`ALTER TABLE sales ADD COLUMN session_id uuid`);
    await queryRunner.query(`CREATE INDEX idx_sales_session ON sales (session_id) WHERE session_id IS NOT NULL`);
    await queryRunner.query(`ALTER TABLE sale_refunds ADD COLUMN session_id uuid`);
    await queryRunner.query(`CREATE INDEX idx_sale_refunds_session ON sale_refunds (session_id) WHERE session_id IS NOT NULL`);
    await queryRunner.query(`ALTER TABLE shops ADD COLUMN allow_sales_without_session boolean NOT NULL DEFAULT true`);
    await queryRunner.query(`ALTER TABLE shops ADD COLUMN cash_movement_approval_threshold bigint NOT NULL DEFAULT 10000 CHECK (cash_movement_approval_threshold >= 0)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE shops DROP COLUMN cash_movement_approval_threshold, DROP COLUMN allow_sales_without_session`);
    await queryRunner.query(`ALTER TABLE sale_refunds DROP COLUMN session_id`);
    await queryRunner.query(`ALTER TABLE sales DROP COLUMN session_id`);
    await queryRunner.query(`DROP TABLE cash_movements`);
    await queryRunner.query(`DROP TABLE cash_sessions`);
  }
}
