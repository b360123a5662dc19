import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Expenses: last-write-wins per field (I6), deletes kept as tombstones. */
export class CreateExpenses1764028803000 implements MigrationInterface {
  name = 'CreateExpenses1764028803000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE expenses (
        id uuid PRIMARY KEY,
        shop_id uuid NOT NULL REFERENCES shops(id),
        category text NOT NULL,
        amount bigint NOT NULL CHECK (amount >= 0),
        note text,
        date text NOT NULL,
        deleted boolean NOT NULL DEFAULT false,
        hlc text NOT NULL,
        field_hlc jsonb NOT NULL DEFAULT '{}'::jsonb,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE INDEX idx_expenses_shop_date ON expenses (shop_id, date)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE expenses`);
  }
}
