import type { CashMovementType } from '@seri/shared';
import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';
import { bigintToNumber } from '../common/bigint.transformer';

/** A paid-in or paid-out of a session: a new row per op, never edited. */
@Entity({ name: 'cash_movements' })
@Index('idx_cash_movements_session', ['sessionId'])
export class CashMovement {
  @PrimaryColumn('uuid') id: string;
  @Column({ name: 'shop_id', type: 'uuid' }) shopId: string;
  @Column({ name: 'session_id', type: 'uuid' }) sessionId: string;
  @Column('text') type: CashMovementType;
  @Column({ type: 'bigint', transformer: bigintToNumber }) amount: number;
  @Column('text') reason: string;
  @Column({ name: 'user_id', type: 'uuid' }) userId: string;
  @Column({ name: 'approved_by', type: 'uuid', nullable: true }) approvedBy: string | null;
  @Column({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @CreateDateColumn({ name: 'recorded_at', type: 'timestamptz' }) recordedAt: Date;
}
