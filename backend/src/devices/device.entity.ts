import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

/** An enrolled counter terminal. Its bearer token is stored only as a sha256 hash. */
@Entity({ name: 'devices' })
@Index('uq_devices_shop_terminal', ['shopId', 'terminalNumber'], { unique: true })
export class Device {
  @PrimaryColumn('uuid') id: string;
  @Column({ name: 'shop_id', type: 'uuid' }) shopId: string;
  @Column('text') name: string;
  /** 1, 2, 3… per shop; shown as T01, T02 and used in receipt numbers (T01-000123). */
  @Column({ name: 'terminal_number', type: 'integer' }) terminalNumber: number;
  @Index('uq_devices_token_hash', { unique: true })
  @Column({ name: 'token_hash', type: 'text' })
  tokenHash: string;
  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true }) revokedAt: Date | null;
  @Column({ name: 'last_seen_at', type: 'timestamptz', nullable: true }) lastSeenAt: Date | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}

export function terminalCode(terminalNumber: number): string {
  return `T${String(terminalNumber).padStart(2, '0')}`;
}
