import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** Secrets every backend instance must share (the JWT signing key), made once on first start. */
@Entity({ name: 'auth_secrets' })
export class AuthSecret {
  @PrimaryColumn('text') name: string;
  @Column('text') value: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}
