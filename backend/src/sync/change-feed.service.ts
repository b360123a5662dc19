import { Injectable } from '@nestjs/common';
import type { Change } from '@seri/shared';
import type { EntityManager } from 'typeorm';
import { selectRows } from '../common/sql';
import type { FeedPosition } from './cursor';

export interface FeedRow {
  txid: string;
  seq: string;
  entity: Change['entity'];
  entity_id: string;
  op: Change['op'];
  data: unknown;
}

// Aliased to text for JS (xid8 and bigint); ORDER BY must name the table's columns, not these aliases.
const FEED_COLUMNS = 'txid::text AS txid, seq::text AS seq, entity, entity_id, op, data';
/** The LISTEN/NOTIFY channel that says "this shop's feed grew" (payload: `shopId` or `shopId:originDeviceId`). */
export const CHANGES_CHANNEL = 'seri_changes';

/** Transactions below this are finished: nothing can still commit under a cursor taken here (I3). */
const HORIZON = 'pg_snapshot_xmin(pg_current_snapshot())';

/**
 * A row is left out when a later row of the same record is already below the horizon: the
 * pull hands that one out further on, so a terminal (above all a fresh one bootstrapping)
 * gets each record's current state once instead of its whole history. Deletes are rows
 * like the others, so a tombstone supersedes the upserts before it (I3).
 */
const NOT_SUPERSEDED = `NOT EXISTS (SELECT 1 FROM changes later
   WHERE later.shop_id = changes.shop_id AND later.entity = changes.entity AND later.entity_id = changes.entity_id
     AND (later.txid, later.seq) > (changes.txid, changes.seq) AND later.txid < ${HORIZON})`;

/**
 * Windowed records (I12): a sale (with the movements it carries), a stock movement or an
 * expense dated before the shop's retention window is history, not state. The pull leaves
 * it out, so a fresh terminal downloads the catalogue, the levels and the window, not the
 * shop's age; the compaction job deletes such rows once no active device's cursor is behind
 * them. Tombstones always travel (I3). `$cut` is the window's first day (YYYY-MM-DD): ISO
 * dates and timestamps compare as text.
 */
export const WINDOWED_ENTITIES = ['sale', 'stock_movement', 'expense'] as const;
export function outsideWindow(table: string, cut: string): string {
  return `(${table}.op = 'upsert' AND ${table}.entity IN (${WINDOWED_ENTITIES.map((entity) => `'${entity}'`).join(', ')})
     AND coalesce(${table}.data->>'createdAt', ${table}.data->>'date') < ${cut})`;
}

/**
 * What part of the feed a pull walks. A fresh terminal bootstraps in two passes (I12, part 5:
 * selling within a minute of enrollment): first the shop's state (shop, users, catalogue,
 * stock levels) up to a cursor C, then the window's history (sales, movements, expenses) up
 * to the same C, then the whole feed after C. Each part is the same commit-safe walk (I3);
 * together they cover every row exactly once.
 */
export type FeedScope = { kind: 'all' } | { kind: 'state' } | { kind: 'history'; until: FeedPosition };

const WINDOWED_LIST = WINDOWED_ENTITIES.map((entity) => `'${entity}'`).join(', ');

/** The scope's condition on `changes`, its parameters numbered from `first`. */
function scopeFilter(scope: FeedScope, first: number): { sql: string; params: unknown[] } {
  switch (scope.kind) {
    case 'all':
      return { sql: '', params: [] };
    case 'state':
      return { sql: ` AND changes.entity NOT IN (${WINDOWED_LIST})`, params: [] };
    case 'history':
      return {
        sql: ` AND changes.entity IN (${WINDOWED_LIST}) AND (changes.txid, changes.seq) <= ($${first}::xid8, $${first + 1}::bigint)`,
        params: [scope.until.txid, scope.until.seq],
      };
  }
}

/**
 * The shop's change feed. Rows are appended in the transaction that made the change,
 * stamped with that transaction's xid8; reads only hand out transactions older than the
 * oldest one still running, ordered by (txid, seq).
 */
@Injectable()
export class ChangeFeedService {
  /**
   * `originDeviceId`: the device whose push made the changes; it pulls right after its push
   * anyway, so its own poke is skipped.
   */
  async append(manager: EntityManager, shopId: string, changes: readonly Change[], originDeviceId: string | null = null): Promise<void> {
    if (changes.length === 0) return;
    // One JSON document for the whole batch: PostgreSQL parses it in C, where an array
    // parameter per column would be escaped element by element by the driver. The notify
    // rides in the same statement: delivered when (and only if) this transaction commits, to
    // every backend instance listening, which pokes the shop's terminals; PostgreSQL folds
    // repeats within one transaction.
    await manager.query(
      `WITH appended AS (
         INSERT INTO changes (shop_id, entity, entity_id, op, data)
         SELECT $1, c.entity, c.entity_id, c.op, c.data
         FROM ROWS FROM (jsonb_to_recordset($2::jsonb) AS ("entityId" text, entity text, op text, data jsonb)) WITH ORDINALITY AS c(entity_id, entity, op, data, n)
         ORDER BY c.n
       )
       SELECT pg_notify($3, $4)`,
      [
        shopId,
        JSON.stringify(changes.map((change) => ({ entity: change.entity, entityId: change.entityId, op: change.op, data: change.op === 'upsert' ? change.data : null }))),
        CHANGES_CHANNEL,
        originDeviceId ? `${shopId}:${originDeviceId}` : shopId,
      ],
    );
  }

  /**
   * Up to `limit` rows after `after`, plus the rest of the last row's transaction so one
   * transaction (a sale, its movements, its stock levels) never straddles two pages.
   * Call inside a REPEATABLE READ transaction: every read then shares one snapshot and horizon.
   * `cutoffDay`: the shop's window's first day (YYYY-MM-DD); '' leaves nothing out.
   */
  async page(
    manager: EntityManager,
    shopId: string,
    after: FeedPosition,
    limit: number,
    cutoffDay = '',
    scope: FeedScope = { kind: 'all' },
  ): Promise<{ rows: FeedRow[]; hasMore: boolean }> {
    // Walk the feed in index order, (shop_id, txid, seq), checking rows as they come until
    // the page is full. Where the table's statistics lag behind its size (right after a big
    // import, before autovacuum analyzes it) the planner would rather fetch and check EVERY
    // row after the cursor, then sort them to keep the first page: seconds per page on a
    // shop's history. Sorting is switched off for these reads only (transaction-local).
    const [setting] = await selectRows<{ previous: string }>(manager, `SELECT current_setting('enable_sort') AS previous, set_config('enable_sort', 'off', true)`);
    try {
      return await this.pageInIndexOrder(manager, shopId, after, limit, cutoffDay, scope);
    } finally {
      await manager.query(`SELECT set_config('enable_sort', $1, true)`, [setting?.previous ?? 'on']);
    }
  }

  private async pageInIndexOrder(
    manager: EntityManager,
    shopId: string,
    after: FeedPosition,
    limit: number,
    cutoffDay: string,
    scope: FeedScope,
  ): Promise<{ rows: FeedRow[]; hasMore: boolean }> {
    const firstScope = scopeFilter(scope, 6);
    const first = await selectRows<FeedRow>(
      manager,
      `SELECT ${FEED_COLUMNS} FROM changes
        WHERE shop_id = $1 AND (txid, seq) > ($2::xid8, $3::bigint) AND txid < ${HORIZON} AND ${NOT_SUPERSEDED}
          AND NOT ${outsideWindow('changes', '$5')}${firstScope.sql}
        ORDER BY changes.txid, changes.seq LIMIT $4`,
      [shopId, after.txid, after.seq, limit + 1, cutoffDay, ...firstScope.params],
    );
    if (first.length <= limit) return { rows: first, hasMore: false };
    const rows = first.slice(0, limit);
    const last = rows[rows.length - 1]!;
    const restScope = scopeFilter(scope, 5);
    const rest = await selectRows<FeedRow>(
      manager,
      `SELECT ${FEED_COLUMNS} FROM changes WHERE shop_id = $1 AND txid = $2::xid8 AND seq > $3::bigint AND ${NOT_SUPERSEDED}
         AND NOT ${outsideWindow('changes', '$4')}${restScope.sql} ORDER BY changes.seq`,
      [shopId, last.txid, last.seq, cutoffDay, ...restScope.params],
    );
    rows.push(...rest);
    const end = rows[rows.length - 1]!;
    const moreScope = scopeFilter(scope, 4);
    const more = await selectRows(
      manager,
      `SELECT 1 FROM changes WHERE shop_id = $1 AND (txid, seq) > ($2::xid8, $3::bigint) AND txid < ${HORIZON}${moreScope.sql} LIMIT 1`,
      [shopId, end.txid, end.seq, ...moreScope.params],
    );
    return { rows, hasMore: more.length > 0 };
  }

  /**
   * Feed rows after `after` that a pull could hand out now, superseded ones included: an
   * upper bound of what is left, cheap enough (one index range count) for a progress bar.
   */
  async remaining(manager: EntityManager, shopId: string, after: FeedPosition): Promise<number> {
    const [row] = await selectRows<{ n: string }>(
      manager,
      `SELECT count(*)::text AS n FROM changes WHERE shop_id = $1 AND (txid, seq) > ($2::xid8, $3::bigint) AND txid < ${HORIZON}`,
      [shopId, after.txid, after.seq],
    );
    return Number(row?.n ?? 0);
  }
}
