import {
  buildZReport,
  computeSessionFigures,
  formatZNumber,
  paidPerLine,
  refundLineAmount,
  uuidv7,
  type AnyOp,
  type CashMovementPayload,
  type CashSessionClosePayload,
  type CashSessionOpenPayload,
  type FiguresMovement,
  type FiguresRefund,
  type FiguresSale,
  type Op,
  type PaymentRecord,
  type PushResponse,
  type SaleRefundPayload,
} from '@seri/shared';
import fc from 'fast-check';
import type { ProductDto } from '../../src/admin/products/dto/product.dto';
import type { CashSessionDetailDto, CashSessionSummaryDto } from '../../src/cash-sessions/dto/admin-cash-session.dto';
import { createShopWithLogins, login, shopPath, type AdminClient, type PeopleShop } from '../admin/support/admin-api';
import { uniqueSku } from '../admin/support/shop-data';
import { startTestBackend, type TestBackend } from '../support/test-backend';
import { TestTerminal } from '../support/terminal';

/**
 * A terminal's day as the desktop makes it: every op it queues, and the rows the Z report
 * is computed from on the terminal (the same shapes the desktop reads from Dexie).
 */
class TillDay {
  readonly ops: AnyOp[] = [];
  readonly sales: Array<FiguresSale & { id: string; lines: Array<FiguresSale['lines'][number] & { id: string; productId: string }> }> = [];
  readonly refunds: FiguresRefund[] = [];
  private readonly refundedUnits = new Map<string, number>();
  readonly movements: FiguresMovement[] = [];
  sessionId = uuidv7();
  openedAt = '';
  float = 0;

  constructor(
    readonly terminal: TestTerminal,
    readonly managerId: string,
  ) {}

  open(float: number, openingCount: CashSessionOpenPayload['openingCount'] = null): Op<'cash_session', 'open'> {
    this.float = float;
    this.openedAt = new Date().toISOString();
    const op = this.terminal.op('cash_session', 'open', this.sessionId, { id: this.sessionId, openedBy: this.terminal.userId, openingFloat: float, openingCount, openedAt: this.openedAt });
    this.ops.push(op);
    return op;
  }

  sell(product: ProductDto, quantity: number, payments: (total: number) => PaymentRecord[], discount = 0): Op<'sale', 'create'> {
    const gross = product.price * quantity;
    const total = gross - discount;
    const op = this.terminal.sale([{ product, quantity }], { discount, total, payments: payments(total), sessionId: this.sessionId });
    const payload = op.payload;
    this.sales.push({ id: payload.id, number: payload.number, status: 'COMPLETED', discount, total, payments: payload.payments, lines: payload.lines });
    this.ops.push(op);
    return op;
  }

  voidSale(sale: Op<'sale', 'create'>): Op<'sale', 'void'> {
    const op = this.terminal.voidSale(sale, this.managerId);
    const local = this.sales.find((row) => row.id === sale.payload.id)!;
    local.status = 'VOIDED';
    this.ops.push(op);
    return op;
  }

  refund(sale: Op<'sale', 'create'>, quantity: number, method: PaymentRecord['method'] = 'CASH'): Op<'sale', 'refund'> {
    const line = sale.payload.lines[0]!;
    // What the units are worth of what the customer paid, after the sale discount (I10).
    const refunded = this.refundedUnits.get(line.id) ?? 0;
    const amount = refundLineAmount(paidPerLine(sale.payload).get(line.id)!, line.quantity, refunded, quantity);
    this.refundedUnits.set(line.id, refunded + quantity);
    const payload: SaleRefundPayload = {
      id: uuidv7(),
      saleId: sale.payload.id,
      reason: 'Article défectueux',
      approvedBy: this.managerId,
      method,
      total: amount,
      lines: [{ saleLineId: line.id, productId: line.productId, quantity, amount, movementId: uuidv7() }],
      createdAt: new Date().toISOString(),
      sessionId: this.sessionId,
    };
    this.refunds.push({ method, total: amount });
    const op = this.terminal.op('sale', 'refund', sale.payload.id, payload);
    this.ops.push(op);
    return op;
  }

  move(type: CashMovementPayload['type'], amount: number, approvedBy: string | null = null): Op<'cash_session', 'movement'> {
    const payload: CashMovementPayload = { id: uuidv7(), sessionId: this.sessionId, type, amount, reason: type === 'PAID_OUT' ? 'Fournisseur payé' : 'Monnaie achetée', approvedBy, createdAt: new Date().toISOString() };
    this.movements.push({ type, amount });
    const op = this.terminal.op('cash_session', 'movement', this.sessionId, payload);
    this.ops.push(op);
    return op;
  }

  /** The Z the terminal prints: the shared computation over the terminal's own rows. */
  close(counted: number, zCounter: number): Op<'cash_session', 'close'> {
    const figures = computeSessionFigures({ openingFloat: this.float, sales: this.sales, refunds: this.refunds, movements: this.movements });
    const closedAt = new Date().toISOString();
    const z = buildZReport(figures, { number: formatZNumber(this.terminal.enrollment.terminalCode, zCounter), counted, openedAt: this.openedAt, closedAt });
    const payload: CashSessionClosePayload = { sessionId: this.sessionId, closedBy: this.terminal.userId, counted, closingCount: null, closedAt, z };
    const op = this.terminal.op('cash_session', 'close', this.sessionId, payload);
    this.ops.push(op);
    return op;
  }
}

const statuses = (response: PushResponse): string[] => response.results.map((result) => result.status);

describe('cash sessions and Z reports on the server (real PostgreSQL)', () => {
  let backend: TestBackend;
  let shop: PeopleShop;
  let manager: AdminClient;
  let product: ProductDto;
  let cheap: ProductDto;

  beforeAll(async () => {
    backend = await startTestBackend();
    shop = await createShopWithLogins(backend, 'Boutique Caisse');
    manager = await login(backend, shop.users.MANAGER.email);
    product = await manager.ok<ProductDto>(manager.post(shopPath(shop.shopId, '/products'), { sku: uniqueSku('Z'), name: 'Riz 5 kg', price: 4500, openingStock: 10_000 }), 201);
    cheap = await manager.ok<ProductDto>(manager.post(shopPath(shop.shopId, '/products'), { sku: uniqueSku('Z'), name: 'Savon', price: 275, openingStock: 10_000 }), 201);
  }, 180_000);

  afterAll(async () => {
    await backend?.stop();
  }, 60_000);

  const detail = (sessionId: string) => manager.ok<CashSessionDetailDto>(manager.get(shopPath(shop.shopId, `/cash-sessions/${sessionId}`)));

  it("[I11] a Z report's totals equal the server's for the same session: split payments, refunds, voids, paid-in and paid-out", async () => {
    const terminal = await TestTerminal.enroll(backend, shop.code, shop.users.CASHIER.id);
    const day = new TillDay(terminal, shop.users.MANAGER.id);
    day.open(25_000, { N10000: 2, N2000: 2, C500: 2 });
    day.sell(product, 2, (total) => [{ method: 'CASH', amount: total, tendered: 10_000 }]);
    const split = day.sell(product, 3, (total) => [
      { method: 'CASH', amount: 2000 },
      { method: 'MOBILE_MONEY', amount: total - 2000, reference: 'OM-123' },
    ], 500);
    const voided = day.sell(cheap, 4, (total) => [{ method: 'CARD', amount: total }]);
    day.sell(cheap, 1, (total) => [{ method: 'CASH', amount: total, tendered: 500 }]);
    day.voidSale(voided);
    day.refund(split, 1, 'CASH');
    day.move('PAID_IN', 5000);
    day.move('PAID_OUT', 15_000, shop.users.MANAGER.id);
    const close = day.close(30_000, 1);
    const pushed = await terminal.pushOk(day.ops);
    expect(statuses(pushed)).toEqual(day.ops.map(() => 'applied'));

    const session = await detail(day.sessionId);
    expect(session.status).toBe('CLOSED');
    expect(session.differences).toEqual([]);
    const { number: _number, counted: _counted, variance: _variance, openedAt: _openedAt, closedAt: _closedAt, ...printed } = close.payload.z;
    expect(session.serverFigures).toEqual(printed);
    // 25 000 float + 9 000 + 2 000 + 275 cash − 4 333 refund (one of three units of a 13 000 line,
    // I10) + 5 000 − 15 000 = 21 942 expected.
    expect(session.serverFigures.expectedCash).toBe(21_942);
    expect(session).toMatchObject({ counted: 30_000, variance: 30_000 - 21_942, zNumber: `${terminal.enrollment.terminalCode}-Z000001`, differs: false });
    expect(session.serverFigures).toMatchObject({
      salesCount: 3,
      voidsCount: 1,
      voidsTotal: 1100,
      discounts: 500,
      takings: { CASH: 11_275, MOBILE_MONEY: 11_000, CARD: 0 },
      refunds: { CASH: 4333, MOBILE_MONEY: 0, CARD: 0 },
      paidIn: 5000,
      paidOut: 15_000,
      firstReceipt: `${terminal.enrollment.terminalCode}-000001`,
      lastReceipt: `${terminal.enrollment.terminalCode}-000004`,
    });
    expect(session.movements.map((movement) => [movement.type, movement.amount, movement.approvedBy])).toEqual([
      ['PAID_IN', 5000, null],
      ['PAID_OUT', 15_000, shop.users.MANAGER.id],
    ]);

    const list = await manager.ok<{ items: CashSessionSummaryDto[] }>(manager.get(shopPath(shop.shopId, `/cash-sessions?deviceId=${terminal.deviceId}`)));
    expect(list.items).toEqual([expect.objectContaining({ id: day.sessionId, variance: 30_000 - 21_942, differs: false, status: 'CLOSED' })]);

    // The feed carries the closed session with its Z to every terminal of the shop.
    const pulled = await terminal.pullAll('0');
    const sessions = pulled.pages.flatMap((page) => page.changes).filter((change) => change.entity === 'cash_session' && change.op === 'upsert');
    expect(sessions.at(-1)).toMatchObject({ entityId: day.sessionId, data: { status: 'CLOSED', z: { number: close.payload.z.number, variance: 30_000 - 21_942 } } });
  }, 120_000);

  it('[I11] a day of random sales, split payments, refunds, voids and paid-outs, offline and online, gives the same Z on the terminal and the server', async () => {
    const terminal = await TestTerminal.enroll(backend, shop.code, shop.users.CASHIER.id);
    let zCounter = 0;
    const step = fc.oneof(
      fc.record({ kind: fc.constant('sale' as const), quantity: fc.integer({ min: 1, max: 5 }), cheap: fc.boolean(), method: fc.constantFrom('CASH', 'MOBILE_MONEY', 'CARD', 'SPLIT'), discount: fc.integer({ min: 0, max: 200 }) }),
      fc.record({ kind: fc.constant('refund' as const), pick: fc.nat() }),
      fc.record({ kind: fc.constant('void' as const), pick: fc.nat() }),
      fc.record({ kind: fc.constantFrom('PAID_IN' as const, 'PAID_OUT' as const), amount: fc.integer({ min: 1, max: 20_000 }) }),
    );
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 50_000 }), fc.array(step, { minLength: 1, maxLength: 14 }), fc.array(fc.boolean(), { minLength: 1, maxLength: 20 }), fc.integer({ min: -3000, max: 3000 }), async (float, steps, online, slip) => {
        const day = new TillDay(terminal, shop.users.MANAGER.id);
        day.open(float);
        const sold: Array<{ op: Op<'sale', 'create'>; touched: boolean }> = [];
        for (const action of steps) {
          if (action.kind === 'sale') {
            const item = action.cheap ? cheap : product;
            const discount = Math.min(action.discount, item.price * action.quantity);
            const op = day.sell(item, action.quantity, (total) =>
              action.method === 'SPLIT' && total > 1
                ? [{ method: 'CASH', amount: Math.min(1 + (total % 1000), total - 1) }, { method: 'MOBILE_MONEY', amount: total - Math.min(1 + (total % 1000), total - 1) }] as PaymentRecord[]
                : [{ method: action.method === 'SPLIT' ? 'CASH' : action.method, amount: total }],
              discount,
            );
            sold.push({ op, touched: discount > 0 });
          } else if (action.kind === 'refund' || action.kind === 'void') {
            const open = sold.filter((entry) => !entry.touched);
            const entry = open[action.pick % Math.max(open.length, 1)];
            if (!entry) continue;
            entry.touched = true;
            if (action.kind === 'void') day.voidSale(entry.op);
            else day.refund(entry.op, 1, entry.op.payload.payments[0]!.method);
          } else {
            day.move(action.kind, action.amount, action.amount > 10_000 ? shop.users.MANAGER.id : null);
          }
        }
        zCounter += 1;
        const expected = computeSessionFigures({ openingFloat: day.float, sales: day.sales, refunds: day.refunds, movements: day.movements }).expectedCash;
        const close = day.close(Math.max(0, expected + slip), zCounter);
        // Online: each op pushed as it is made; offline: the ops wait and go in one batch.
        let batch: AnyOp[] = [];
        for (const [index, op] of day.ops.entries()) {
          batch.push(op);
          if (online[index % online.length] || index === day.ops.length - 1) {
            // Any refusal shows with its reason.
            expect((await terminal.pushOk(batch)).results.filter((result) => result.status !== 'applied')).toEqual([]);
            batch = [];
          }
        }
        const session = await detail(day.sessionId);
        expect(session.differences).toEqual([]);
        expect(session.serverFigures.expectedCash).toBe(close.payload.z.expectedCash);
        expect(session.variance).toBe(close.payload.z.variance);
        expect(session.z).toEqual(close.payload.z);
      }),
      { numRuns: 6 },
    );
  }, 600_000);

  it('[I11] closed is final: no movement, sale, void or second close after it; the same close replayed counts once (I2)', async () => {
    const terminal = await TestTerminal.enroll(backend, shop.code, shop.users.CASHIER.id);
    const day = new TillDay(terminal, shop.users.MANAGER.id);
    day.open(10_000);
    const sale = day.sell(product, 1, (total) => [{ method: 'CASH', amount: total }]);
    const close = day.close(14_500, 1);
    await terminal.pushOk([...day.ops]);

    const replay = await terminal.pushOk([close]);
    expect(statuses(replay)).toEqual(['duplicate']);
    const late = [day.move('PAID_OUT', 100), day.voidSale(sale), terminal.sale([{ product, quantity: 1 }], { sessionId: day.sessionId }), day.close(14_500, 2)];
    const refused = await terminal.pushOk(late);
    expect(refused.results.map((result) => (result.status === 'rejected' ? result.code : result.status))).toEqual(['BUSINESS_RULE', 'BUSINESS_RULE', 'BUSINESS_RULE', 'BUSINESS_RULE']);
    expect(refused.results.map((result) => (result.status === 'rejected' ? result.reason : ''))).toEqual([
      expect.stringContaining('closed'),
      expect.stringContaining('refund the sale instead'),
      expect.stringContaining('closed'),
      expect.stringContaining('closed'),
    ]);
    const session = await detail(day.sessionId);
    expect(session).toMatchObject({ status: 'CLOSED', counted: 14_500, variance: 0, differences: [] });
    expect(session.movements).toEqual([]);
  }, 120_000);

  it('[I11] Z numbers are gap-free per terminal: a close that skips a number, reuses one or names another terminal is refused', async () => {
    const terminal = await TestTerminal.enroll(backend, shop.code, shop.users.CASHIER.id);
    const code = terminal.enrollment.terminalCode;
    const first = new TillDay(terminal, shop.users.MANAGER.id);
    first.open(1000);
    const skipped = first.close(1000, 2);
    const refused = await terminal.pushOk([...first.ops]);
    expect(refused.results.map((result) => result.status)).toEqual(['applied', 'rejected']);
    expect(refused.results[1]).toMatchObject({ code: 'BUSINESS_RULE', reason: `Z report ${code}-Z000002 breaks this terminal's sequence: the next Z number is ${code}-Z000001` });
    const foreign = { ...skipped, opId: uuidv7(), payload: { ...skipped.payload, z: { ...skipped.payload.z, number: 'T99-Z000001' } } };
    expect((await terminal.pushOk([foreign])).results[0]).toMatchObject({ status: 'rejected', code: 'BUSINESS_RULE', reason: expect.stringContaining(`the next Z number is ${code}-Z000001`) as string });
    expect((await detail(first.sessionId)).status).toBe('OPEN');
    expect(statuses(await terminal.pushOk([first.close(1000, 1)]))).toEqual(['applied']);

    const second = new TillDay(terminal, shop.users.MANAGER.id);
    second.open(500);
    const again = second.close(500, 1);
    const results = await terminal.pushOk([...second.ops, second.close(500, 3), second.close(500, 2)]);
    expect(results.results.map((result) => (result.status === 'rejected' ? result.code : result.status))).toEqual(['applied', 'CONFLICT', 'BUSINESS_RULE', 'applied']);
    expect(again.payload.z.number).toBe(`${code}-Z000001`);
    expect(await detail(second.sessionId)).toMatchObject({ status: 'CLOSED', zNumber: `${code}-Z000002` });
  }, 120_000);

  it('[I11] sales made before the open join the next session; a session is one terminal’s, one open at a time', async () => {
    const terminal = await TestTerminal.enroll(backend, shop.code, shop.users.CASHIER.id);
    const other = await TestTerminal.enroll(backend, shop.code, shop.users.CASHIER.id);
    const day = new TillDay(terminal, shop.users.MANAGER.id);
    // Sold before the till was opened (the shop allows it): the sale already names the next session.
    day.sell(product, 1, (total) => [{ method: 'CASH', amount: total }]);
    day.open(5000);
    await terminal.pushOk([...day.ops]);
    expect((await detail(day.sessionId)).serverFigures).toMatchObject({ salesCount: 1, expectedCash: 9500 });

    const second = new TillDay(terminal, shop.users.MANAGER.id);
    const results = await terminal.pushOk([second.open(0)]);
    expect(results.results[0]).toMatchObject({ status: 'rejected', code: 'BUSINESS_RULE' });
    expect(results.results[0]?.status === 'rejected' ? results.results[0].reason : '').toContain('still open');
    const foreign = await other.pushOk([other.op('cash_session', 'movement', day.sessionId, { id: uuidv7(), sessionId: day.sessionId, type: 'PAID_IN', amount: 100, reason: 'Monnaie', approvedBy: null, createdAt: new Date().toISOString() })]);
    expect(foreign.results[0]).toMatchObject({ status: 'rejected', code: 'FORBIDDEN' });
    const foreignSale = await other.pushOk([other.sale([{ product, quantity: 1 }], { sessionId: day.sessionId })]);
    expect(foreignSale.results[0]).toMatchObject({ status: 'rejected', code: 'FORBIDDEN' });
  }, 120_000);

  it('[I11] a paid-out above the shop threshold needs a manager’s approval; a cashier cannot give it', async () => {
    const terminal = await TestTerminal.enroll(backend, shop.code, shop.users.CASHIER.id);
    const day = new TillDay(terminal, shop.users.MANAGER.id);
    await terminal.pushOk([day.open(50_000)]);
    const unapproved = day.move('PAID_OUT', 10_001);
    const byCashier = day.move('PAID_OUT', 20_000, shop.users.CASHIER.id);
    const small = day.move('PAID_OUT', 10_000);
    const response = await terminal.pushOk([unapproved, byCashier, small]);
    expect(response.results.map((result) => (result.status === 'rejected' ? result.code : result.status))).toEqual(['FORBIDDEN', 'FORBIDDEN', 'applied']);
    expect((await detail(day.sessionId)).serverFigures).toMatchObject({ paidOut: 10_000, expectedCash: 40_000 });
  }, 120_000);

  it('[bad-input] a Z report that does not add up, a grid that is not the float, an unknown note: 400 naming the field, nothing written', async () => {
    const terminal = await TestTerminal.enroll(backend, shop.code, shop.users.CASHIER.id);
    const day = new TillDay(terminal, shop.users.MANAGER.id);
    const badGrid = day.open(25_000, { N10000: 1 });
    const response = await terminal.push([badGrid]);
    expect(response.status).toBe(400);
    expect(JSON.stringify(response.body)).toContain('openingFloat must be the total of openingCount (10000)');
    const unknownNote = { ...badGrid, opId: uuidv7(), payload: { ...badGrid.payload, openingCount: { N3000: 1 } } };
    const unknown = await terminal.push([unknownNote]);
    expect(unknown.status).toBe(400);
    expect(JSON.stringify(unknown.body)).toContain('N3000');

    const good = new TillDay(terminal, shop.users.MANAGER.id);
    await terminal.pushOk([good.open(1000)]);
    const close = good.close(1000, 1);
    const tampered = { ...close, payload: { ...close.payload, z: { ...close.payload.z, variance: 500 } } };
    const refused = await terminal.push([tampered]);
    expect(refused.status).toBe(400);
    expect(JSON.stringify(refused.body)).toContain('z.variance must be counted − expectedCash (0)');
    const missing = { ...close, payload: { ...close.payload, z: { ...close.payload.z, takings: { CASH: 0 } } } };
    const incomplete = await terminal.push([missing]);
    expect(incomplete.status).toBe(400);
    expect(JSON.stringify(incomplete.body)).toContain('takings.MOBILE_MONEY');
    expect((await detail(good.sessionId)).status).toBe('OPEN');
  }, 120_000);
});
