import type { ChangeEntity } from '@seri/shared';
import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * The change feed the pull reads. Rows are ordered by (txid, seq): txid is the writing
 * transaction's id (xid8), so a pull only hands out transactions older than every one
 * still running, and a late commit can never slip behind a cursor (I3).
 */
@Entity({ name: 'changes' })
@Index('idx_changes_shop_txid_seq', ['shopId', 'txid', 'seq'])
export class Change {
  @PrimaryGeneratedColumn({ type: 'bigint' }) seq: string;
  /**
   * xid8 in the database, defaulting to pg_current_xact_id(); TypeORM has no xid8 type,
   * so it is declared as bigint (same text form) and never written by TypeORM.
   */
  @Column({ type: 'bigint', insert: false, update: false }) txid: string;
  @Column({ name: 'shop_id', type: 'uuid' }) shopId: string;
  @Column('text') entity: ChangeEntity;
  @Column({ name: 'entity_id', type: 'text' }) entityId: string;
  @Column('text') op: 'upsert' | 'delete';
  @Column({ type: 'jsonb', nullable: true }) data: unknown;
}
