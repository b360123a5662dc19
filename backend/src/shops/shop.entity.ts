import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { bigintToNumber } from '../common/bigint.transformer';

/** The tenant: every other row carries a shop_id (I9). */
@Entity({ name: 'shops' })
export class Shop {
  @PrimaryColumn('uuid') id: string;
  @Column('text') name: string;
  /** ISO 4217; amounts of this shop are integer minor units of it. */
  @Column('text') currency: string;
  @Column('text') locale: string;
  /** Retention window in days (I12); null: the default. */
  @Column({ name: 'retention_days', type: 'integer', nullable: true }) retentionDays: number | null;
  // Cash sessions (issue #11 part 3, helper cash).
  @Column({ name: 'allow_sales_without_session', type: 'boolean', default: true }) allowSalesWithoutSession: boolean;
  @Column({ name: 'cash_movement_approval_threshold', type: 'bigint', default: 10000, transformer: bigintToNumber }) cashMovementApprovalThreshold: number;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}
