import type { ProductPricing } from '@seri/shared';
import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { bigintToNumber } from '../common/bigint.transformer';

/** Per-field HLC of the last accepted write (I6): a field moves only for a newer stamp. */
export type FieldHlc = Record<string, string>;

@Entity({ name: 'products' })
@Index('uq_products_shop_sku', ['shopId', 'sku'], { unique: true })
@Index('uq_products_shop_barcode', ['shopId', 'barcode'], { unique: true, where: 'barcode IS NOT NULL' })
export class Product {
  @PrimaryColumn('uuid') id: string;
  @Column({ name: 'shop_id', type: 'uuid' }) shopId: string;
  @Column('text') sku: string;
  @Column({ type: 'text', nullable: true }) barcode: string | null;
  @Column('text') name: string;
  @Column({ type: 'bigint', transformer: bigintToNumber }) price: number;
  @Column({ type: 'bigint', nullable: true, transformer: bigintToNumber }) cost: number | null;
  @Column({ type: 'text', nullable: true }) category: string | null;
  @Column({ name: 'low_stock_threshold', type: 'integer', default: 0 }) lowStockThreshold: number;
  @Column({ type: 'boolean', default: false }) archived: boolean;
  /** The product's tax rate, one of its shop's (null: the shop's default rate). */
  @Column({ name: 'tax_rate_id', type: 'uuid', nullable: true }) taxRateId: string | null;
  /** By the unit, open price or by weight (issue #15). */
  @Column({ type: 'text', default: 'UNIT' }) pricing: ProductPricing;
  /** Highest HLC of any accepted write to the row. */
  @Column('text') hlc: string;
  @Column({ name: 'field_hlc', type: 'jsonb', default: () => "'{}'::jsonb" }) fieldHlc: FieldHlc;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}
