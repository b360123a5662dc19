import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Quick keys and loose goods (issue #15): the shop's quick-key layout (one row per shop,
 * written whole by `quick_keys/update`, LWW on hlc), how a product is priced at the till
 * (by the unit, an open price, by weight), and the weighing a sale line was charged for.
 */
export class QuickKeysAndSoldByWeight1764700000000 implements MigrationInterface {
  name = 'QuickKeysAndSoldByWeight1764700000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE quick_key_layouts (
        shop_id uuid PRIMARY KEY REFERENCES shops(id),
        pages jsonb NOT NULL CHECK (jsonb_typeof(pages) = 'array'),
        hlc text NOT NULL,
        field_hlc jsonb NOT NULL DEFAULT '{}'::jsonb,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`ALTER TABLE products ADD COLUMN pricing text NOT NULL DEFAULT 'UNIT' CHECK (pricing IN ('UNIT', 'OPEN', 'WEIGHT'))`);
    await queryRunner.query(`ALTER TABLE sale_lines ADD COLUMN measure jsonb`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE sale_lines DROP COLUMN measure`);
    await queryRunner.query(`ALTER TABLE products DROP COLUMN pricing`);
    await queryRunner.query(`DROP TABLE quick_key_layouts`);
  }
}
