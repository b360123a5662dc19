import { validateOp } from '@seri/shared/dto';
import { uuidv7, type AnyOp, type ExpenseRecord, type ProductRecord, type SaleRecord } from '@seri/shared';
import { DexiePage } from './support/dexie-page';
import { cashPayment, level, makeDevice, makeProduct, makeUser } from './support/factories';

type Outcome<T> = { ok: true; value: T } | { ok: false; error: string; code: string | null };

interface Dump {
  sales: Array<{ id: string; status: string }>;
  refunds: Array<{ id: string; saleId: string; total: number; syncState: string; lines: Array<{ quantity: number; amount: number }> }>;
  stock: Array<{ productId: string; quantity: number }>;
  stockMovements: Array<{ id: string; productId: string; type: string; quantity: number; pending: number; note: string | null }>;
  products: ProductRecord[];
  expenses: ExpenseRecord[];
  outbox: Array<{ seq: number; opId: string; entity: string; kind: string; entityId: string; op: AnyOp }>;
}

describe('domain commands in real IndexedDB (Chromium): each a strict transaction with its op (I1, I4, I5, I6)', () => {
  let harness: DexiePage;
  let dbCount = 0;
  const device = makeDevice();
  const cashier = makeUser(device.shopId, { name: 'Awa Diop' });
  const manager = makeUser(device.shopId, { name: 'Moussa Ndiaye', role: 'MANAGER' });
  const author = { deviceId: device.deviceId, shopId: device.shopId, userId: cashier.id };
  const rice = makeProduct(device.shopId, { name: 'Riz 5 kg', price: 4500, barcode: '6001234500011' });
  const oil = makeProduct(device.shopId, { name: 'Huile 1 L', price: 1250, barcode: '6001234500028' });

  beforeAll(async () => {
    harness = await DexiePage.open();
  });

  afterAll(async () => {
    expect(harness.errors).toEqual([]);
    await harness.close();
  });

  async function freshDb(): Promise<string> {
    dbCount += 1;
    const name = `commands-${dbCount}`;
    await harness.call('seed', name, {
      products: [rice, oil],
      users: [cashier, manager],
      stockLevels: [level(rice, 10), level(oil, 4)],
      stock: [
        { productId: rice.id, quantity: 10 },
        { productId: oil.id, quantity: 4 },
      ],
    });
    return name;
  }

  async function sell(db: string, lines: Array<{ productId: string; quantity: number; discount?: number }>, paid: number, discount = 0): Promise<SaleRecord> {
    const result = await harness.call<{ ok: true; sale: SaleRecord } | { ok: false; error: string }>('createSale', db, {
      lines,
      payments: [cashPayment(paid)],
      cashierId: cashier.id,
      device,
      discount,
    });
    if (!result.ok) throw new Error(result.error);
    return result.sale;
  }

  const dump = (db: string) => harness.call<Dump>('dump', db);
  const stockOf = (state: Dump, productId: string) => state.stock.find((row) => row.productId === productId)?.quantity;
  const lastOp = (state: Dump) => state.outbox[state.outbox.length - 1]!.op;

  it('[I5] a void is a new op: VOID movements put the stock back, the sale shows VOIDED, the op validates', async () => {
    const db = await freshDb();
    const sale = await sell(db, [{ productId: rice.id, quantity: 2 }, { productId: oil.id, quantity: 1 }], 10_250);
    const voided = await harness.call<Outcome<AnyOp>>('voidSale', db, { saleId: sale.id, reason: 'erreur de caisse', approvedBy: manager.id, author });
    expect(voided.ok).toBe(true);

    const state = await dump(db);
    expect(state.sales.find((row) => row.id === sale.id)?.status).toBe('VOIDED');
    expect(stockOf(state, rice.id)).toBe(10);
    expect(stockOf(state, oil.id)).toBe(4);
    const movements = state.stockMovements.filter((movement) => movement.type === 'VOID');
    expect(movements.map((movement) => [movement.productId, movement.quantity, movement.pending]).sort()).toEqual(
      [
        [rice.id, 2, 1],
        [oil.id, 1, 1],
      ].sort(),
    );
    expect(state.outbox.map((row) => `${row.entity}/${row.kind}`)).toEqual(['sale/create', 'sale/void']);
    const op = lastOp(state);
    expect(op).toMatchObject({ entity: 'sale', kind: 'void', entityId: sale.id, userId: cashier.id, payload: { saleId: sale.id, approvedBy: manager.id, reason: 'erreur de caisse' } });
    expect(validateOp(op).ok).toBe(true);

    // Voiding twice is refused and writes nothing.
    const again = await harness.call<Outcome<AnyOp>>('voidSale', db, { saleId: sale.id, reason: 'encore', approvedBy: manager.id, author });
    expect(again).toMatchObject({ ok: false, code: 'ALREADY_VOIDED' });
    expect((await dump(db)).outbox).toHaveLength(2);
  });

  it('[I5] refunds part of a sale as a new record and op, pro rata of the sale discount, and never more than was sold', async () => {
    const db = await freshDb();
    // 2 × 4 500 + 1 250 = 10 250, minus 1 025 (10 %) on the sale = 9 225 paid.
    const sale = await sell(db, [{ productId: rice.id, quantity: 2 }, { productId: oil.id, quantity: 1 }], 9_225, 1_025);
    const riceLine = sale.lines.find((line) => line.productId === rice.id)!;
    const first = await harness.call<Outcome<{ id: string; total: number }>>('refundSale', db, {
      saleId: sale.id,
      lines: [{ saleLineId: riceLine.id, quantity: 1 }],
      reason: 'sac percé',
      method: 'CASH',
      approvedBy: manager.id,
      author,
    });
    expect(first).toMatchObject({ ok: true, value: { total: 4_050 } });
    let state = await dump(db);
    expect(stockOf(state, rice.id)).toBe(9);
    expect(state.refunds).toHaveLength(1);
    expect(state.refunds[0]).toMatchObject({ saleId: sale.id, total: 4_050, syncState: 'pending' });
    expect(state.sales.find((row) => row.id === sale.id)?.status).toBe('COMPLETED');
    const op = lastOp(state);
    expect(op).toMatchObject({ entity: 'sale', kind: 'refund', entityId: sale.id, payload: { saleId: sale.id, method: 'CASH', total: 4_050 } });
    expect(validateOp(op).ok).toBe(true);

    const tooMany = await harness.call<Outcome<unknown>>('refundSale', db, {
      saleId: sale.id,
      lines: [{ saleLineId: riceLine.id, quantity: 2 }],
      reason: 'encore',
      method: 'CASH',
      approvedBy: manager.id,
      author,
    });
    expect(tooMany).toMatchObject({ ok: false, code: 'TOO_MANY' });

    // The rest of the sale: exactly what was paid comes back in total.
    await harness.call('refundSale', db, {
      saleId: sale.id,
      lines: [
        { saleLineId: riceLine.id, quantity: 1 },
        { saleLineId: sale.lines.find((line) => line.productId === oil.id)!.id, quantity: 1 },
      ],
      reason: 'client mécontent',
      method: 'MOBILE_MONEY',
      approvedBy: manager.id,
      author,
    });
    state = await dump(db);
    expect(state.refunds.reduce((sum, refund) => sum + refund.total, 0)).toBe(9_225);
    expect(stockOf(state, rice.id)).toBe(10);
    expect(stockOf(state, oil.id)).toBe(4);
    // A sale refunded in part cannot be voided on top.
    await expect(harness.call('voidSale', db, { saleId: sale.id, reason: 'x', approvedBy: manager.id, author })).resolves.toMatchObject({ ok: false, code: 'ALREADY_REFUNDED' });
  });

  it('[I4] adjustments and counts are ledger movements: a count records the difference with the stock shown', async () => {
    const db = await freshDb();
    const adjusted = await harness.call<Outcome<unknown>>('recordStockMovement', db, { productId: oil.id, type: 'ADJUSTMENT', quantity: -1, note: 'bouteille cassée', author });
    expect(adjusted.ok).toBe(true);
    let state = await dump(db);
    expect(stockOf(state, oil.id)).toBe(3);

    const counted = await harness.call<Outcome<{ quantity: number; type: string } | null>>('recordStockCount', db, { productId: oil.id, counted: 7, note: null, author });
    expect(counted).toMatchObject({ ok: true, value: { type: 'COUNT', quantity: 4 } });
    state = await dump(db);
    expect(stockOf(state, oil.id)).toBe(7);
    const ops = state.outbox.map((row) => row.op);
    expect(ops.map((op) => [op.entity, op.kind, (op.payload as { type: string }).type, (op.payload as { quantity: number }).quantity])).toEqual([
      ['stock_movement', 'create', 'ADJUSTMENT', -1],
      ['stock_movement', 'create', 'COUNT', 4],
    ]);
    for (const op of ops) expect(validateOp(op).ok).toBe(true);

    // A count that agrees with the shelf writes nothing.
    await expect(harness.call('recordStockCount', db, { productId: oil.id, counted: 7, note: null, author })).resolves.toEqual({ ok: true, value: null });
    await expect(harness.call('recordStockMovement', db, { productId: oil.id, type: 'ADJUSTMENT', quantity: 0, note: null, author })).resolves.toMatchObject({ ok: false, code: 'BAD_QUANTITY' });
    expect((await dump(db)).outbox).toHaveLength(2);
  });

  it('[I6] a product is created with an HLC and its opening stock, and an edit sends only what changed', async () => {
    const db = await freshDb();
    const created = await harness.call<Outcome<ProductRecord>>('createProduct', db, {
      fields: { name: 'Savon <b>noir</b>', sku: 'SAV-1', barcode: '6001234599990', price: 350, cost: 200, category: 'Hygiène', lowStockThreshold: 5 },
      openingStock: 12,
      author,
    });
    expect(created.ok).toBe(true);
    if (!created.ok) return;
    let state = await dump(db);
    expect(stockOf(state, created.value.id)).toBe(12);
    expect(state.outbox.map((row) => `${row.entity}/${row.kind}`)).toEqual(['product/create', 'stock_movement/create']);
    for (const row of state.outbox) expect(validateOp(row.op).ok).toBe(true);
    const createdHlc = created.value.hlc;

    const updated = await harness.call<Outcome<ProductRecord>>('updateProduct', db, { productId: created.value.id, changes: { name: 'Savon <b>noir</b>', price: 400 }, author });
    expect(updated.ok).toBe(true);
    state = await dump(db);
    const op = lastOp(state);
    expect(op).toMatchObject({ entity: 'product', kind: 'update', payload: { id: created.value.id, price: 400 } });
    expect(Object.keys(op.payload).sort()).toEqual(['id', 'price']);
    expect(op.hlc > createdHlc).toBe(true);
    expect(state.products.find((product) => product.id === created.value.id)).toMatchObject({ price: 400, hlc: op.hlc });

    await expect(harness.call('updateProduct', db, { productId: created.value.id, changes: { price: 400 }, author })).resolves.toEqual({ ok: true, value: null });
    await expect(
      harness.call('createProduct', db, { fields: { name: 'Doublon', sku: 'SAV-2', barcode: rice.barcode, price: 1, cost: null, category: null, lowStockThreshold: 0 }, openingStock: 0, author }),
    ).resolves.toMatchObject({ ok: false, code: 'BARCODE_TAKEN' });
  });

  it('[I6] expenses are recorded, edited field by field and deleted with a tombstone, each an op', async () => {
    const db = await freshDb();
    const created = await harness.call<Outcome<ExpenseRecord>>('createExpense', db, { fields: { category: 'Transport', amount: 2_000, note: 'taxi', date: '2025-06-01' }, author });
    expect(created.ok).toBe(true);
    if (!created.ok) return;
    await harness.call('updateExpense', db, { expenseId: created.value.id, changes: { category: 'Transport', amount: 2_500 }, author });
    await harness.call('deleteExpense', db, { expenseId: created.value.id, author });
    const state = await dump(db);
    expect(state.expenses).toEqual([expect.objectContaining({ id: created.value.id, amount: 2_500, deleted: true })]);
    expect(state.outbox.map((row) => [row.kind, row.op.payload])).toEqual([
      ['create', { id: created.value.id, category: 'Transport', amount: 2_000, note: 'taxi', date: '2025-06-01' }],
      ['update', { id: created.value.id, amount: 2_500 }],
      ['delete', { id: created.value.id }],
    ]);
    for (const row of state.outbox) expect(validateOp(row.op).ok).toBe(true);
    await expect(harness.call('deleteExpense', db, { expenseId: created.value.id, author })).resolves.toMatchObject({ ok: false, code: 'NOT_FOUND' });
  });

  it("computes the day's report offline: takings by method and cashier, refunds, top products, expenses, cash in the drawer", async () => {
    const db = await freshDb();
    const first = await sell(db, [{ productId: rice.id, quantity: 2 }], 9_000);
    const second = await sell(db, [{ productId: oil.id, quantity: 3 }], 3_750);
    const voided = await sell(db, [{ productId: oil.id, quantity: 1 }], 1_250);
    await harness.call('voidSale', db, { saleId: voided.id, reason: 'erreur', approvedBy: manager.id, author });
    await harness.call('refundSale', db, {
      saleId: second.id,
      lines: [{ saleLineId: second.lines[0]!.id, quantity: 1 }],
      reason: 'abîmée',
      method: 'CASH',
      approvedBy: manager.id,
      author,
    });
    const now = new Date();
    const pad = (n: number) => String(n).padStart(2, '0');
    const today = `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
    await harness.call('createExpense', db, { fields: { category: 'Transport', amount: 500, note: null, date: today }, author });
    // A sale paid by mobile money on another terminal, pulled here.
    await harness.call('seed', db, {
      sales: [{ ...first, id: uuidv7(), number: 'T02-000001', deviceId: uuidv7(), cashierId: manager.id, payments: [{ method: 'MOBILE_MONEY', amount: 9_000, reference: 'OM-1' }], lines: undefined, syncState: 'synced' }],
    });
    // The local day, as the reports screen asks for it (Chromium and Jest share the machine's time zone).
    const from = new Date(now.getFullYear(), now.getMonth(), now.getDate()).toISOString();
    const to = new Date(now.getFullYear(), now.getMonth(), now.getDate() + 1).toISOString();
    const report = await harness.call<Outcome<Record<string, unknown>>>('report', db, { from, to }, device.deviceId);
    expect(report.ok).toBe(true);
    if (!report.ok) return;
    expect(report.value).toMatchObject({
      salesCount: 3,
      voidedCount: 1,
      takings: 9_000 + 3_750 + 9_000,
      refunds: 1_250,
      expenses: 500,
      net: 9_000 + 3_750 + 9_000 - 1_250 - 500,
      cashExpected: 9_000 + 3_750 - 1_250,
    });
    expect(report.value.byMethod).toEqual([
      { method: 'CASH', takings: 12_750, refunds: 1_250 },
      { method: 'MOBILE_MONEY', takings: 9_000, refunds: 0 },
      { method: 'CARD', takings: 0, refunds: 0 },
    ]);
    expect(report.value.byCashier).toEqual(
      expect.arrayContaining([
        { cashierId: cashier.id, sales: 2, takings: 12_750 },
        { cashierId: manager.id, sales: 1, takings: 9_000 },
      ]),
    );
    expect(report.value.topProducts).toEqual([
      // The pulled sale has no lines here: only this terminal's lines count.
      { productId: rice.id, name: rice.name, quantity: 2, amount: 9_000 },
      { productId: oil.id, name: oil.name, quantity: 2, amount: 2_500 },
    ]);
  });

  it('plans cash with change, mobile money with its reference, card, and split payments', async () => {
    const draft = (overrides: Record<string, unknown>) => ({ mode: 'CASH', tenderedText: '', reference: '', splitRows: [], ...overrides });
    const plan = (total: number, overrides: Record<string, unknown>) => harness.call<Record<string, unknown>>('planPayments', total, draft(overrides), 'XOF');
    await expect(plan(10_250, {})).resolves.toMatchObject({ ok: true, payments: [{ method: 'CASH', amount: 10_250 }], change: 0 });
    await expect(plan(10_250, { tenderedText: '15 000' })).resolves.toMatchObject({ ok: true, payments: [{ method: 'CASH', amount: 10_250, tendered: 15_000 }], change: 4_750 });
    await expect(plan(10_250, { tenderedText: '10 000' })).resolves.toMatchObject({ ok: false, problem: { code: 'SHORT', missing: 250 } });
    await expect(plan(10_250, { mode: 'MOBILE_MONEY' })).resolves.toMatchObject({ ok: false, problem: { code: 'REFERENCE_REQUIRED' } });
    await expect(plan(10_250, { mode: 'MOBILE_MONEY', reference: ' OM-123 ' })).resolves.toMatchObject({ ok: true, payments: [{ method: 'MOBILE_MONEY', amount: 10_250, reference: 'OM-123' }] });
    await expect(plan(10_250, { mode: 'CARD' })).resolves.toMatchObject({ ok: true, payments: [{ method: 'CARD', amount: 10_250 }] });
    const split = (rows: Array<[string, string, string?]>) =>
      plan(10_250, { mode: 'SPLIT', splitRows: rows.map(([method, amountText, reference = ''], id) => ({ id, method, amountText, reference })) });
    await expect(split([['CASH', '5000'], ['MOBILE_MONEY', '5250', 'OM-9']])).resolves.toMatchObject({
      ok: true,
      payments: [{ method: 'CASH', amount: 5_000 }, { method: 'MOBILE_MONEY', amount: 5_250, reference: 'OM-9' }],
      change: 0,
    });
    // [I10] Change only from cash: a split with card or mobile money must come to what is due (issue 11).
    await expect(split([['CARD', '5250'], ['CASH', '10000']])).resolves.toMatchObject({ ok: false, problem: { code: 'OVER', excess: 5_000 } });
    await expect(split([['CASH', '2000'], ['MOBILE_MONEY', '9250', 'OM-1']])).resolves.toMatchObject({ ok: false, problem: { code: 'OVER', excess: 1_000 } });
    await expect(split([['CARD', '11000'], ['CASH', '500']])).resolves.toMatchObject({ ok: false, problem: { code: 'OVER', excess: 1_250 } });
    await expect(split([['CASH', '5000']])).resolves.toMatchObject({ ok: false, problem: { code: 'SHORT', missing: 5_250 } });
    await expect(harness.call('parseDiscount', '10 %', 4_500, 'XOF')).resolves.toBe(450);
    await expect(harness.call('parseDiscount', '500', 4_500, 'XOF')).resolves.toBe(500);
    await expect(harness.call('parseDiscount', 'beaucoup', 4_500, 'XOF')).resolves.toBeNull();
  });

  it('tells a keyboard-wedge scan (fast keys then Enter) from a person typing', async () => {
    const scanner: Array<[string, number]> = [...'6001234500011'].map((key, index) => [key, 1_000 + index * 4]);
    const verdicts = await harness.call<Array<{ kind: string; code?: string }>>('wedge', [...scanner, ['Enter', 1_000 + 13 * 4]]);
    expect(verdicts.at(-1)).toEqual({ kind: 'scan', code: '6001234500011' });
    // A person: 150 ms between keys, then Enter.
    const person: Array<[string, number]> = [...'savon'].map((key, index) => [key, 1_000 + index * 150]);
    const typed = await harness.call<Array<{ kind: string }>>('wedge', [...person, ['Enter', 1_000 + 5 * 150]]);
    expect(typed.at(-1)).toEqual({ kind: 'other' });
    // One key of a scan delivered late by a busy machine: still a scan.
    const late = scanner.map(([key, at], index): [string, number] => [key, index === 6 ? at + 60 : index > 6 ? at + 60 : at]);
    await expect(harness.call('wedge', [...late, ['Enter', 1_000 + 13 * 4 + 60]])).resolves.toContainEqual({ kind: 'scan', code: '6001234500011' });
    // A fast typist (70 ms a key) is not a scanner.
    const typist: Array<[string, number]> = [...'123456'].map((key, index) => [key, 1_000 + index * 70]);
    await expect(harness.call('wedge', [...typist, ['Enter', 1_000 + 6 * 70]])).resolves.not.toContainEqual(expect.objectContaining({ kind: 'scan' }));
    // A person pressing Enter long after a fast burst, and bursts too short to be barcodes, are not scans.
    await expect(harness.call('wedge', [...scanner, ['Enter', 2_000]])).resolves.toEqual(expect.arrayContaining([{ kind: 'other' }]));
    const short = await harness.call<Array<{ kind: string }>>('wedge', [['1', 0], ['2', 3], ['Enter', 6]]);
    expect(short.at(-1)).toEqual({ kind: 'other' });
  });
});
