import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

export const CONFLICT_RESOLUTIONS = ['KEEP', 'RESTORE'] as const;
export type ConflictResolution = (typeof CONFLICT_RESOLUTIONS)[number];

/** A manager's answer to one conflict-log entry: keep the winner, or restore the loser by a new op. */
@Entity({ name: 'conflict_resolutions' })
@Index('idx_conflict_resolutions_shop', ['shopId'])
export class ConflictResolutionEntry {
  @PrimaryColumn({ name: 'conflict_id', type: 'bigint' }) conflictId: string;
  @Column({ name: 'shop_id', type: 'uuid' }) shopId: string;
  @Column('text') resolution: ConflictResolution;
  @Column({ type: 'text', nullable: true }) note: string | null;
  /** The op that restored the losing value (RESTORE). */
  @Column({ name: 'op_id', type: 'uuid', nullable: true }) opId: string | null;
  @Column({ name: 'resolved_by', type: 'uuid' }) resolvedBy: string;
  @Column({ name: 'resolved_at', type: 'timestamptz', default: () => 'now()' }) resolvedAt: Date;
}

