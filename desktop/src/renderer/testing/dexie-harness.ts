import { Dexie } from 'dexie';
import type { Change, IpcChannel, IpcEvent, IpcEvents, OpStateReport, Result, SeriBridge } from '@seri/shared';
import { SCHEMA_VERSIONS, SeriDb, type MetaRow, type OutboxRow } from '../db/seri-db';
import { closeSession, localSessionFigures, openSession, recordCashMovement, sessionForSale } from '../domain/cash-session-commands';
import { parkCart, resumeCart } from '../domain/parked-carts';
import { createSale, saleWritePaths, type CreateSaleInput, type DeviceContext, type ShownProduct } from '../domain/create-sale';
import { createExpense, deleteExpense, updateExpense } from '../domain/expense-commands';
import { parseDiscount, planPayments } from '../domain/payments';
import { createProduct, updateProduct } from '../domain/product-commands';
import { cartAmounts } from '../domain/sale-totals';
import { createTaxRate, updateTaxRate } from '../domain/tax-rates';
import { saveQuickKeys } from '../domain/quick-key-commands';
import { refundSale } from '../domain/refund-sale';
import { computeReport } from '../domain/reports';
import { DEFAULT_WEDGE, WedgeDetector, type WedgeVerdict } from '../domain/scanner-wedge';
import { recordStockCount, recordStockMovement } from '../domain/stock-commands';
import { voidSale } from '../domain/void-sale';
import { applyPulledPage, applyPulledPages, PulledPagesApplier, type ApplyPullContext, type PullProgress } from '../sync/apply-pull';
import { applyOpStates } from '../sync/op-states';
import { OutboxRelay } from '../sync/outbox-relay';
import { pruneSlice, RetentionPruner } from '../sync/retention';

/**
 * Browser side of the renderer's Dexie tests (desktop/test/renderer): bundled by esbuild
 * into a page of real Chromium, it drives the real modules against real IndexedDB and
 * answers with plain data the specs assert on. It is never part of the app bundle.
 */

export const TABLES = ['products', 'stockLevels', 'stock', 'sales', 'saleLines', 'refunds', 'stockMovements', 'expenses', 'users', 'outbox', 'meta', 'cashSessions', 'parkedCarts', 'taxRates', 'quickKeys'] as const;
export type TableName = (typeof TABLES)[number];
export type Dump = Record<TableName, unknown[]>;

/** How the fake main answers `sync:enqueue`. */
export type EnqueueBehaviour =
  | { kind: 'accept-all' }
  | { kind: 'accept-first'; count: number }
  | { kind: 'fail'; code: 'OFFLINE' | 'INTERNAL' | 'VALIDATION' }
  | { kind: 'throw' }
  | { kind: 'refuse-op'; opId: string };

export interface RelayRunResult {
  handed: number;
  error: string | null;
  /** opIds of every `sync:enqueue` call, in order. */
  calls: string[][];
}

const databases = new Map<string, SeriDb>();

function database(name: string): SeriDb {
  let db = databases.get(name);
  if (!db) {
    db = new SeriDb(name);
    databases.set(name, db);
  }
  return db;
}

async function dump(name: string): Promise<Dump> {
  const db = database(name);
  const entries = await Promise.all(TABLES.map(async (table) => [table, await db.table(table).toArray()] as const));
  return Object.fromEntries(entries) as Dump;
}

async function seed(name: string, rows: Partial<Record<TableName, unknown[]>>): Promise<void> {
  const db = database(name);
  await db.transaction('rw', TABLES.map((table) => db.table(table)), async () => {
    for (const table of TABLES) {
      const items = rows[table];
      if (items && items.length > 0) await db.table(table).bulkPut(items);
    }
  });
}

/**
 * createSale, optionally made to fail at its very last write: `failAtOutbox` reuses an
 * opId already in the outbox, so the unique index refuses the outbox row after the sale,
 * lines, movements, stock and counter were written in the same transaction.
 */
async function runCreateSale(name: string, input: CreateSaleInput, failAtOutbox = false): Promise<{ ok: true; sale: unknown } | { ok: false; error: string }> {
  const db = database(name);
  let options = {};
  if (failAtOutbox) {
    const existing = await db.outbox.toCollection().first();
    if (!existing) throw new Error('failAtOutbox needs an outbox row to collide with');
    let made = 0;
    const total = 1 + input.lines.length * 2;
    // The op id is the last id createSale asks for (sale id, then line and movement ids).
    options = { newId: () => (++made > total ? existing.opId : crypto.randomUUID()) };
  }
  try {
    return { ok: true, sale: await createSale(db, input, options) };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
  }
}

/** createSale as the till calls it, with what it shows for each product (the fast path). */
async function runCreateSaleShown(name: string, input: CreateSaleInput, shown: Array<[string, ShownProduct]>) {
  try {
    return { ok: true as const, sale: await createSale(database(name), { ...input, shown: new Map(shown) }) };
  } catch (error) {
    return { ok: false as const, error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
  }
}

async function runApplyPage(name: string, changes: Change[], context: ApplyPullContext) {
  return applyPulledPage(database(name), changes, context);
}

async function runApplyPages(name: string, pages: Change[][], context: ApplyPullContext) {
  return applyPulledPages(database(name), pages, context);
}

/**
 * Main behind a binding the test page was given (`page.exposeFunction(binding, …)` calling
 * the real main's `handle`): the bridge the headless shell installs, reduced to invoke.
 */
class BindingBridge implements SeriBridge {
  /** Milliseconds spent waiting for main, per channel. */
  readonly waited: Record<string, number> = {};

  constructor(private readonly binding: string) {}

  async invoke<C extends IpcChannel>(channel: C, payload: unknown): Promise<Result<never>> {
    const call = (globalThis as unknown as Record<string, (channel: string, payload: unknown) => Promise<Result<never>>>)[this.binding];
    if (!call) throw new Error(`no binding ${this.binding}`);
    const started = performance.now();
    try {
      return await call(channel, payload);
    } finally {
      this.waited[channel] = (this.waited[channel] ?? 0) + performance.now() - started;
    }
  }

  on<E extends IpcEvent>(_event: E, _listener: (data: IpcEvents[E]) => void): () => void {
    return () => undefined;
  }
}

const appliers = new Map<string, { applier: PulledPagesApplier; bridge: BindingBridge; events: PullProgress[] }>();

/**
 * The app's PulledPagesApplier (what SyncRuntime runs on `sync:pages-available`) against
 * main through `binding`: takes every page main holds, applies and acks it. Answers the
 * progress so far and the progress events it emitted since the last call.
 */
async function drainPulled(
  name: string,
  binding: string,
  context: ApplyPullContext,
): Promise<{ progress: PullProgress; events: PullProgress[]; waited: Record<string, number> }> {
  let entry = appliers.get(name);
  if (!entry) {
    const events: PullProgress[] = [];
    const bridge = new BindingBridge(binding);
    entry = { applier: new PulledPagesApplier(database(name), bridge, context, { onProgress: (progress) => events.push(progress) }), bridge, events };
    appliers.set(name, entry);
  }
  const progress = await entry.applier.run();
  return { progress, events: entry.events.splice(0), waited: { ...entry.bridge.waited } };
}

async function runApplyOpStates(name: string, reports: OpStateReport[]): Promise<number> {
  return applyOpStates(database(name), reports);
}

/** A stand-in for main behind `window.seri`, answering only `sync:enqueue`. */
class FakeMain implements SeriBridge {
  readonly calls: string[][] = [];
  constructor(private readonly behaviour: EnqueueBehaviour) {}

  invoke<C extends IpcChannel>(channel: C, payload: unknown): Promise<Result<never>> {
    try {
      return Promise.resolve(this.answer(channel, payload));
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
  }

  private answer(channel: IpcChannel, payload: unknown): Result<never> {
    if (channel !== 'sync:enqueue') return { ok: false, error: { code: 'UNKNOWN_CHANNEL', message: channel } };
    const opIds = (payload as { ops: { opId: string }[] }).ops.map((op) => op.opId);
    this.calls.push(opIds);
    const behaviour = this.behaviour;
    switch (behaviour.kind) {
      case 'accept-all':
        return { ok: true, value: { accepted: opIds } as never };
      case 'accept-first':
        return { ok: true, value: { accepted: opIds.slice(0, behaviour.count) } as never };
      case 'fail':
        return { ok: false, error: { code: behaviour.code, message: 'main said no' } };
      case 'throw':
        throw new Error('main crashed');
      case 'refuse-op':
        return opIds.includes(behaviour.opId)
          ? { ok: false, error: { code: 'VALIDATION', message: `op ${behaviour.opId} is malformed` } }
          : { ok: true, value: { accepted: opIds } as never };
    }
  }

  on<E extends IpcEvent>(_event: E, _listener: (data: IpcEvents[E]) => void): () => void {
    return () => undefined;
  }
}

async function runRelay(name: string, behaviour: EnqueueBehaviour, batchSize?: number): Promise<RelayRunResult> {
  const main = new FakeMain(behaviour);
  const relay = new OutboxRelay(database(name), main, batchSize ? { batchSize } : {});
  const result = await relay.run();
  return { ...result, calls: main.calls };
}

async function outbox(name: string): Promise<OutboxRow[]> {
  return database(name).outbox.orderBy('seq').toArray();
}

async function meta(name: string): Promise<MetaRow[]> {
  return database(name).meta.toArray();
}

async function close(name: string): Promise<void> {
  const db = databases.get(name);
  if (!db) return;
  databases.delete(name);
  appliers.delete(name);
  await db.delete();
}

async function schema(name: string): Promise<{ version: number; tables: Array<{ name: string; primKey: string; indexes: string[] }> }> {
  const db = database(name);
  await db.open();
  return {
    version: db.verno,
    tables: db.tables.map((table) => ({
      name: table.name,
      primKey: table.schema.primKey.src,
      indexes: table.schema.indexes.map((index) => index.src),
    })),
  };
}

/**
 * Runs a domain command and answers its result, or the refusal as plain data
 * (`{ ok: false, error: 'CommandRefusedError: …', code }`) so a spec can assert on it.
 */
function command<A extends unknown[], R>(run: (db: SeriDb, ...args: A) => Promise<R>) {
  return async (name: string, ...args: A): Promise<{ ok: true; value: R } | { ok: false; error: string; code: string | null }> => {
    try {
      return { ok: true, value: await run(database(name), ...args) };
    } catch (error) {
      const code = error !== null && typeof error === 'object' && 'code' in error ? String(error.code) : null;
      return { ok: false, error: error instanceof Error ? `${error.name}: ${error.message}` : String(error), code };
    }
  };
}

/** A terminal still on schema version 1 with an op in its outbox, then opened by the current SeriDb. */
async function upgradeFromV1(name: string): Promise<{ version: number; outbox: Array<{ opId: string; state: string }>; refunds: number }> {
  const first = SCHEMA_VERSIONS[0];
  if (!first) throw new Error('no schema version 1');
  const old = new Dexie(name);
  old.version(first.version).stores(first.stores);
  await old.table('outbox').add({ opId: '01900000-0000-7000-8000-000000000001', state: 'new', entity: 'sale', kind: 'create', entityId: 'x', op: {}, createdAt: '2025-01-01T00:00:00.000Z' });
  old.close();
  const db = database(name);
  await db.open();
  return { version: db.verno, outbox: (await db.outbox.toArray()).map((row) => ({ opId: row.opId, state: row.state })), refunds: await db.refunds.count() };
}

/** Feeds keys to a scanner-wedge detector: [key, ms since start] pairs, as a scanner or a person would type them. */
function wedge(keys: Array<[string, number]>, maxGapMs?: number): WedgeVerdict[] {
  const detector = new WedgeDetector(maxGapMs === undefined ? undefined : { ...DEFAULT_WEDGE, maxGapMs });
  return keys.map(([key, at]) => detector.key(key, at));
}

/**
 * Checkout times (createSale, 3 lines, cash) on several databases, interleaved so each sees
 * the same machine: `npm run bench -- history` compares a terminal holding a year-old shop's
 * window with a fresh one holding only the catalogue.
 */
async function checkoutSamples(names: string[], samples: number, device: DeviceContext, cashierId: string): Promise<Record<string, number[]>> {
  const dbs = names.map((name) => database(name));
  const ids = await dbs[0]!.products.limit(5_000).primaryKeys();
  const times: Record<string, number[]> = Object.fromEntries(names.map((name) => [name, []]));
  for (let index = 0; index < samples; index += 1) {
    const order = index % 2 === 0 ? names : [...names].reverse();
    for (const name of order) {
      const db = database(name);
      const picked = new Set<string>();
      while (picked.size < Math.min(3, ids.length)) picked.add(ids[Math.floor(Math.random() * ids.length)]!);
      const lines = [...picked].map((productId) => ({ productId, quantity: 1 }));
      const [products, stock] = await Promise.all([db.products.bulkGet([...picked]), db.stock.bulkGet([...picked])]);
      // No tax rate in these shops: shown without one, prices inclusive (the till's fast path).
      const shown = new Map([...picked].map((id, at) => [id, { price: products[at]?.price ?? 0, name: products[at]?.name ?? '', stock: stock[at]?.quantity ?? 0, rate: null }]));
      const total = lines.reduce((sum, _line, at) => sum + (products[at]?.price ?? 0), 0);
      const started = performance.now();
      await createSale(db, { lines, payments: [{ method: 'CASH', amount: total }], cashierId, device, shown, pricesIncludeTax: true });
      times[name]!.push(performance.now() - started);
    }
  }
  return times;
}

/** Rows per table of a database, without reading them. */
async function counts(name: string): Promise<Record<TableName, number>> {
  const db = database(name);
  const entries = await Promise.all(TABLES.map(async (table) => [table, await db.table(table).count()] as const));
  return Object.fromEntries(entries) as Record<TableName, number>;
}

export const seriTest = {
  checkoutSamples,
  counts,
  upgradeFromV1,
  createSaleShown: runCreateSaleShown,
  saleWritePaths: () => Promise.resolve({ ...saleWritePaths }),
  voidSale: command(voidSale),
  openSession: command(openSession),
  parkCart: command(parkCart),
  resumeCart: command(resumeCart),
  recordCashMovement: command(recordCashMovement),
  closeSession: command(closeSession),
  sessionForSale: command(sessionForSale),
  sessionFigures: command(async (db: SeriDb, sessionId: string) => {
    const session = await db.cashSessions.get(sessionId);
    if (!session) throw new Error(`no session ${sessionId}`);
    return localSessionFigures(db, session);
  }),
  refundSale: command(refundSale),
  recordStockMovement: command(recordStockMovement),
  recordStockCount: command(recordStockCount),
  createProduct: command(createProduct),
  createTaxRate: command(createTaxRate),
  updateTaxRate: command(updateTaxRate),
  cartAmounts: (...args: Parameters<typeof cartAmounts>) => Promise.resolve(cartAmounts(...args)),
  updateProduct: command(updateProduct),
  saveQuickKeys: command(saveQuickKeys),
  createExpense: command(createExpense),
  updateExpense: command(updateExpense),
  deleteExpense: command(deleteExpense),
  report: command(computeReport),
  pruneSlice: command(pruneSlice),
  prunePass: command((db: SeriDb, options: { slice?: number; nowMs: number }) =>
    new RetentionPruner(db, { slicePauseMs: 0, now: () => options.nowMs, ...(options.slice === undefined ? {} : { slice: options.slice }) }).runPass(),
  ),
  planPayments: (...args: Parameters<typeof planPayments>) => Promise.resolve(planPayments(...args)),
  parseDiscount: (...args: Parameters<typeof parseDiscount>) => Promise.resolve(parseDiscount(...args)),
  wedge: (...args: Parameters<typeof wedge>) => Promise.resolve(wedge(...args)),
  seed,
  dump,
  createSale: runCreateSale,
  applyPage: runApplyPage,
  applyPages: runApplyPages,
  drainPulled,
  applyOpStates: runApplyOpStates,
  relay: runRelay,
  outbox,
  meta,
  close,
  schema,
};
export type SeriTestApi = typeof seriTest;

(globalThis as unknown as { seriTest: SeriTestApi }).seriTest = seriTest;
