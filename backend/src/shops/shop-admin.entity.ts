import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

/** An ADMIN's grant to manage a shop other than their own (I9: an ADMIN manages several shops). */
@Entity({ name: 'shop_admins' })
@Index('idx_shop_admins_user', ['userId'])
export class ShopAdmin {
  @PrimaryColumn({ name: 'shop_id', type: 'uuid' }) shopId: string;
  @PrimaryColumn({ name: 'user_id', type: 'uuid' }) userId: string;
  @Column({ name: 'granted_by', type: 'uuid', nullable: true }) grantedBy: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}
