import { validateOp } from '@seri/shared/dto';
import { type AnyOp, type CashSessionRecord, type SaleRecord, type SessionFigures, type ShopRecord, type ZReport } from '@seri/shared';
import { DexiePage } from './support/dexie-page';
import { level, makeDevice, makeProduct, makeUser } from './support/factories';

/** The terminal's session row (renderer types stay out of the node test project). */
type LocalCashSession = CashSessionRecord & { syncState: string };

type Outcome<T> = { ok: true; value: T } | { ok: false; error: string; code: string | null };

interface Dump {
  cashSessions: LocalCashSession[];
  sales: Array<SaleRecord & { syncState: string }>;
  outbox: Array<{ seq: number; entity: string; kind: string; op: AnyOp }>;
  meta: Array<{ key: string; value: unknown }>;
}

describe('cash sessions on the terminal, in real IndexedDB (Chromium)', () => {
  let harness: DexiePage;
  let dbCount = 0;
  const device = makeDevice();
  const cashier = makeUser(device.shopId, { name: 'Awa Diop' });
  const manager = makeUser(device.shopId, { name: 'Moussa Ndiaye', role: 'MANAGER' });
  const author = { deviceId: device.deviceId, shopId: device.shopId, userId: cashier.id };
  const rice = makeProduct(device.shopId, { name: 'Riz 5 kg', price: 4500 });
  const soap = makeProduct(device.shopId, { name: 'Savon', price: 275 });
  const shop = (overrides: Partial<ShopRecord> = {}): ShopRecord => ({ id: device.shopId, name: 'Boutique', currency: 'XOF', locale: 'fr-SN', ...overrides });

  beforeAll(async () => {
    harness = await DexiePage.open();
  });

  afterAll(async () => {
    expect(harness.errors).toEqual([]);
    await harness.close();
  });

  async function freshDb(shopRecord: ShopRecord = shop()): Promise<string> {
    dbCount += 1;
    const name = `cash-${dbCount}`;
    await harness.call('seed', name, {
      products: [rice, soap],
      users: [cashier, manager],
      stockLevels: [level(rice, 100), level(soap, 100)],
      stock: [
        { productId: rice.id, quantity: 100 },
        { productId: soap.id, quantity: 100 },
      ],
      meta: [{ key: 'shop', value: shopRecord }],
    });
    return name;
  }

  async function ok<T>(promise: Promise<Outcome<T>>): Promise<T> {
    const outcome = await promise;
    if (!outcome.ok) throw new Error(outcome.error);
    return outcome.value;
  }

  async function sell(db: string, productId: string, quantity: number, payments: SaleRecord['payments']): Promise<SaleRecord> {
    const sessionId = await ok(harness.call<Outcome<string>>('sessionForSale', db, device.deviceId));
    const result = await harness.call<{ ok: true; sale: SaleRecord } | { ok: false; error: string }>('createSale', db, {
      lines: [{ productId, quantity }],
      payments,
      cashierId: cashier.id,
      device,
      sessionId,
    });
    if (!result.ok) throw new Error(result.error);
    return result.sale;
  }

  const dump = (db: string) => harness.call<Dump>('dump', db);

  it('[I11] a day on the till: open with the grid, sell, refund, void, pay out with approval, close; the Z is the shared figures, every op validates', async () => {
    const db = await freshDb();
    const opened = await ok(harness.call<Outcome<LocalCashSession>>('openSession', db, { author, float: { amount: 25_000, grid: { N10000: 2, N5000: 1 } } }));
    expect(opened).toMatchObject({ status: 'OPEN', openingFloat: 25_000, syncState: 'pending' });
    const second = await harness.call<Outcome<unknown>>('openSession', db, { author, float: { amount: 0, grid: null } });
    expect(second).toMatchObject({ ok: false, code: 'SESSION_OPEN' });

    const cash = await sell(db, rice.id, 2, [{ method: 'CASH', amount: 9000, tendered: 10_000 }]);
    const split = await sell(db, rice.id, 1, [{ method: 'CASH', amount: 500 }, { method: 'MOBILE_MONEY', amount: 4000 }]);
    const card = await sell(db, soap.id, 4, [{ method: 'CARD', amount: 1100 }]);
    expect([cash, split, card].map((sale) => sale.sessionId)).toEqual([opened.id, opened.id, opened.id]);
    await ok(harness.call('voidSale', db, { saleId: card.id, reason: 'Erreur', approvedBy: manager.id, author }));
    await ok(harness.call('refundSale', db, { saleId: cash.id, lines: [{ saleLineId: cash.lines[0]!.id, quantity: 1 }], reason: 'Abîmé', method: 'CASH', approvedBy: manager.id, author, sessionId: opened.id }));

    const unapproved = await harness.call<Outcome<unknown>>('recordCashMovement', db, { author, type: 'PAID_OUT', amount: 15_000, reason: 'Fournisseur', approvedBy: null });
    expect(unapproved).toMatchObject({ ok: false, code: 'APPROVAL_REQUIRED' });
    await ok(harness.call('recordCashMovement', db, { author, type: 'PAID_OUT', amount: 15_000, reason: 'Fournisseur', approvedBy: manager.id }));
    await ok(harness.call('recordCashMovement', db, { author, type: 'PAID_IN', amount: 2000, reason: 'Monnaie', approvedBy: null }));

    const x = await ok(harness.call<Outcome<SessionFigures>>('sessionFigures', db, opened.id));
    // 25 000 + 9 000 + 500 cash − 4 500 refunded − 15 000 + 2 000.
    expect(x.expectedCash).toBe(17_000);
    const z = await ok(harness.call<Outcome<ZReport>>('closeSession', db, { author, counted: { amount: 16_500, grid: null }, terminalCode: 'T01' }));
    expect(z).toMatchObject({ number: 'T01-Z000001', expectedCash: 17_000, counted: 16_500, variance: -500, voidsCount: 1, salesCount: 2, firstReceipt: 'T01-000001', lastReceipt: 'T01-000003' });
    const { number: _n, counted: _c, variance: _v, openedAt: _o, closedAt: _cl, ...figures } = z;
    expect(figures).toEqual(x);

    const state = await dump(db);
    expect(state.cashSessions).toEqual([expect.objectContaining({ id: opened.id, status: 'CLOSED', counted: 16_500, z })]);
    const sessionOps = state.outbox.filter((row) => row.entity === 'cash_session').map((row) => row.kind);
    expect(sessionOps).toEqual(['open', 'movement', 'movement', 'close']);
    for (const row of state.outbox) expect([row.kind, validateOp(row.op).ok]).toEqual([row.kind, true]);
    expect(state.meta).toEqual(expect.arrayContaining([{ key: 'zCounter', value: 1 }]));

    // Closed is final here too: the sale of a closed session comes back by refund, not void.
    const lateVoid = await harness.call<Outcome<unknown>>('voidSale', db, { saleId: split.id, reason: 'Trop tard', approvedBy: manager.id, author });
    expect(lateVoid).toMatchObject({ ok: false, code: 'SESSION_CLOSED' });
    const lateMove = await harness.call<Outcome<unknown>>('recordCashMovement', db, { author, type: 'PAID_IN', amount: 100, reason: 'x', approvedBy: null });
    expect(lateMove).toMatchObject({ ok: false, code: 'NO_SESSION' });

    // The next Z takes the next number, without a gap.
    await ok(harness.call('openSession', db, { author, float: { amount: 16_500, grid: null } }));
    const next = await ok(harness.call<Outcome<ZReport>>('closeSession', db, { author, counted: { amount: 16_500, grid: null }, terminalCode: 'T01' }));
    expect(next).toMatchObject({ number: 'T01-Z000002', variance: 0, salesCount: 0 });
  });

  it('[I11] with no session open a sale is refused when the shop requires one, and otherwise joins the next session', async () => {
    const strict = await freshDb(shop({ allowSalesWithoutSession: false }));
    expect(await harness.call('sessionForSale', strict, device.deviceId)).toMatchObject({ ok: false, code: 'NO_SESSION' });

    const lenient = await freshDb(shop({ allowSalesWithoutSession: true }));
    const before = await sell(lenient, soap.id, 2, [{ method: 'CASH', amount: 550 }]);
    const opened = await ok(harness.call<Outcome<LocalCashSession>>('openSession', lenient, { author, float: { amount: 1000, grid: null } }));
    expect(opened.id).toBe(before.sessionId);
    const x = await ok(harness.call<Outcome<SessionFigures>>('sessionFigures', lenient, opened.id));
    expect(x).toMatchObject({ salesCount: 1, expectedCash: 1550 });
  });

  it('[bad-input] a float that is not the grid’s total, a negative count, a paid-out without reason: refused, nothing written', async () => {
    const db = await freshDb();
    expect(await harness.call('openSession', db, { author, float: { amount: 20_000, grid: { N10000: 1 } } })).toMatchObject({ ok: false, code: 'BAD_COUNT' });
    expect(await harness.call('openSession', db, { author, float: { amount: -5, grid: null } })).toMatchObject({ ok: false, code: 'BAD_AMOUNT' });
    await ok(harness.call('openSession', db, { author, float: { amount: 0, grid: null } }));
    expect(await harness.call('recordCashMovement', db, { author, type: 'PAID_OUT', amount: 100, reason: '  ', approvedBy: null })).toMatchObject({ ok: false, code: 'REASON_REQUIRED' });
    expect(await harness.call('closeSession', db, { author, counted: { amount: 1.5, grid: null }, terminalCode: 'T01' })).toMatchObject({ ok: false, code: 'BAD_AMOUNT' });
    const state = await dump(db);
    expect(state.outbox.map((row) => row.kind)).toEqual(['open']);
    expect(state.cashSessions[0]?.movements).toEqual([]);
  });
});
