import {
  compareHlc,
  type CashSessionRecord,
  parsePulledChanges,
  type Change,
  type ChangeData,
  type ChangeEntity,
  type ExpenseRecord,
  type ProductRecord,
  type SeriBridge,
  type ShopRecord,
  type StockLevelRecord,
  type StockMovementRecord,
  type SaleRecord,
  type TaxRateRecord,
} from '@seri/shared';
import type { Table } from 'dexie';
import { callMain } from '../bridge/seri-bridge';
import type { LocalRefund, LocalSale, LocalStockMovement, SeriDb, StockProjection } from '../db/seri-db';
import { receiveIntoTerminalClock } from '../domain/terminal-clock';
import { applyQuickKeyLayouts } from './apply-quick-keys';
import { SingleFlight } from './single-flight';

export interface ApplyPullContext {
  /** This terminal's device id: node of its HLC, and owner of the receipts whose counter it keeps. */
  deviceId: string;
  now?: () => number;
}

export interface AppliedPage {
  changes: number;
  /** Pulled catalogue or expense values older than a local edit still queued, left alone (I6). */
  keptLocal: number;
  /** Pulled HLC stamps too far ahead of this terminal's clock (clock skew, clamped). */
  clamped: number;
  /** Products whose displayed stock was recomputed. */
  stockRecomputed: number;
}

type Upserts<E extends ChangeEntity> = Map<string, ChangeData[E]>;

interface Grouped {
  shop: ShopRecord | null;
  upserts: { [E in ChangeEntity]: Upserts<E> };
  deletes: { [E in ChangeEntity]: Set<string> };
}

const QUEUE_DONE = new Set(['SYNCED', 'REJECTED']);

/**
 * Applies one pulled page in ONE transaction: what the server says is true replaces what
 * is here, except where a newer local edit is still on its way to the server (I6, by
 * HLC per record; sales are immutable, I5). Stock follows the ledger (I4): the server
 * level replaces ours, pulled movements that were pending here stop being pending, and
 * the displayed stock of every touched product is recomputed as level + pending.
 *
 * Idempotent: applying a page twice leaves the database as after the first time, so a
 * crash between this commit and main's ack only costs a second, harmless application.
 */
export async function applyPulledPage(db: SeriDb, changes: readonly Change[], context: ApplyPullContext): Promise<AppliedPage> {
  return applyPulledPages(db, [changes], context);
}

/**
 * Consecutive pages, oldest first, applied in ONE transaction as if they were one page:
 * later changes to a record win as they would page after page, and a first download
 * pays one strict commit per batch of pages instead of one per page. All or nothing, so
 * main's ack of the batch's last page is as safe as one ack per page.
 */
export async function applyPulledPages(db: SeriDb, pages: ReadonlyArray<readonly Change[]>, context: ApplyPullContext): Promise<AppliedPage> {
  const changes = pages.length === 1 ? pages[0]! : pages.flat();
  const grouped = groupChanges(changes);
  const tables = [db.products, db.stockLevels, db.stock, db.sales, db.saleLines, db.refunds, db.stockMovements, db.expenses, db.users, db.outbox, db.meta, db.cashSessions, db.taxRates, db.quickKeys];
  return db.transaction('rw', tables, async () => {
    if (grouped.shop) await db.meta.put({ key: 'shop', value: grouped.shop });

    await db.users.bulkPut([...grouped.upserts.user.values()]);
    await db.users.bulkDelete([...grouped.deletes.user]);

    const hasCandidates =
      grouped.upserts.product.size +
        grouped.deletes.product.size +
        grouped.upserts.expense.size +
        grouped.deletes.expense.size +
        grouped.upserts.tax_rate.size >
      0;
    const queued = await queuedEntityIds(db, hasCandidates);
    const keptProducts = await putNewer(db.products, grouped.upserts.product, grouped.deletes.product, queued);
    const keptExpenses = await putNewer(db.expenses, grouped.upserts.expense, grouped.deletes.expense, queued);
    // Rates are archived, never deleted (a delete in the feed would be a server bug: old sales name them); LWW like products.
    const keptRates = await putNewer(db.taxRates, grouped.upserts.tax_rate, new Set(), queued);

    await applySales(db, [...grouped.upserts.sale.values()], context.deviceId);
    const touched = await applyStock(db, grouped.upserts.stock_movement, grouped.upserts.stock_level);
    await applyCashSessions(db, [...grouped.upserts.cash_session.values()], context.deviceId);
    const keptLayouts = await applyQuickKeyLayouts(db, grouped.upserts.quick_keys.values());

    const stamps = [
      ...[...grouped.upserts.product.values()].map((product) => product.hlc),
      ...[...grouped.upserts.expense.values()].map((expense) => expense.hlc),
      ...[...grouped.upserts.tax_rate.values()].map((rate) => rate.hlc),
      ...[...grouped.upserts.quick_keys.values()].map((layout) => layout.hlc),
    ];
    const { clamped } = await receiveIntoTerminalClock(db, context.deviceId, stamps, context.now);
    return { changes: changes.length, keptLocal: keptProducts + keptExpenses + keptRates + keptLayouts, clamped, stockRecomputed: touched };
  });
}

function groupChanges(changes: readonly Change[]): Grouped {
  const grouped: Grouped = {
    shop: null,
    upserts: {
      shop: new Map(),
      user: new Map(),
      product: new Map(),
      sale: new Map(),
      stock_movement: new Map(),
      stock_level: new Map(),
      expense: new Map(),
      cash_session: new Map(),
      tax_rate: new Map(),
      quick_keys: new Map(),
    },
    deletes: {
      shop: new Set(),
      user: new Set(),
      product: new Set(),
      sale: new Set(),
      stock_movement: new Set(),
      stock_level: new Set(),
      expense: new Set(),
      cash_session: new Set(),
      tax_rate: new Set(),
      quick_keys: new Set(),
    },
  };
  // Later changes to the same record win within a page, as they would across pages.
  for (const change of changes) {
    if (change.op === 'delete') {
      (grouped.upserts[change.entity] as Map<string, unknown>).delete(change.entityId);
      grouped.deletes[change.entity].add(change.entityId);
      continue;
    }
    grouped.deletes[change.entity].delete(change.entityId);
    switch (change.entity) {
      case 'shop':
        grouped.shop = change.data;
        break;
      case 'user':
        grouped.upserts.user.set(change.entityId, change.data);
        break;
      case 'product':
        grouped.upserts.product.set(change.entityId, change.data);
        break;
      case 'sale':
        grouped.upserts.sale.set(change.entityId, change.data);
        break;
      case 'stock_movement':
        grouped.upserts.stock_movement.set(change.entityId, change.data);
        break;
      case 'stock_level':
        grouped.upserts.stock_level.set(change.entityId, change.data);
        break;
      case 'expense':
        grouped.upserts.expense.set(change.entityId, change.data);
        break;
      case 'cash_session':
        grouped.upserts.cash_session.set(change.entityId, change.data);
        break;
      case 'tax_rate':
        grouped.upserts.tax_rate.set(change.entityId, change.data);
        break;
      case 'quick_keys':
        grouped.upserts.quick_keys.set(change.entityId, change.data);
        break;
      default:
        assertNever(change);
    }
  }
  return grouped;
}

/**
 * Catalogue, expense and tax-rate records with a local op main has not yet reported SYNCED or
 * REJECTED. Read through the entity index: such edits are few, so this stays cheap
 * when a bootstrap page brings hundreds of products.
 */
async function queuedEntityIds(db: SeriDb, hasCandidates: boolean): Promise<Set<string>> {
  if (!hasCandidates) return new Set();
  const rows = await db.outbox
    .where('entity')
    .anyOf(['product', 'expense', 'tax_rate'])
    .filter((row) => row.rejection === undefined && (row.queueState === undefined || !QUEUE_DONE.has(row.queueState)))
    .toArray();
  return new Set(rows.map((row) => row.entityId));
}

/**
 * Last write wins by HLC (I6): a pulled value replaces ours unless ours is newer AND
 * still queued; once our op reaches the server, the server's merge comes back newer.
 */
async function putNewer<T extends ProductRecord | ExpenseRecord | TaxRateRecord>(
  table: Table<T, string>,
  upserts: Map<string, T>,
  deletes: Set<string>,
  queued: Set<string>,
): Promise<number> {
  // Only records with a queued local edit can be newer here than on the server.
  const contested = [...upserts.keys()].filter((id) => queued.has(id));
  const local = new Map<string, T>();
  (await table.bulkGet(contested)).forEach((record) => {
    if (record) local.set(record.id, record);
  });
  const toPut: T[] = [];
  let kept = 0;
  for (const [id, pulled] of upserts) {
    const mine = local.get(id);
    if (mine && compareHlc(mine.hlc, pulled.hlc) > 0) {
      kept += 1;
      continue;
    }
    toPut.push(pulled);
  }
  await table.bulkPut(toPut);
  const toDelete = [...deletes].filter((id) => !queued.has(id));
  kept += deletes.size - toDelete.length;
  await table.bulkDelete(toDelete);
  return kept;
}

/** Sales are immutable (I5): a pulled sale is stored as is, split into sale + lines, and is synced. */
async function applySales(db: SeriDb, sales: readonly SaleRecord[], deviceId: string): Promise<void> {
  if (sales.length === 0) return;
  // A void made here and still on its way stays visible: the server's copy predates it (I5).
  const voidedHere = new Set(
    (await db.outbox.where('entityId').anyOf(sales.filter((sale) => sale.status === 'COMPLETED').map((sale) => sale.id)).toArray())
      .filter((row) => row.kind === 'void' && row.rejection === undefined && row.queueState !== 'SYNCED' && row.queueState !== 'REJECTED')
      .map((row) => row.entityId),
  );
  // A server without the customer field (before #15, or the previous protocol version during a
  // staged rollout) sends none: this terminal's own sales keep the customer the cashier took down.
  const silent = sales.filter((sale) => sale.deviceId === deviceId && sale.customer === undefined).map((sale) => sale.id);
  const takenHere = new Map((await db.sales.bulkGet(silent)).flatMap((sale) => (sale?.customer ? [[sale.id, sale.customer] as const] : [])));
  const rows: LocalSale[] = sales.map(({ lines: _lines, refunds: _refunds, ...sale }) => ({
    ...sale,
    ...(takenHere.has(sale.id) ? { customer: takenHere.get(sale.id) } : {}),
    status: voidedHere.has(sale.id) ? 'VOIDED' : sale.status,
    syncState: 'synced',
  }));
  await db.sales.bulkPut(rows);
  await db.saleLines.bulkPut(sales.flatMap((sale) => sale.lines));
  // Refunds the server knows of (any terminal's); ours among them are now synced.
  const refunds: LocalRefund[] = sales.flatMap((sale) => (sale.refunds ?? []).map((refund) => ({ ...refund, syncState: 'synced' as const })));
  if (refunds.length > 0) await db.refunds.bulkPut(refunds);
  // After a reinstall the counter starts from this terminal's last receipt on the server,
  // so numbers stay unique and without gaps.
  const ours = sales.filter((sale) => sale.deviceId === deviceId).map((sale) => receiptCounter(sale.number));
  const highest = Math.max(0, ...ours);
  const current = (await db.getMeta('saleCounter')) ?? 0;
  if (highest > current) await db.meta.put({ key: 'saleCounter', value: highest });
}

/**
 * Pulled sessions (any terminal's, for the managers' view). One of ours with an op still on
 * its way stays as it is here: the server's copy is older (a movement or the close not
 * applied yet). After a reinstall the Z counter starts from our last Z on the server.
 */
async function applyCashSessions(db: SeriDb, sessions: readonly CashSessionRecord[], deviceId: string): Promise<void> {
  if (sessions.length === 0) return;
  const inFlight = new Set(
    (await db.outbox.where('entityId').anyOf(sessions.map((session) => session.id)).toArray())
      .filter((row) => row.entity === 'cash_session' && row.rejection === undefined && row.queueState !== 'SYNCED' && row.queueState !== 'REJECTED')
      .map((row) => row.entityId),
  );
  await db.cashSessions.bulkPut(sessions.filter((session) => !inFlight.has(session.id)).map((session) => ({ ...session, syncState: 'synced' as const })));
  const ours = sessions.filter((session) => session.deviceId === deviceId && session.z !== null).map((session) => Number(/(\d+)$/.exec(session.z?.number ?? '')?.[1] ?? 0));
  const highest = Math.max(0, ...ours);
  if (highest > ((await db.getMeta('zCounter')) ?? 0)) await db.meta.put({ key: 'zCounter', value: highest });
}

function receiptCounter(number: string): number {
  const match = /-(\d+)$/.exec(number);
  return match ? Number(match[1]) : 0;
}

/**
 * Stock is a ledger (I4): never last-write-wins. The server level is the sum of the
 * movements it has; our own movements it does not have yet stay pending and are added
 * on top. A pulled movement we made ourselves is now in the server level: not pending.
 */
async function applyStock(db: SeriDb, movements: Map<string, StockMovementRecord>, levels: Map<string, StockLevelRecord>): Promise<number> {
  const touched = new Set<string>();
  if (movements.size > 0) {
    const rows: LocalStockMovement[] = [...movements.values()].map((movement) => ({ ...movement, pending: 0 }));
    await db.stockMovements.bulkPut(rows);
    for (const movement of rows) touched.add(movement.productId);
  }
  if (levels.size > 0) {
    await db.stockLevels.bulkPut([...levels.values()]);
    for (const level of levels.values()) touched.add(level.productId);
  }
  if (touched.size === 0) return 0;
  await recomputeStock(db, [...touched], levels);
  return touched.size;
}

/**
 * Displayed stock = server level + this terminal's pending movements, for the given products.
 * `known`: levels just written in this transaction (a pulled page's), which need no read back.
 */
export async function recomputeStock(db: SeriDb, productIds: readonly string[], known: ReadonlyMap<string, StockLevelRecord> = new Map()): Promise<void> {
  // Pending movements are only this terminal's unsynced ones: few, so one scan beats one query per product.
  const pending = await db.stockMovements.where('pending').equals(1).toArray();
  const pendingByProduct = new Map<string, number>();
  for (const movement of pending) pendingByProduct.set(movement.productId, (pendingByProduct.get(movement.productId) ?? 0) + movement.quantity);
  const unknown = productIds.filter((productId) => !known.has(productId));
  const read = new Map<string, number>();
  if (unknown.length > 0) {
    (await db.stockLevels.bulkGet(unknown)).forEach((level, index) => {
      if (level) read.set(unknown[index]!, level.quantity);
    });
  }
  const rows: StockProjection[] = productIds.map((productId) => ({
    productId,
    quantity: (known.get(productId)?.quantity ?? read.get(productId) ?? 0) + (pendingByProduct.get(productId) ?? 0),
  }));
  await db.stock.bulkPut(rows);
}

function assertNever(value: never): never {
  throw new Error(`unexpected change ${JSON.stringify(value)}`);
}

export interface PullProgress {
  pages: number;
  changes: number;
}

/** Pages asked of main per call, and applied in one transaction. */
export const DEFAULT_PAGES_PER_APPLY = 10;

export interface PulledPagesApplierOptions {
  /** Pages fetched per call (and applied in one transaction). */
  pageLimit?: number;
  onProgress?: (progress: PullProgress) => void;
  onError?: (error: unknown) => void;
}

/**
 * Takes the pages main pulled and stored, applies them in order, and acks each one so
 * main can drop it. Runs at startup and whenever main says pages are waiting. If the
 * renderer dies between apply and ack, the page comes again and applying it is harmless.
 */
export class PulledPagesApplier {
  private readonly flight = new SingleFlight(() => this.drain());
  private progress: PullProgress = { pages: 0, changes: 0 };

  constructor(
    private readonly db: SeriDb,
    private readonly bridge: SeriBridge,
    private readonly context: ApplyPullContext,
    private readonly options: PulledPagesApplierOptions = {},
  ) {}

  run(): Promise<PullProgress> {
    return this.flight.run();
  }

  nudge(): void {
    this.run().catch((error: unknown) => this.options.onError?.(error));
  }

  private async drain(): Promise<PullProgress> {
    const limit = this.options.pageLimit ?? DEFAULT_PAGES_PER_APPLY;
    let next = callMain(this.bridge, 'sync:pages', { limit });
    for (;;) {
      const pages = await next;
      const last = pages[pages.length - 1];
      if (!last) return this.progress;
      // The next batch crosses over while this one is written (a first download is a long
      // run of batches). If this one fails, that one is dropped: the next run starts again
      // from the first page not acked.
      next = callMain(this.bridge, 'sync:pages', { limit, after: last.pageId });
      next.catch(() => undefined);
      // The pages main handed over, in one transaction, then one ack for all of them.
      const changes = pages.map(parsePulledChanges);
      await applyPulledPages(this.db, changes, this.context);
      await callMain(this.bridge, 'sync:ack-pages', { upToPageId: last.pageId });
      this.progress = { pages: this.progress.pages + pages.length, changes: this.progress.changes + changes.reduce((sum, page) => sum + page.length, 0) };
      this.options.onProgress?.(this.progress);
    }
  }
}
