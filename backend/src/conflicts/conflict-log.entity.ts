import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export const CONFLICT_KINDS = ['OVERWRITTEN', 'REFUSED', 'CLOCK_CLAMPED'] as const;
/**
 * OVERWRITTEN: a newer write (by HLC) replaced another device's value; REFUSED: an older
 * write arrived after a newer one and lost; CLOCK_CLAMPED: an op's stamp was too far ahead
 * of the server's clock and was pulled back (the losing value is the stamp it came with).
 */
export type ConflictKind = (typeof CONFLICT_KINDS)[number];

/** One value that lost to another under last-write-wins (I6), kept for a manager to review. */
@Entity({ name: 'conflict_log' })
@Index('idx_conflict_log_shop', ['shopId', 'id'])
export class ConflictLogEntry {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id: string;
  @Column({ name: 'shop_id', type: 'uuid' }) shopId: string;
  @Column('text') kind: ConflictKind;
  @Column('text') entity: string;
  @Column({ name: 'entity_id', type: 'text' }) entityId: string;
  @Column('text') field: string;
  @Column({ name: 'losing_value', type: 'jsonb', nullable: true }) losingValue: unknown;
  @Column({ name: 'winning_value', type: 'jsonb', nullable: true }) winningValue: unknown;
  @Column({ name: 'losing_hlc', type: 'text' }) losingHlc: string;
  @Column({ name: 'winning_hlc', type: 'text' }) winningHlc: string;
  /** The node of each stamp: a device id, or a user id for the admin API's writes. */
  @Column({ name: 'losing_device', type: 'text', nullable: true }) losingDevice: string | null;
  @Column({ name: 'winning_device', type: 'text', nullable: true }) winningDevice: string | null;
  @Column({ name: 'op_id', type: 'uuid', nullable: true }) opId: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}
