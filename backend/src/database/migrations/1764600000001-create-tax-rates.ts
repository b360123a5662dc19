import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Taxes (issue #11 part 2, I10): a shop's tax rates (archived, never deleted), a rate per
 * product, the shop's tax settings and legal identity, and the taxes a sale and a refund
 * carry. Columns are added empty: a sale or refund recorded before taxes keeps NULL there
 * (no tax data, counts no tax) and is never rewritten (I5).
 */
export class CreateTaxRates1764600000001 implements MigrationInterface {
  name = 'CreateTaxRates1764600000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE tax_rates (
        id uuid PRIMARY KEY,
        shop_id uuid NOT NULL REFERENCES shops(id),
        name text NOT NULL,
        rate_bp integer NOT NULL CHECK (rate_bp BETWEEN 0 AND 10000),
        archived boolean NOT NULL DEFAULT false,
        hlc text NOT NULL,
        field_hlc jsonb NOT NULL DEFAULT '{}'::jsonb,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (shop_id, id)
      )`);
    await queryRunner.query(`CREATE INDEX idx_tax_rates_shop ON tax_rates (shop_id)`);
    // A product's rate is one of its own shop's rates (the composite key says so).
    await queryRunner.query(`ALTER TABLE products ADD COLUMN tax_rate_id uuid`);
    await queryRunner.query(`ALTER TABLE products ADD CONSTRAINT fk_products_tax_rate FOREIGN KEY (shop_id, tax_rate_id) REFERENCES tax_rates (shop_id, id)`);
    await queryRunner.query(`ALTER TABLE shops ADD COLUMN prices_include_tax boolean NOT NULL DEFAULT true`);
    await queryRunner.query(`ALTER TABLE shops ADD COLUMN default_tax_rate_id uuid`);
    await queryRunner.query(`ALTER TABLE shops ADD CONSTRAINT fk_shops_default_tax_rate FOREIGN KEY (id, default_tax_rate_id) REFERENCES tax_rates (shop_id, id)`);
    await queryRunner.query(`ALTER TABLE shops ADD COLUMN legal_name text, ADD COLUMN tax_number text, ADD COLUMN address text, ADD COLUMN phone text`);
    await queryRunner.query(`ALTER TABLE sales ADD COLUMN taxes jsonb, ADD COLUMN prices_include_tax boolean, ADD COLUMN customer jsonb`);
    await queryRunner.query(`ALTER TABLE sale_lines ADD COLUMN tax jsonb`);
    await queryRunner.query(`ALTER TABLE sale_refunds ADD COLUMN taxes jsonb`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE sale_refunds DROP COLUMN taxes`);
    await queryRunner.query(`ALTER TABLE sale_lines DROP COLUMN tax`);
    await queryRunner.query(`ALTER TABLE sales DROP COLUMN customer, DROP COLUMN prices_include_tax, DROP COLUMN taxes`);
    await queryRunner.query(`ALTER TABLE shops DROP COLUMN phone, DROP COLUMN address, DROP COLUMN tax_number, DROP COLUMN legal_name, DROP COLUMN default_tax_rate_id, DROP COLUMN prices_include_tax`);
    await queryRunner.query(`ALTER TABLE products DROP CONSTRAINT fk_products_tax_rate, DROP COLUMN tax_rate_id`);
    await queryRunner.query(`DROP TABLE tax_rates`);
  }
}
