import type { PaymentMethod, SaleRefundRecord, SaleTaxLine } from '@seri/shared';
import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';
import { bigintToNumber } from '../common/bigint.transformer';

/** A refund of part or all of a sale: a new record, the sale itself is never edited (I5). */
@Entity({ name: 'sale_refunds' })
@Index('idx_sale_refunds_sale', ['saleId'])
export class SaleRefund {
  @PrimaryColumn('uuid') id: string;
  @Column({ name: 'shop_id', type: 'uuid' }) shopId: string;
  @Column({ name: 'sale_id', type: 'uuid' }) saleId: string;
  @Column({ name: 'device_id', type: 'uuid', nullable: true }) deviceId: string | null;
  @Column({ name: 'user_id', type: 'uuid' }) userId: string;
  @Column({ name: 'approved_by', type: 'uuid' }) approvedBy: string;
  @Column('text') reason: string;
  @Column('text') method: PaymentMethod;
  @Column({ type: 'bigint', transformer: bigintToNumber }) total: number;
  @Column('jsonb') lines: SaleRefundRecord['lines'];
  /** When it happened at the till. */
  @Column({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @CreateDateColumn({ name: 'recorded_at', type: 'timestamptz' }) recordedAt: Date;
  /** The cash session the money went out in (issue #11, helper cash). */
  @Column({ name: 'session_id', type: 'uuid', nullable: true }) sessionId: string | null;
  /** Taxes given back per rate (`refundTaxes`); null on a refund made before taxes. */
  @Column({ type: 'jsonb', nullable: true }) taxes: SaleTaxLine[] | null;
}
