import type { PaymentRecord, SaleCustomer, SaleStatus, SaleTaxLine } from '@seri/shared';
import { Column, CreateDateColumn, Entity, Index, OneToMany, PrimaryColumn } from 'typeorm';
import { bigintToNumber } from '../common/bigint.transformer';
import { SaleLine } from './sale-line.entity';

/**
 * A completed sale, as the terminal recorded it. Immutable (I5): a void only marks it and
 * adds compensating stock movements; lines and amounts are never edited.
 */
@Entity({ name: 'sales' })
@Index('idx_sales_shop_created', ['shopId', 'createdAt'])
export class Sale {
  @PrimaryColumn('uuid') id: string;
  @Column({ name: 'shop_id', type: 'uuid' }) shopId: string;
  @Column({ name: 'device_id', type: 'uuid' }) deviceId: string;
  @Column({ name: 'cashier_id', type: 'uuid' }) cashierId: string;
  /** Receipt number, per terminal: T01-000123. */
  @Column('text') number: string;
  @Column('text') currency: string;
  @Column({ type: 'bigint', transformer: bigintToNumber }) subtotal: number;
  @Column({ type: 'bigint', transformer: bigintToNumber }) discount: number;
  @Column({ type: 'bigint', transformer: bigintToNumber }) total: number;
  @Column('jsonb') payments: PaymentRecord[];
  @Column('text') status: SaleStatus;
  @Column({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @CreateDateColumn({ name: 'recorded_at', type: 'timestamptz' }) recordedAt: Date;
  @Column({ name: 'voided_at', type: 'timestamptz', nullable: true }) voidedAt: Date | null;
  @Column({ name: 'voided_by', type: 'uuid', nullable: true }) voidedBy: string | null;
  @Column({ name: 'void_reason', type: 'text', nullable: true }) voidReason: string | null;
  /** Cash session (issue #11, helper cash); no foreign key: a sale may name its session before the open. */
  @Column({ name: 'session_id', type: 'uuid', nullable: true }) sessionId: string | null;
  // Taxes (issue #11 part 2): null on a sale made before taxes (it counts no tax).
  /** Per rate, in the order the rates first appear in the lines; [] when no line had a rate. */
  @Column({ type: 'jsonb', nullable: true }) taxes: SaleTaxLine[] | null;
  /** Were the prices tax-inclusive at the till? Null on a sale made before taxes. */
  @Column({ name: 'prices_include_tax', type: 'boolean', nullable: true }) pricesIncludeTax: boolean | null;
  /** The customer, when the cashier took it down (issue #15). */
  @Column({ type: 'jsonb', nullable: true }) customer: SaleCustomer | null;
  /** The `sale/create` op that wrote it: its opId claim lives here (I2; see migration 1764900000000). */
  @Column({ name: 'op_id', type: 'uuid', nullable: true }) opId: string | null;
  /** sha256 of that op's canonical JSON: a replay must match it (I2). */
  @Column({ name: 'op_body_hash', type: 'text', nullable: true }) opBodyHash: string | null;
  @OneToMany(() => SaleLine, (line) => line.sale) lines?: SaleLine[];
}
