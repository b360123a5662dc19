import { retentionCutoffDay, retentionDaysOf } from '@seri/shared';
import type { OutboxRow, SeriDb } from '../db/seri-db';

/**
 * Terminal retention (I12): what this terminal keeps is the catalogue plus the shop's window
 * (90 days by default), not the shop's age. Synced sales older than the window go, with their
 * lines, their movements and their refunds; so do old synced stock movements, expenses and
 * outbox rows. The work is cut into small slices, each one short Dexie transaction, run in the
 * background between sales: the till never waits on it.
 *
 * Never pruned: anything not yet synced, anything a queued op still needs (a refund or a void
 * on its way), and the sales `protectedSaleIds` names (open cash sessions). Stock is not
 * touched: the displayed stock is the server level plus this terminal's pending movements
 * (I4), and only movements the server already counts are pruned.
 */

export interface PruneReport {
  sales: number;
  lines: number;
  movements: number;
  refunds: number;
  expenses: number;
  outbox: number;
}

export interface PruneOptions {
  /** The window's first day (YYYY-MM-DD); by default from the shop's setting and today. */
  cutoffDay?: string;
  /** Records of each kind one slice removes at most. */
  slice?: number;
  now?: () => number;
}

export const DEFAULT_PRUNE_SLICE = 100;

const DONE = new Set(['SYNCED', 'REJECTED']);

/** An outbox row main has not yet reported as settled: what it refers to must stay. */
function unsettled(row: OutboxRow): boolean {
  return row.state === 'new' || row.queueState === undefined || !DONE.has(row.queueState);
}

/**
 * Sales that must stay on this terminal whatever their age: those a queued op still refers to
 * (a void or refund not yet settled), those with a refund not yet synced, and those of an open
 * cash session (its X and Z reports are computed from them, I11). Read inside the slice's
 * transaction, so a session closing meanwhile cannot race the prune.
 */
export async function protectedSaleIds(db: SeriDb, candidates: readonly string[]): Promise<Set<string>> {
  const ids = new Set<string>();
  if (candidates.length === 0) return ids;
  for (const row of await db.outbox.where('entityId').anyOf([...candidates]).toArray()) {
    if (row.entity === 'sale' && unsettled(row)) ids.add(row.entityId);
  }
  for (const refund of await db.refunds.where('saleId').anyOf([...candidates]).toArray()) {
    if (refund.syncState !== 'synced') ids.add(refund.saleId);
  }
  const open = await db.cashSessions.where('status').equals('OPEN').primaryKeys();
  if (open.length > 0) {
    for (const sale of await db.sales.where('sessionId').anyOf(open).toArray()) ids.add(sale.id);
  }
  return ids;
}

/** The first day this terminal keeps, from the shop's window (pulled shop record) and today. */
export async function windowStartDay(db: SeriDb, now: () => number = Date.now): Promise<string> {
  return retentionCutoffDay(now(), retentionDaysOf(await db.getMeta('shop')));
}

/**
 * One slice of pruning, in one transaction. Returns what went; all zeros means nothing is
 * left to prune for now.
 */
export async function pruneSlice(db: SeriDb, options: PruneOptions = {}): Promise<PruneReport> {
  const cutoffDay = options.cutoffDay ?? (await windowStartDay(db, options.now));
  const slice = Math.max(1, options.slice ?? DEFAULT_PRUNE_SLICE);
  const tables = [db.sales, db.saleLines, db.stockMovements, db.refunds, db.expenses, db.outbox, db.meta, db.cashSessions];
  return db.transaction('rw', tables, async () => {
    const report: PruneReport = { sales: 0, lines: 0, movements: 0, refunds: 0, expenses: 0, outbox: 0 };

    // Old synced sales, oldest first. Unsynced and rejected ones stay (a manager must see them).
    const old = await db.sales
      .where('createdAt')
      .below(cutoffDay)
      .filter((sale) => sale.syncState === 'synced')
      .limit(slice * 2)
      .toArray();
    const kept = await protectedSaleIds(
      db,
      old.map((sale) => sale.id),
    );
    let saleIds = old.filter((sale) => !kept.has(sale.id)).map((sale) => sale.id);
    const movements = await db.stockMovements.where('saleId').anyOf(saleIds).toArray();
    // A movement still pending means the server does not count it yet: its sale stays too.
    const pendingSales = new Set(movements.filter((movement) => movement.pending === 1).map((movement) => movement.saleId));
    saleIds = saleIds.filter((id) => !pendingSales.has(id)).slice(0, slice);
    if (saleIds.length > 0) {
      const chosen = new Set(saleIds);
      const lineIds = await db.saleLines.where('saleId').anyOf(saleIds).primaryKeys();
      const refundIds = await db.refunds.where('saleId').anyOf(saleIds).primaryKeys();
      const movementIds = movements.filter((movement) => movement.saleId !== null && chosen.has(movement.saleId)).map((movement) => movement.id);
      await db.saleLines.bulkDelete(lineIds);
      await db.refunds.bulkDelete(refundIds);
      await db.stockMovements.bulkDelete(movementIds);
      await db.sales.bulkDelete(saleIds);
      report.sales = saleIds.length;
      report.lines = lineIds.length;
      report.refunds = refundIds.length;
      report.movements = movementIds.length;
    }

    // Old movements of no sale (adjustments, receipts, counts) the server already counts.
    const loose = await db.stockMovements
      .where('createdAt')
      .below(cutoffDay)
      .filter((movement) => movement.pending === 0 && movement.saleId === null)
      .limit(slice)
      .primaryKeys();
    await db.stockMovements.bulkDelete(loose);
    report.movements += loose.length;

    // Old expenses with no edit on its way.
    const expenses = await db.expenses.where('date').below(cutoffDay).limit(slice).toArray();
    const queued = new Set(
      (
        await db.outbox
          .where('entityId')
          .anyOf(expenses.map((expense) => expense.id))
          .toArray()
      )
        .filter(unsettled)
        .map((row) => row.entityId),
    );
    const expenseIds = expenses.filter((expense) => !queued.has(expense.id)).map((expense) => expense.id);
    await db.expenses.bulkDelete(expenseIds);
    report.expenses = expenseIds.length;

    // Outbox rows main reported SYNCED, older than the window: nothing reads them any more.
    // REJECTED rows stay: the terminal shows them until a manager resolves them (I7).
    const outbox = await db.outbox
      .orderBy('seq')
      .filter((row) => row.state === 'handed' && row.queueState === 'SYNCED' && row.createdAt < cutoffDay)
      .limit(slice)
      .primaryKeys();
    await db.outbox.bulkDelete(outbox);
    report.outbox = outbox.length;
    return report;
  });
}

export interface RetentionPrunerOptions {
  /** Pause between two slices while there is work, so sales run in between. */
  slicePauseMs?: number;
  /** How often a pass starts (a pass runs slices until nothing is left). */
  everyMs?: number;
  slice?: number;
  now?: () => number;
  onError?: (error: unknown) => void;
  onPruned?: (report: PruneReport) => void;
}

function isEmpty(report: PruneReport): boolean {
  return report.sales + report.lines + report.movements + report.refunds + report.expenses + report.outbox === 0;
}

/**
 * Runs `pruneSlice` in the background: a pass soon after start, then every `everyMs`; within
 * a pass one slice, a pause, the next, until a slice finds nothing. Stopping waits for nothing:
 * a slice is one transaction, all or none.
 */
export class RetentionPruner {
  private timer: ReturnType<typeof setTimeout> | null = null;
  private stopped = true;
  /** Set by stop(): a pass under way ends after its current slice. */
  private halted = false;

  constructor(
    private readonly db: SeriDb,
    private readonly options: RetentionPrunerOptions = {},
  ) {}

  start(firstDelayMs = 30_000): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.halted = false;
    this.schedule(firstDelayMs);
  }

  stop(): void {
    this.stopped = true;
    this.halted = true;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }

  /** One whole pass now (tests, and "after the first download"). */
  async runPass(): Promise<PruneReport> {
    const total: PruneReport = { sales: 0, lines: 0, movements: 0, refunds: 0, expenses: 0, outbox: 0 };
    for (;;) {
      const report = await pruneSlice(this.db, {
        ...(this.options.slice === undefined ? {} : { slice: this.options.slice }),
        ...(this.options.now === undefined ? {} : { now: this.options.now }),
      });
      for (const key of Object.keys(total) as Array<keyof PruneReport>) total[key] += report[key];
      if (isEmpty(report) || this.halted) break;
      this.options.onPruned?.(report);
      await new Promise((resolve) => setTimeout(resolve, this.options.slicePauseMs ?? 200));
    }
    return total;
  }

  private schedule(delayMs: number): void {
    this.timer = setTimeout(() => {
      this.timer = null;
      this.runPass()
        .catch((error: unknown) => this.options.onError?.(error))
        .finally(() => {
          if (!this.stopped) this.schedule(this.options.everyMs ?? 60 * 60_000);
        });
    }, delayMs);
  }
}
