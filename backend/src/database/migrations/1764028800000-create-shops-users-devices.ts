import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Tenants, their people and their terminals. */
export class CreateShopsUsersDevices1764028800000 implements MigrationInterface {
  name = 'CreateShopsUsersDevices1764028800000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE shops (
        id uuid PRIMARY KEY,
        name text NOT NULL,
        currency text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
        locale text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`
      CREATE TABLE users (
        id uuid PRIMARY KEY,
        shop_id uuid NOT NULL REFERENCES shops(id),
        name text NOT NULL,
        role text NOT NULL CHECK (role IN ('CASHIER', 'MANAGER', 'ADMIN')),
        pin_hash text,
        password_hash text,
        active boolean NOT NULL DEFAULT true,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE INDEX idx_users_shop ON users (shop_id)`);
    await queryRunner.query(`
      CREATE TABLE devices (
        id uuid PRIMARY KEY,
        shop_id uuid NOT NULL REFERENCES shops(id),
        name text NOT NULL,
        terminal_number integer NOT NULL CHECK (terminal_number > 0),
        token_hash text NOT NULL,
        revoked_at timestamptz,
        last_seen_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE UNIQUE INDEX uq_devices_shop_terminal ON devices (shop_id, terminal_number)`);
    await queryRunner.query(`CREATE UNIQUE INDEX uq_devices_token_hash ON devices (token_hash)`);
    await queryRunner.query(`
      CREATE TABLE enrollment_codes (
        code text PRIMARY KEY,
        shop_id uuid NOT NULL REFERENCES shops(id),
        expires_at timestamptz,
        uses_left integer CHECK (uses_left IS NULL OR uses_left >= 0),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE enrollment_codes`);
    await queryRunner.query(`DROP TABLE devices`);
    await queryRunner.query(`DROP TABLE users`);
    await queryRunner.query(`DROP TABLE shops`);
  }
}
