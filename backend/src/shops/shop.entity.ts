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
  // Taxes and legal identity (issue #11 part 2): printed on receipts and Z reports.
  @Column({ name: 'prices_include_tax', type: 'boolean', default: true }) pricesIncludeTax: boolean;
  /** One of the shop's own, non-archived rates when set. */
  @Column({ name: 'default_tax_rate_id', type: 'uuid', nullable: true }) defaultTaxRateId: string | null;
  @Column({ name: 'legal_name', type: 'text', nullable: true }) legalName: string | null;
  @Column({ name: 'tax_number', type: 'text', nullable: true }) taxNumber: string | null;
  @Column({ type: 'text', nullable: true }) address: string | null;
  @Column({ type: 'text', nullable: true }) phone: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}
