import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type { FieldHlc } from '../catalog/product.entity';
import { bigintToNumber } from '../common/bigint.transformer';

/** Money out of the till (transport, electricity…). Deleting keeps a tombstone for the pull (I3). */
@Entity({ name: 'expenses' })
@Index('idx_expenses_shop_date', ['shopId', 'date'])
export class Expense {
  @PrimaryColumn('uuid') id: string;
  @Column({ name: 'shop_id', type: 'uuid' }) shopId: string;
  @Column('text') category: string;
  @Column({ type: 'bigint', transformer: bigintToNumber }) amount: number;
  @Column({ type: 'text', nullable: true }) note: string | null;
  /** As the terminal sent it (ISO 8601 date or date-time), returned unchanged so devices converge. */
  @Column('text') date: string;
  @Column({ type: 'boolean', default: false }) deleted: boolean;
  @Column('text') hlc: string;
  @Column({ name: 'field_hlc', type: 'jsonb', default: () => "'{}'::jsonb" }) fieldHlc: FieldHlc;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}
