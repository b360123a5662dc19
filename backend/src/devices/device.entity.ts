import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';
import { bigintToNumber } from '../common/bigint.transformer';

/**
 * TERMINAL: an enrolled counter terminal. ADMIN_CONSOLE: one pseudo-device per shop that
 * the admin API's writes are made from (number 0, no usable token), so they travel the
 * same op pipeline as a terminal's.
 */
export const DEVICE_KINDS = ['TERMINAL', 'ADMIN_CONSOLE'] as const;
export type DeviceKind = (typeof DEVICE_KINDS)[number];

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
  @Column({ type: 'text', default: 'TERMINAL' }) kind: DeviceKind;
  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true }) revokedAt: Date | null;
  @Column({ name: 'revoked_by', type: 'uuid', nullable: true }) revokedBy: string | null;
  @Column({ name: 'last_seen_at', type: 'timestamptz', nullable: true }) lastSeenAt: Date | null;
  /** What the terminal last said about itself (POST /api/devices/report). */
  @Column({ name: 'reported_at', type: 'timestamptz', nullable: true }) reportedAt: Date | null;
  @Column({ name: 'reported_cursor', type: 'text', nullable: true }) reportedCursor: string | null;
  @Column({ name: 'reported_pending', type: 'integer', nullable: true }) reportedPending: number | null;
  @Column({ name: 'reported_rejected', type: 'integer', nullable: true }) reportedRejected: number | null;
  @Column({ name: 'reported_oldest_pending_ms', type: 'bigint', nullable: true, transformer: bigintToNumber })
  reportedOldestPendingMs: number | null;
  @Column({ name: 'app_version', type: 'text', nullable: true }) appVersion: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}

export function terminalCode(terminalNumber: number): string {
  return `T${String(terminalNumber).padStart(2, '0')}`;
}
