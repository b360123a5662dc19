import { uuidv7 } from '@seri/shared';
import { DexiePage } from './support/dexie-page';
import { cashPayment, level, makeDevice, makeProduct, makeUser, movement } from './support/factories';

type Outcome<T> = { ok: true; value: T } | { ok: false; error: string };
interface Report {
  sales: number;
  lines: number;
  movements: number;
  refunds: number;
  expenses: number;
  outbox: number;
}
type Dump = Record<'sales' | 'saleLines' | 'stockMovements' | 'refunds' | 'expenses' | 'outbox' | 'stock', Array<{ id?: string; opId?: string; productId?: string; quantity?: number }>>;

const CUTOFF = '2025-06-01';
/** 90 days (the default window) after CUTOFF. */
const NOW = Date.UTC(2025, 7, 30, 12);
const OLD = '2025-01-10T09:00:00.000Z';
const RECENT = '2025-07-01T09:00:00.000Z';

describe('terminal retention in real IndexedDB (Chromium)', () => {
  let harness: DexiePage;
  let dbCount = 0;
  const device = makeDevice();
  const cashier = makeUser(device.shopId);
  const soap = makeProduct(device.shopId, { name: 'Savon' });

  beforeAll(async () => {
    harness = await DexiePage.open();
  });

  afterAll(async () => {
    await harness.close();
  });

  function localSale(createdAt: string, syncState: 'pending' | 'synced' | 'rejected' = 'synced') {
    const id = uuidv7();
    const movementId = uuidv7();
    const sale = {
      id,
      shopId: device.shopId,
      deviceId: device.deviceId,
      cashierId: cashier.id,
      number: `T01-${id.slice(-6)}`,
      currency: 'XOF',
      subtotal: 500,
      discount: 0,
      total: 500,
      payments: [cashPayment(500)],
      status: 'COMPLETED' as const,
      createdAt,
      syncState,
    };
    const line = { id: uuidv7(), saleId: id, productId: soap.id, name: 'Savon', quantity: 1, unitPrice: 500, discount: 0, total: 500, movementId };
    const saleMovement = { ...movement(soap, -1, { id: movementId, type: 'SALE', saleId: id, createdAt }), pending: syncState === 'synced' ? 0 : 1 };
    return { sale, line, movement: saleMovement };
  }

  function refundOf(saleId: string, syncState: 'pending' | 'synced') {
    return {
      id: uuidv7(),
      saleId,
      shopId: device.shopId,
      deviceId: device.deviceId,
      userId: cashier.id,
      approvedBy: cashier.id,
      reason: 'Article abîmé',
      method: 'CASH' as const,
      total: 500,
      lines: [],
      createdAt: OLD,
      syncState,
    };
  }

  function outboxRow(entity: string, kind: string, entityId: string, state: 'new' | 'handed', queueState: string | undefined, createdAt = OLD) {
    return { opId: uuidv7(), state, entity, kind, entityId, op: {}, createdAt, ...(queueState ? { queueState } : {}) };
  }

  function expense(date: string) {
    return { id: uuidv7(), shopId: device.shopId, category: 'Transport', amount: 1000, note: null, date, deleted: false, hlc: '0000000000000-0000-x', updatedAt: `${date}T10:00:00.000Z` };
  }

  it('[I12] pruning takes old synced sales with their lines, movements and refunds, and never unsynced data or what a queued op needs', async () => {
    dbCount += 1;
    const db = `retention-${dbCount}`;
    const gone = localSale(OLD);
    const goneRefund = refundOf(gone.sale.id, 'synced');
    const unsynced = localSale(OLD, 'pending');
    const rejected = localSale(OLD, 'rejected');
    const withPendingRefund = localSale(OLD);
    const pendingRefund = refundOf(withPendingRefund.sale.id, 'pending');
    const withQueuedVoid = localSale(OLD);
    const recent = localSale(RECENT);
    const sales = [gone, unsynced, rejected, withPendingRefund, withQueuedVoid, recent];
    const looseSynced = { ...movement(soap, 5, { createdAt: OLD }), pending: 0 };
    const loosePending = { ...movement(soap, 2, { createdAt: OLD }), pending: 1 };
    const oldExpense = expense('2025-02-01');
    const editedExpense = expense('2025-02-02');
    const recentExpense = expense('2025-07-02');
    const oldSynced = outboxRow('sale', 'create', gone.sale.id, 'handed', 'SYNCED');
    const oldRejected = outboxRow('sale', 'create', rejected.sale.id, 'handed', 'REJECTED');
    const unsyncedOp = outboxRow('sale', 'create', unsynced.sale.id, 'new', undefined);
    const queuedVoid = outboxRow('sale', 'void', withQueuedVoid.sale.id, 'handed', 'PENDING');
    const queuedEdit = outboxRow('expense', 'update', editedExpense.id, 'handed', 'FAILED');
    const recentSynced = outboxRow('sale', 'create', recent.sale.id, 'handed', 'SYNCED', RECENT);
    await harness.call('seed', db, {
      products: [soap],
      users: [cashier],
      stockLevels: [level(soap, 40)],
      stock: [{ productId: soap.id, quantity: 40 - 1 + 2 }],
      sales: sales.map((entry) => entry.sale),
      saleLines: sales.map((entry) => entry.line),
      stockMovements: [...sales.map((entry) => entry.movement), looseSynced, loosePending],
      refunds: [goneRefund, pendingRefund],
      expenses: [oldExpense, editedExpense, recentExpense],
      outbox: [oldSynced, oldRejected, unsyncedOp, queuedVoid, queuedEdit, recentSynced],
    });
    const before = await harness.call<Dump>('dump', db);

    const pruned = await harness.call<Outcome<Report>>('prunePass', db, { nowMs: NOW });
    expect(pruned).toEqual({ ok: true, value: { sales: 1, lines: 1, movements: 2, refunds: 1, expenses: 1, outbox: 1 } });

    const after = await harness.call<Dump>('dump', db);
    const ids = (rows: Array<{ id?: string; opId?: string }>) => rows.map((row) => row.id ?? row.opId).sort();
    expect(ids(after.sales)).toEqual(ids(sales.filter((entry) => entry !== gone).map((entry) => entry.sale)));
    expect(ids(after.saleLines)).toEqual(ids(sales.filter((entry) => entry !== gone).map((entry) => entry.line)));
    expect(ids(after.stockMovements)).toEqual(ids([...sales.filter((entry) => entry !== gone).map((entry) => entry.movement), loosePending]));
    expect(ids(after.refunds)).toEqual([pendingRefund.id]);
    expect(ids(after.expenses)).toEqual(ids([editedExpense, recentExpense]));
    expect(ids(after.outbox)).toEqual(ids([oldRejected, unsyncedOp, queuedVoid, queuedEdit, recentSynced]));
    // Stock is untouched: the displayed level is still the server's plus what is pending here (I4).
    expect(after.stock).toEqual(before.stock);
    // Nothing left: a second pass prunes nothing.
    expect(await harness.call<Outcome<Report>>('prunePass', db, { nowMs: NOW })).toEqual({ ok: true, value: { sales: 0, lines: 0, movements: 0, refunds: 0, expenses: 0, outbox: 0 } });
  });

  it('[I12][I11] pruning keeps every sale of an open cash session, however old, and takes those of a closed one', async () => {
    dbCount += 1;
    const db = `retention-${dbCount}`;
    const session = (status: 'OPEN' | 'CLOSED') => ({
      id: uuidv7(),
      shopId: device.shopId,
      deviceId: device.deviceId,
      status,
      openedBy: cashier.id,
      openedAt: OLD,
      openingFloat: 10_000,
      openingCount: null,
      movements: [],
      closedBy: status === 'CLOSED' ? cashier.id : null,
      closedAt: status === 'CLOSED' ? OLD : null,
      counted: status === 'CLOSED' ? 10_500 : null,
      closingCount: null,
      z: null,
    });
    const open = session('OPEN');
    const closed = session('CLOSED');
    const inOpen = localSale(OLD);
    const inClosed = localSale(OLD);
    const entries = [
      { ...inOpen, sale: { ...inOpen.sale, sessionId: open.id } },
      { ...inClosed, sale: { ...inClosed.sale, sessionId: closed.id } },
    ];
    await harness.call('seed', db, {
      products: [soap],
      cashSessions: [open, closed],
      sales: entries.map((entry) => entry.sale),
      saleLines: entries.map((entry) => entry.line),
      stockMovements: entries.map((entry) => entry.movement),
    });
    const pruned = await harness.call<Outcome<Report>>('prunePass', db, { nowMs: NOW });
    expect(pruned).toMatchObject({ ok: true, value: { sales: 1, lines: 1, movements: 1 } });
    const after = await harness.call<Dump>('dump', db);
    expect(after.sales.map((row) => row.id)).toEqual([inOpen.sale.id]);
    expect(after.saleLines.map((row) => row.id)).toEqual([inOpen.line.id]);
  });

  it('[I12] pruning goes in small slices, each its own transaction, until the window is all that is left', async () => {
    dbCount += 1;
    const db = `retention-${dbCount}`;
    const old = Array.from({ length: 250 }, (_, index) => localSale(`2025-01-${String(10 + (index % 18)).padStart(2, '0')}T09:00:00.000Z`));
    const recent = Array.from({ length: 5 }, () => localSale(RECENT));
    const all = [...old, ...recent];
    await harness.call('seed', db, {
      products: [soap],
      sales: all.map((entry) => entry.sale),
      saleLines: all.map((entry) => entry.line),
      stockMovements: all.map((entry) => entry.movement),
    });
    const first = await harness.call<Outcome<Report>>('pruneSlice', db, { cutoffDay: CUTOFF, slice: 100 });
    expect(first).toMatchObject({ ok: true, value: { sales: 100, lines: 100, movements: 100 } });
    const rest = await harness.call<Outcome<Report>>('prunePass', db, { nowMs: NOW, slice: 100 });
    expect(rest).toMatchObject({ ok: true, value: { sales: 150 } });
    const after = await harness.call<Dump>('dump', db);
    expect(after.sales.map((row) => row.id).sort()).toEqual(recent.map((entry) => entry.sale.id).sort());
  });
});
