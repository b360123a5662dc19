import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

export const REJECTED_OP_RESOLUTIONS = ['DISMISSED', 'FIXED'] as const;
export type RejectedOpResolution = (typeof REJECTED_OP_RESOLUTIONS)[number];

/** A manager's answer to a rejected op: dismissed (nothing to do) or fixed (redone by other means). */
@Entity({ name: 'rejected_op_resolutions' })
@Index('idx_rejected_op_resolutions_shop', ['shopId'])
export class RejectedOpResolutionEntry {
  @PrimaryColumn({ name: 'op_id', type: 'uuid' }) opId: string;
  @Column({ name: 'shop_id', type: 'uuid' }) shopId: string;
  @Column('text') resolution: RejectedOpResolution;
  @Column('text') note: string;
  @Column({ name: 'resolved_by', type: 'uuid' }) resolvedBy: string;
  @Column({ name: 'resolved_at', type: 'timestamptz', default: () => 'now()' }) resolvedAt: Date;
}
