import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The shop's retention window (I12): days of sales and expenses terminals keep and a fresh
 * terminal downloads. NULL: the default window (shared `DEFAULT_RETENTION_DAYS`).
 */
export class AddShopRetentionDays1764400000000 implements MigrationInterface {
  name = 'AddShopRetentionDays1764400000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE shops ADD COLUMN retention_days integer CHECK (retention_days BETWEEN 7 AND 3650)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE shops DROP COLUMN retention_days`);
  }
}
