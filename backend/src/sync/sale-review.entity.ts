import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { bigintToNumber } from '../common/bigint.transformer';

export type SaleReviewStatus = 'OPEN' | 'RESOLVED';

/**
 * A sale (or a void or refund of one) the server refused: money changed hands at the
 * counter, so it waits here for a manager instead of being dropped (I1, I7).
 */
@Entity({ name: 'sale_reviews' })
@Index('idx_sale_reviews_shop_open', ['shopId', 'createdAt'])
export class SaleReview {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id: string;
  @Column({ name: 'op_id', type: 'uuid' }) opId: string;
  @Column({ name: 'shop_id', type: 'uuid' }) shopId: string;
  @Column({ name: 'sale_id', type: 'uuid' }) saleId: string;
  @Column({ name: 'device_id', type: 'uuid', nullable: true }) deviceId: string | null;
  @Column('text') kind: string;
  @Column('text') code: string;
  @Column('text') reason: string;
  @Column({ type: 'bigint', nullable: true, transformer: bigintToNumber }) total: number | null;
  @Column('jsonb') payload: unknown;
  @Column('text') status: SaleReviewStatus;
  @Column({ name: 'resolved_at', type: 'timestamptz', nullable: true }) resolvedAt: Date | null;
  @Column({ name: 'resolved_by', type: 'uuid', nullable: true }) resolvedBy: string | null;
  @Column({ name: 'resolution_note', type: 'text', nullable: true }) resolutionNote: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}
