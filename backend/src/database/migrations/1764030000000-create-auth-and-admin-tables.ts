import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What the admin API and its auth need: login identities (email + password on users),
 * ADMIN grants to other shops, rotating refresh tokens grouped in families (reuse revokes
 * the family), the signing secret shared by every backend instance, the audit log, the
 * per-shop "admin console" pseudo-device that admin writes are made from, what terminals
 * report about their queues, and who made each enrollment code.
 */
export class CreateAuthAndAdminTables1764030000000 implements MigrationInterface {
  name = 'CreateAuthAndAdminTables1764030000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE users ADD COLUMN email text CHECK (email IS NULL OR (email = lower(email) AND length(email) BETWEEN 3 AND 254))`);
    // An email names one person across every shop: login finds the user by it alone.
    await queryRunner.query(`CREATE UNIQUE INDEX uq_users_email ON users (email) WHERE email IS NOT NULL`);

    await queryRunner.query(`
      CREATE TABLE shop_admins (
        shop_id uuid NOT NULL REFERENCES shops(id),
        user_id uuid NOT NULL REFERENCES users(id),
        granted_by uuid REFERENCES users(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (shop_id, user_id)
      )`);
    await queryRunner.query(`CREATE INDEX idx_shop_admins_user ON shop_admins (user_id)`);

    await queryRunner.query(`
      CREATE TABLE refresh_tokens (
        id uuid PRIMARY KEY,
        family_id uuid NOT NULL,
        user_id uuid NOT NULL REFERENCES users(id),
        token_hash text NOT NULL,
        expires_at timestamptz NOT NULL,
        used_at timestamptz,
        revoked_at timestamptz,
        revoked_reason text,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE UNIQUE INDEX uq_refresh_tokens_hash ON refresh_tokens (token_hash)`);
    await queryRunner.query(`CREATE INDEX idx_refresh_tokens_family ON refresh_tokens (family_id)`);
    await queryRunner.query(`CREATE INDEX idx_refresh_tokens_user_live ON refresh_tokens (user_id) WHERE revoked_at IS NULL`);

    await queryRunner.query(`
      CREATE TABLE auth_secrets (
        name text PRIMARY KEY,
        value text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);

    await queryRunner.query(`
      CREATE TABLE audit_log (
        id uuid PRIMARY KEY,
        shop_id uuid REFERENCES shops(id),
        user_id uuid REFERENCES users(id),
        action text NOT NULL,
        method text,
        path text,
        target_id text,
        status_code integer,
        details jsonb NOT NULL DEFAULT '{}'::jsonb,
        ip text,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE INDEX idx_audit_log_shop_created ON audit_log (shop_id, created_at DESC, id DESC)`);

    await queryRunner.query(`ALTER TABLE devices ADD COLUMN kind text NOT NULL DEFAULT 'TERMINAL' CHECK (kind IN ('TERMINAL', 'ADMIN_CONSOLE'))`);
    // The console is number 0, so it never takes a terminal's receipt prefix (T01, T02…).
    await queryRunner.query(`ALTER TABLE devices DROP CONSTRAINT devices_terminal_number_check`);
    await queryRunner.query(
      `ALTER TABLE devices ADD CONSTRAINT ck_devices_terminal_number CHECK ((kind = 'TERMINAL' AND terminal_number > 0) OR (kind = 'ADMIN_CONSOLE' AND terminal_number = 0))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX uq_devices_shop_console ON devices (shop_id) WHERE kind = 'ADMIN_CONSOLE'`);
    await queryRunner.query(`
      ALTER TABLE devices
        ADD COLUMN revoked_by uuid REFERENCES users(id),
        ADD COLUMN reported_at timestamptz,
        ADD COLUMN reported_cursor text,
        ADD COLUMN reported_pending integer CHECK (reported_pending IS NULL OR reported_pending >= 0),
        ADD COLUMN reported_rejected integer CHECK (reported_rejected IS NULL OR reported_rejected >= 0),
        ADD COLUMN reported_oldest_pending_ms bigint CHECK (reported_oldest_pending_ms IS NULL OR reported_oldest_pending_ms >= 0),
        ADD COLUMN app_version text`);

    await queryRunner.query(`ALTER TABLE enrollment_codes ADD COLUMN created_by uuid REFERENCES users(id)`);
    await queryRunner.query(`CREATE INDEX idx_enrollment_codes_shop ON enrollment_codes (shop_id)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX idx_enrollment_codes_shop`);
    await queryRunner.query(`ALTER TABLE enrollment_codes DROP COLUMN created_by`);
    await queryRunner.query(`
      ALTER TABLE devices
        DROP COLUMN app_version, DROP COLUMN reported_oldest_pending_ms, DROP COLUMN reported_rejected,
        DROP COLUMN reported_pending, DROP COLUMN reported_cursor, DROP COLUMN reported_at, DROP COLUMN revoked_by`);
    await queryRunner.query(`DROP INDEX uq_devices_shop_console`);
    await queryRunner.query(`DELETE FROM devices WHERE kind = 'ADMIN_CONSOLE'`);
    await queryRunner.query(`ALTER TABLE devices DROP CONSTRAINT ck_devices_terminal_number`);
    await queryRunner.query(`ALTER TABLE devices ADD CONSTRAINT devices_terminal_number_check CHECK (terminal_number > 0)`);
    await queryRunner.query(`ALTER TABLE devices DROP COLUMN kind`);
    await queryRunner.query(`DROP TABLE audit_log`);
    await queryRunner.query(`DROP TABLE auth_secrets`);
    await queryRunner.query(`DROP TABLE refresh_tokens`);
    await queryRunner.query(`DROP TABLE shop_admins`);
    await queryRunner.query(`DROP INDEX uq_users_email`);
    await queryRunner.query(`ALTER TABLE users DROP COLUMN email`);
  }
}
