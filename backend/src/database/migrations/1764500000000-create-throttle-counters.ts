import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Login and enrollment attempt counters, shared by every backend instance behind the load
 * balancer (in each instance's memory, two instances doubled the allowed attempts). One row
 * per tracker and throttler: a fixed window and, once over the limit, a block.
 */
export class CreateThrottleCounters1764500000000 implements MigrationInterface {
  name = 'CreateThrottleCounters1764500000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE throttle_counters (
        key text NOT NULL,
        throttler text NOT NULL,
        hits integer NOT NULL CHECK (hits >= 0),
        window_ends_at timestamptz NOT NULL,
        blocked_until timestamptz,
        PRIMARY KEY (key, throttler)
      )`);
    // The pruning job deletes expired counters by window end.
    await queryRunner.query(`CREATE INDEX idx_throttle_counters_window_ends_at ON throttle_counters (window_ends_at)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE throttle_counters`);
  }
}
