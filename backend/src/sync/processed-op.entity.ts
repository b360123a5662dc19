import type { OpResult } from '@seri/shared';
import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/**
 * Idempotency (I2): one row per op ever seen, written first in the op's transaction with
 * ON CONFLICT DO NOTHING. A replay finds it and gets the stored result.
 */
@Entity({ name: 'processed_ops' })
export class ProcessedOp {
  @PrimaryColumn({ name: 'op_id', type: 'uuid' }) opId: string;
  @Column({ name: 'shop_id', type: 'uuid' }) shopId: string;
  /** The pushing device: a terminal, or its shop's admin-console pseudo-device for the admin API. */
  @Column({ name: 'device_id', type: 'uuid', nullable: true }) deviceId: string | null;
  @Column({ name: 'user_id', type: 'uuid', nullable: true }) userId: string | null;
  @Column('text') entity: string;
  @Column('text') kind: string;
  /** sha256 of the op's canonical JSON: the same opId with another body is refused. */
  @Column({ name: 'body_hash', type: 'text' }) bodyHash: string;
  @Column('jsonb') result: OpResult;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}
