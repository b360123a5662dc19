import type { OpStateReport, SeriBridge } from '@seri/shared';
import { callMain } from '../bridge/seri-bridge';
import type { OutboxRow, SeriDb } from '../db/seri-db';

/** `sync:op-states` takes at most this many ids per call (main's validator). */
const OP_STATES_CHUNK = 1000;

/**
 * Records what main reports about ops: on the outbox row (its queue state and, if
 * rejected, the server's reason) and on the record the op wrote. A sale becomes
 * 'synced' once the server applied it, 'rejected' when it refused it (I7: kept, shown,
 * never discarded). Reports about unknown ops are ignored. Applying a report twice
 * changes nothing.
 */
export async function applyOpStates(db: SeriDb, reports: readonly OpStateReport[]): Promise<number> {
  if (reports.length === 0) return 0;
  return db.transaction('rw', [db.outbox, db.sales, db.refunds, db.cashSessions], async () => {
    const rows = await db.outbox.where('opId').anyOf(reports.map((report) => report.opId)).toArray();
    const byOpId = new Map(rows.map((row) => [row.opId, row]));
    let changed = 0;
    for (const report of reports) {
      const row = byOpId.get(report.opId);
      if (!row) continue;
      const rejection = report.state === 'REJECTED' ? { code: report.code ?? 'REJECTED', reason: report.reason ?? '' } : undefined;
      const update: Partial<OutboxRow> = { queueState: report.state };
      if (rejection) update.rejection = rejection;
      // main only reports ops it holds, so the row is handed over whatever we thought.
      if (row.state === 'new') update.state = 'handed';
      await db.outbox.update(row.seq, update);
      if (row.entity === 'sale' && row.kind === 'create') {
        const sale = await db.sales.get(row.entityId);
        if (sale && report.state === 'SYNCED' && sale.syncState !== 'synced') {
          await db.sales.update(sale.id, { syncState: 'synced' });
          changed += 1;
        } else if (sale && rejection && sale.syncState !== 'rejected') {
          await db.sales.update(sale.id, { syncState: 'rejected', rejection });
          changed += 1;
        }
      } else if (row.op.entity === 'sale' && row.op.kind === 'refund') {
        const refund = await db.refunds.get(row.op.payload.id);
        if (refund && report.state === 'SYNCED' && refund.syncState !== 'synced') {
          await db.refunds.update(refund.id, { syncState: 'synced' });
          changed += 1;
        } else if (refund && rejection && refund.syncState !== 'rejected') {
          await db.refunds.update(refund.id, { syncState: 'rejected', rejection });
          changed += 1;
        }
      } else if (row.entity === 'cash_session') {
        // A session's ops go in order; the state shown is that of its latest op reported.
        const session = await db.cashSessions.get(row.entityId);
        if (session && rejection && session.syncState !== 'rejected') {
          await db.cashSessions.update(session.id, { syncState: 'rejected', rejection });
          changed += 1;
        } else if (session && report.state === 'SYNCED' && session.syncState === 'pending') {
          await db.cashSessions.update(session.id, { syncState: 'synced' });
          changed += 1;
        }
      }
    }
    return changed;
  });
}

/**
 * After a restart the renderer may have missed `sync:op-states` events: ask main for the
 * states of every handed op not known to be final.
 */
export async function reconcileOpStates(db: SeriDb, bridge: SeriBridge): Promise<number> {
  const open = await db.outbox
    .where('state')
    .equals('handed')
    .filter((row) => row.queueState !== 'SYNCED' && row.queueState !== 'REJECTED')
    .toArray();
  let changed = 0;
  for (let start = 0; start < open.length; start += OP_STATES_CHUNK) {
    const opIds = open.slice(start, start + OP_STATES_CHUNK).map((row) => row.opId);
    const reports = await callMain(bridge, 'sync:op-states', { opIds });
    changed += await applyOpStates(db, reports);
  }
  return changed;
}
