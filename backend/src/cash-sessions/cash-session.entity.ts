import type { CashSessionStatus, DenominationCount, ZReport } from '@seri/shared';
import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';
import { bigintToNumber } from '../common/bigint.transformer';

/**
 * One terminal's cash session (I11). Written by `cash_session/open`, closed once by
 * `cash_session/close`, never edited after: the Z report is kept as the terminal printed it.
 */
@Entity({ name: 'cash_sessions' })
@Index('idx_cash_sessions_shop_opened', ['shopId', 'openedAt'])
export class CashSession {
  @PrimaryColumn('uuid') id: string;
  @Column({ name: 'shop_id', type: 'uuid' }) shopId: string;
  @Column({ name: 'device_id', type: 'uuid' }) deviceId: string;
  @Column('text') status: CashSessionStatus;
  @Column({ name: 'opened_by', type: 'uuid' }) openedBy: string;
  @Column({ name: 'opened_at', type: 'timestamptz' }) openedAt: Date;
  @Column({ name: 'opening_float', type: 'bigint', transformer: bigintToNumber }) openingFloat: number;
  @Column({ name: 'opening_count', type: 'jsonb', nullable: true }) openingCount: DenominationCount | null;
  @Column({ name: 'closed_by', type: 'uuid', nullable: true }) closedBy: string | null;
  @Column({ name: 'closed_at', type: 'timestamptz', nullable: true }) closedAt: Date | null;
  @Column({ type: 'bigint', nullable: true, transformer: bigintToNumber }) counted: number | null;
  @Column({ name: 'closing_count', type: 'jsonb', nullable: true }) closingCount: DenominationCount | null;
  @Column({ name: 'z_number', type: 'text', nullable: true }) zNumber: string | null;
  @Column({ type: 'jsonb', nullable: true }) z: ZReport | null;
  @CreateDateColumn({ name: 'recorded_at', type: 'timestamptz' }) recordedAt: Date;
}
