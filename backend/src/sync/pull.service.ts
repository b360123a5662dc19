import { BadRequestException, Injectable } from '@nestjs/common';
import { PROTOCOL_VERSION, retentionCutoffDay, type PullScope, retentionDaysOf, saleMovements, type Change, type PullResponse } from '@seri/shared';
import { selectRows } from '../common/sql';
import { DataSource } from 'typeorm';
import type { AuthenticatedDevice } from '../devices/authenticated-device';
import { UsersService } from '../users/users.service';
import { ChangeFeedService, type FeedRow, type FeedScope } from './change-feed.service';
import { formatCursor, parseCursor } from './cursor';

/** `GET /api/sync/pull`: the device's shop's changes after its cursor, commit-safe (I3). */
@Injectable()
export class PullService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly feed: ChangeFeedService,
    private readonly users: UsersService,
  ) {}

  async pull(device: AuthenticatedDevice, cursorText: string, limit: number, scopeName: PullScope = 'all', untilText?: string): Promise<PullResponse> {
    const after = parseCursor(cursorText);
    if (!after) throw new BadRequestException('cursor must be "0" or the cursor of the previous pull');
    const scope = feedScope(scopeName, untilText);
    // One snapshot for the page, its horizon and the credentials.
    //
    // Bootstrap (I12) is this same walk from cursor 0: it IS the snapshot of the shop's
    // current state. Each page reads one REPEATABLE READ snapshot and hands out only rows of
    // transactions below that snapshot's xmin (every one of them finished), so a transaction
    // still running, or committing out of order, while a fresh terminal downloads lands above
    // the returned cursor and comes in a later page: nothing skipped (I3). A row is handed out
    // once, at its (txid, seq) position, so nothing is doubled. Superseded rows are left out
    // (each record arrives once, in its current state: stock as levels, never as the movement
    // history, I4) and so are windowed records older than the shop's window.
    return this.dataSource.transaction('REPEATABLE READ', async (manager) => {
      const [shop] = await selectRows<{ retention_days: number | null }>(manager, 'SELECT retention_days FROM shops WHERE id = $1', [device.shopId]);
      const cutoffDay = retentionCutoffDay(Date.now(), retentionDaysOf({ retentionDays: shop?.retention_days ?? null }));
      const { rows, hasMore } = await this.feed.page(manager, device.shopId, after, limit, cutoffDay, scope);
      const last = rows[rows.length - 1];
      const userIds = rows.filter((row) => row.entity === 'user').map((row) => row.entity_id);
      return {
        protocolVersion: PROTOCOL_VERSION,
        changes: rows.flatMap(toChanges),
        cursor: last ? formatCursor({ txid: last.txid, seq: last.seq }) : formatCursor(after),
        hasMore,
        credentials: await this.users.credentials(manager, device.shopId, userIds),
        rows: rows.length,
        remaining: hasMore && last ? await this.feed.remaining(manager, device.shopId, { txid: last.txid, seq: last.seq }) : 0,
      };
    });
  }
}

/** `scope` and `until` of a pull (see FeedScope): `until` goes with `history` and only with it. */
function feedScope(scope: PullScope, untilText: string | undefined): FeedScope {
  if (scope !== 'history') {
    if (untilText !== undefined) throw new BadRequestException('until is only for scope=history');
    return { kind: scope };
  }
  const until = untilText === undefined ? null : parseCursor(untilText);
  if (!until) throw new BadRequestException('until must be the cursor the state pass ended at (scope=history)');
  return { kind: 'history', until };
}

/** A feed row as the terminal gets it; a sale brings the SALE movements it carries (see `saleMovements`). */
function toChanges(row: FeedRow): Change[] {
  if (row.op === 'delete') return [{ entity: row.entity, entityId: row.entity_id, op: 'delete' }];
  const change = { entity: row.entity, entityId: row.entity_id, op: 'upsert', data: row.data } as Change;
  if (change.entity !== 'sale' || change.op !== 'upsert') return [change];
  return [change, ...saleMovements(change.data).map((movement): Change => ({ entity: 'stock_movement', entityId: movement.id, op: 'upsert', data: movement }))];
}
