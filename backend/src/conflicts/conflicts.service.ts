import { Injectable } from '@nestjs/common';
import { decodeHlc, isHlc } from '@seri/shared';
import { DataSource, type EntityManager } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { ConflictLogEntry, type ConflictKind } from './conflict-log.entity';

export interface NewConflict {
  shopId: string;
  kind: ConflictKind;
  entity: string;
  entityId: string;
  field: string;
  losingValue: unknown;
  winningValue: unknown;
  losingHlc: string;
  winningHlc: string;
  opId: string | null;
}

/** A conflict as the admin API lists it. */
export interface ConflictRecord {
  id: string;
  kind: ConflictKind;
  entity: string;
  entityId: string;
  field: string;
  losingValue: unknown;
  winningValue: unknown;
  losingHlc: string;
  winningHlc: string;
  losingDevice: string | null;
  winningDevice: string | null;
  opId: string | null;
  createdAt: string;
}

export interface ConflictListOptions {
  /** At most this many, newest first (default 100, at most 1000). */
  limit?: number;
  /** Only entries older than this id (the previous page's last id). */
  beforeId?: string;
  entity?: string;
  entityId?: string;
  kind?: ConflictKind;
}

export const MAX_CONFLICT_PAGE = 1000;

/**
 * The conflict log (I6): every value that lost under last-write-wins and every clamped
 * clock. Written in the transaction of the op that caused it, so it exists exactly when
 * the op's effect does. The admin API reads it through `list`.
 */
@Injectable()
export class ConflictsService {
  constructor(private readonly dataSource: DataSource) {}

  async record(manager: EntityManager, conflicts: readonly NewConflict[]): Promise<void> {
    if (conflicts.length === 0) return;
    await manager.insert(
      ConflictLogEntry,
      conflicts.map(
        (conflict): QueryDeepPartialEntity<ConflictLogEntry> => ({
          ...conflict,
          // Values go to jsonb: null stays a JSON null rather than SQL NULL, so "set to nothing" reads back.
          losingValue: conflict.losingValue === undefined ? null : conflict.losingValue,
          winningValue: conflict.winningValue === undefined ? null : conflict.winningValue,
          losingDevice: nodeOf(conflict.losingHlc),
          winningDevice: nodeOf(conflict.winningHlc),
        }) as QueryDeepPartialEntity<ConflictLogEntry>,
      ),
    );
  }

  /** The shop's conflicts, newest first, scoped by shop (I9). */
  async list(shopId: string, options: ConflictListOptions = {}): Promise<ConflictRecord[]> {
    const limit = Math.min(Math.max(1, Math.floor(options.limit ?? 100)), MAX_CONFLICT_PAGE);
    const query = this.dataSource.manager
      .createQueryBuilder(ConflictLogEntry, 'c')
      .where('c.shopId = :shopId', { shopId })
      .orderBy('c.id', 'DESC')
      .take(limit);
    if (options.beforeId !== undefined && /^\d{1,19}$/.test(options.beforeId)) query.andWhere('c.id < :beforeId', { beforeId: options.beforeId });
    if (options.entity !== undefined) query.andWhere('c.entity = :entity', { entity: options.entity });
    if (options.entityId !== undefined) query.andWhere('c.entityId = :entityId', { entityId: options.entityId });
    if (options.kind !== undefined) query.andWhere('c.kind = :kind', { kind: options.kind });
    const rows = await query.getMany();
    return rows.map((row) => ({
      id: String(row.id),
      kind: row.kind,
      entity: row.entity,
      entityId: row.entityId,
      field: row.field,
      losingValue: row.losingValue,
      winningValue: row.winningValue,
      losingHlc: row.losingHlc,
      winningHlc: row.winningHlc,
      losingDevice: row.losingDevice,
      winningDevice: row.winningDevice,
      opId: row.opId,
      createdAt: row.createdAt.toISOString(),
    }));
  }
}

function nodeOf(stamp: string): string | null {
  return isHlc(stamp) ? decodeHlc(stamp).node : null;
}
