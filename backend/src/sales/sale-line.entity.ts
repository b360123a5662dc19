import type { SaleTaxLine } from '@seri/shared';
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { bigintToNumber } from '../common/bigint.transformer';
import type { SaleLineMeasure } from '@seri/shared';
import type { Sale } from './sale.entity';

/** Name and price copied at sale time: a later catalogue edit never rewrites a receipt. */
@Entity({ name: 'sale_lines' })
@Index('idx_sale_lines_sale', ['saleId'])
export class SaleLine {
  @PrimaryColumn('uuid') id: string;
  @Column({ name: 'shop_id', type: 'uuid' }) shopId: string;
  @Column({ name: 'sale_id', type: 'uuid' }) saleId: string;
  /** Position on the receipt. */
  @Column({ name: 'line_no', type: 'integer' }) lineNo: number;
  @Column({ name: 'product_id', type: 'uuid' }) productId: string;
  @Column('text') name: string;
  @Column('integer') quantity: number;
  @Column({ name: 'unit_price', type: 'bigint', transformer: bigintToNumber }) unitPrice: number;
  @Column({ type: 'bigint', transformer: bigintToNumber }) discount: number;
  @Column({ type: 'bigint', transformer: bigintToNumber }) total: number;
  @Column({ name: 'movement_id', type: 'uuid' }) movementId: string;
  /** The line's rate (copied at sale time) with the base and tax of what was paid; null: no rate, or a sale made before taxes. */
  @Column({ type: 'jsonb', nullable: true }) tax: SaleTaxLine | null;
  /** A weighed line's weight and price per kg (issue #15); null: sold by the unit. */
  @Column({ type: 'jsonb', nullable: true }) measure: SaleLineMeasure | null;
  @ManyToOne('Sale', (sale: Sale) => sale.lines, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'sale_id' })
  sale?: Sale;
}
