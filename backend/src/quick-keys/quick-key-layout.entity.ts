import type { QuickKeyPage } from '@seri/shared';
import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type { FieldHlc } from '../catalog/product.entity';

/** The shop's quick-key layout (issue #15): one row per shop, its pages written whole. */
@Entity({ name: 'quick_key_layouts' })
export class QuickKeyLayout {
  @PrimaryColumn({ name: 'shop_id', type: 'uuid' }) shopId: string;
  @Column({ type: 'jsonb' }) pages: QuickKeyPage[];
  @Column('text') hlc: string;
  @Column({ name: 'field_hlc', type: 'jsonb', default: () => "'{}'::jsonb" }) fieldHlc: FieldHlc;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}
