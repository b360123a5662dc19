import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A manager's answer to each conflict (I6) and each rejected op (I7), kept beside the logs
 * the sync writes rather than in them: the logs stay append-only, the review is its own record.
 */
export class CreateReviewResolutions1764030001000 implements MigrationInterface {
  name = 'CreateReviewResolutions1764030001000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE conflict_resolutions (
        conflict_id bigint PRIMARY KEY REFERENCES conflict_log(id),
        shop_id uuid NOT NULL REFERENCES shops(id),
        resolution text NOT NULL CHECK (resolution IN ('KEEP', 'RESTORE')),
        note text,
        op_id uuid,
        resolved_by uuid NOT NULL REFERENCES users(id),
        resolved_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE INDEX idx_conflict_resolutions_shop ON conflict_resolutions (shop_id)`);
    await queryRunner.query(`
      CREATE TABLE rejected_op_resolutions (
        op_id uuid PRIMARY KEY REFERENCES rejected_ops(op_id),
        shop_id uuid NOT NULL REFERENCES shops(id),
        resolution text NOT NULL CHECK (resolution IN ('DISMISSED', 'FIXED')),
        note text NOT NULL,
        resolved_by uuid NOT NULL REFERENCES users(id),
        resolved_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE INDEX idx_rejected_op_resolutions_shop ON rejected_op_resolutions (shop_id)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE rejected_op_resolutions`);
    await queryRunner.query(`DROP TABLE conflict_resolutions`);
  }
}
