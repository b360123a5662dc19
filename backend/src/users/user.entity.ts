import type { Role } from '@seri/shared';
import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** A person of one shop: cashiers log in at a terminal with a PIN, managers also approve voids. */
@Entity({ name: 'users' })
@Index('idx_users_shop', ['shopId'])
export class User {
  @PrimaryColumn('uuid') id: string;
  @Column({ name: 'shop_id', type: 'uuid' }) shopId: string;
  @Column('text') name: string;
  @Column('text') role: Role;
  /** bcrypt of the PIN; terminals get it (main process only) for offline login. */
  @Column({ name: 'pin_hash', type: 'text', nullable: true }) pinHash: string | null;
  /** Login name for the admin API, lower-case, unique across shops; null for PIN-only cashiers. */
  @Column({ type: 'text', nullable: true }) email: string | null;
  /** bcrypt of the admin-API password; null means this user cannot log in to the admin API. */
  @Column({ name: 'password_hash', type: 'text', nullable: true }) passwordHash: string | null;
  @Column({ type: 'boolean', default: true }) active: boolean;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}
