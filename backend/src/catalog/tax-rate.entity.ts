import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type { FieldHlc } from './product.entity';

/** A shop's tax rate ("TVA 18 %" = 1800 bp). Edited by ops, last write wins per field (I6); archived, never deleted. */
@Entity({ name: 'tax_rates' })
@Index('idx_tax_rates_shop', ['shopId'])
export class TaxRate {
  @PrimaryColumn('uuid') id: string;
  @Column({ name: 'shop_id', type: 'uuid' }) shopId: string;
  @Column('text') name: string;
  @Column({ name: 'rate_bp', type: 'integer' }) rateBp: number;
  @Column({ type: 'boolean', default: false }) archived: boolean;
  /** Highest HLC of any accepted write to the row. */
  @Column('text') hlc: string;
  @Column({ name: 'field_hlc', type: 'jsonb', default: () => "'{}'::jsonb" }) fieldHlc: FieldHlc;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}
