import type { AnyOp } from '@seri/shared';
import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * An op the server refused for good (validation, permission, business rule), kept whole
 * for the admin API (I7): the terminal shows it REJECTED, nothing about it is discarded.
 */
@Entity({ name: 'rejected_ops' })
@Index('idx_rejected_ops_shop', ['shopId', 'createdAt'])
export class RejectedOp {
  @PrimaryColumn({ name: 'op_id', type: 'uuid' }) opId: string;
  @Column({ name: 'shop_id', type: 'uuid' }) shopId: string;
  @Column({ name: 'device_id', type: 'uuid', nullable: true }) deviceId: string | null;
  @Column({ name: 'user_id', type: 'uuid', nullable: true }) userId: string | null;
  @Column('text') entity: string;
  @Column('text') kind: string;
  @Column({ name: 'entity_id', type: 'text' }) entityId: string;
  @Column('text') code: string;
  @Column('text') reason: string;
  @Column('jsonb') op: AnyOp;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}
