import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

/** One manager action (or security event) in the audit log. Append-only. */
@Entity({ name: 'audit_log' })
@Index('idx_audit_log_shop_created', ['shopId', 'createdAt', 'id'])
export class AuditEntry {
  @PrimaryColumn('uuid') id: string;
  @Column({ name: 'shop_id', type: 'uuid', nullable: true }) shopId: string | null;
  @Column({ name: 'user_id', type: 'uuid', nullable: true }) userId: string | null;
  /** What happened, e.g. `product.create`, `user.pin.reset`, `auth.refresh.reuse`. */
  @Column('text') action: string;
  @Column({ type: 'text', nullable: true }) method: string | null;
  @Column({ type: 'text', nullable: true }) path: string | null;
  @Column({ name: 'target_id', type: 'text', nullable: true }) targetId: string | null;
  @Column({ name: 'status_code', type: 'integer', nullable: true }) statusCode: number | null;
  /** The request body with secrets redacted, or the event's particulars. */
  @Column({ type: 'jsonb', default: () => "'{}'::jsonb" }) details: Record<string, unknown>;
  @Column({ type: 'text', nullable: true }) ip: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}
