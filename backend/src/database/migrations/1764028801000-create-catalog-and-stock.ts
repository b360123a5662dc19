import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Products (last-write-wins per field, I6) and the stock ledger (I4). */
export class CreateCatalogAndStock1764028801000 implements MigrationInterface {
  name = 'CreateCatalogAndStock1764028801000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE products (
        id uuid PRIMARY KEY,
        shop_id uuid NOT NULL REFERENCES shops(id),
        sku text NOT NULL,
        barcode text,
        name text NOT NULL,
        price bigint NOT NULL CHECK (price >= 0),
        cost bigint CHECK (cost IS NULL OR cost >= 0),
        category text,
        low_stock_threshold integer NOT NULL DEFAULT 0 CHECK (low_stock_threshold >= 0),
        archived boolean NOT NULL DEFAULT false,
        hlc text NOT NULL,
        field_hlc jsonb NOT NULL DEFAULT '{}'::jsonb,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE UNIQUE INDEX uq_products_shop_sku ON products (shop_id, sku)`);
    await queryRunner.query(`CREATE UNIQUE INDEX uq_products_shop_barcode ON products (shop_id, barcode) WHERE barcode IS NOT NULL`);
    await queryRunner.query(`
      CREATE TABLE stock_movements (
        id uuid PRIMARY KEY,
        shop_id uuid NOT NULL REFERENCES shops(id),
        product_id uuid NOT NULL REFERENCES products(id),
        type text NOT NULL CHECK (type IN ('OPENING', 'SALE', 'VOID', 'REFUND', 'ADJUSTMENT', 'RECEIPT', 'COUNT')),
        quantity integer NOT NULL,
        sale_id uuid,
        device_id uuid REFERENCES devices(id),
        user_id uuid REFERENCES users(id),
        note text,
        created_at timestamptz NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE INDEX idx_stock_movements_shop_product ON stock_movements (shop_id, product_id)`);
    await queryRunner.query(`CREATE INDEX idx_stock_movements_sale ON stock_movements (sale_id) WHERE sale_id IS NOT NULL`);
    await queryRunner.query(`
      CREATE TABLE stock_levels (
        shop_id uuid NOT NULL REFERENCES shops(id),
        product_id uuid NOT NULL REFERENCES products(id),
        quantity bigint NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (shop_id, product_id)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE stock_levels`);
    await queryRunner.query(`DROP TABLE stock_movements`);
    await queryRunner.query(`DROP TABLE products`);
  }
}
