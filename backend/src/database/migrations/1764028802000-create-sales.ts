import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Sales and their lines: written once, never edited (I5). */
export class CreateSales1764028802000 implements MigrationInterface {
  name = 'CreateSales1764028802000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE sales (
        id uuid PRIMARY KEY,
        shop_id uuid NOT NULL REFERENCES shops(id),
        device_id uuid NOT NULL REFERENCES devices(id),
        cashier_id uuid NOT NULL REFERENCES users(id),
        number text NOT NULL,
        currency text NOT NULL,
        subtotal bigint NOT NULL,
        discount bigint NOT NULL,
        total bigint NOT NULL,
        payments jsonb NOT NULL,
        status text NOT NULL CHECK (status IN ('COMPLETED', 'VOIDED')),
        created_at timestamptz NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now(),
        voided_at timestamptz,
        voided_by uuid REFERENCES users(id),
        void_reason text
      )`);
    await queryRunner.query(`CREATE INDEX idx_sales_shop_created ON sales (shop_id, created_at)`);
    await queryRunner.query(`
      CREATE TABLE sale_lines (
        id uuid PRIMARY KEY,
        shop_id uuid NOT NULL REFERENCES shops(id),
        sale_id uuid NOT NULL REFERENCES sales(id) ON DELETE RESTRICT,
        line_no integer NOT NULL,
        product_id uuid NOT NULL REFERENCES products(id),
        name text NOT NULL,
        quantity integer NOT NULL CHECK (quantity > 0),
        unit_price bigint NOT NULL,
        discount bigint NOT NULL,
        total bigint NOT NULL,
        movement_id uuid NOT NULL
      )`);
    await queryRunner.query(`CREATE INDEX idx_sale_lines_sale ON sale_lines (sale_id)`);
    await queryRunner.query(`
      ALTER TABLE stock_movements
        ADD CONSTRAINT fk_stock_movements_sale FOREIGN KEY (sale_id) REFERENCES sales(id)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE stock_movements DROP CONSTRAINT fk_stock_movements_sale`);
    await queryRunner.query(`DROP TABLE sale_lines`);
    await queryRunner.query(`DROP TABLE sales`);
  }
}
