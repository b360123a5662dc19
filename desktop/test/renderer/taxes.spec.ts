import { validateOp } from '@seri/shared/dto';
import { refundLineTax, uuidv7, type AnyOp, type SaleRecord, type SaleTaxLine, type ShopRecord, type TaxRateRecord } from '@seri/shared';
import { DexiePage } from './support/dexie-page';
import { cashPayment, level, makeDevice, makeProduct, makeUser, stamp, upsert } from './support/factories';

type Outcome<T> = { ok: true; value: T } | { ok: false; error: string; code: string | null };
type SaleResult = { ok: true; sale: SaleRecord } | { ok: false; error: string };
interface Dump {
  sales: Array<SaleRecord & { syncState: string }>;
  saleLines: SaleRecord['lines'];
  refunds: Array<{ id: string; total: number; taxes?: SaleTaxLine[] | null; lines: Array<{ saleLineId: string; amount: number; tax?: number }> }>;
  taxRates: TaxRateRecord[];
  outbox: Array<{ entity: string; kind: string; entityId: string; op: AnyOp }>;
}

/** The taxes on the terminal (issue #11 part 2): rates pulled and edited, sales rung up with them, refunds, reports. */
describe('taxes on the terminal in real IndexedDB (Chromium)', () => {
  let harness: DexiePage;
  let dbCount = 0;
  const device = makeDevice();
  const cashier = makeUser(device.shopId);
  const manager = makeUser(device.shopId, { name: 'Moussa Fall', role: 'MANAGER' });
  const author = { deviceId: device.deviceId, shopId: device.shopId, userId: manager.id };
  const rate = (name: string, rateBp: number, overrides: Partial<TaxRateRecord> = {}): TaxRateRecord => ({
    id: uuidv7(),
    shopId: device.shopId,
    name,
    rateBp,
    archived: false,
    hlc: stamp(1_700_000_000_000),
    updatedAt: '2025-01-01T00:00:00.000Z',
    ...overrides,
  });
  const vat = rate('TVA 18 %', 1800);
  const reduced = rate('TVA 10 %', 1000);
  const exempt = rate('Exonéré', 0);
  const rice = makeProduct(device.shopId, { name: 'Riz 5 kg', price: 4500, taxRateId: vat.id });
  // No rate of its own: the shop's default (reduced) applies.
  const oil = makeProduct(device.shopId, { name: 'Huile 1 L', price: 1250, taxRateId: null });
  const bread = makeProduct(device.shopId, { name: 'Pain', price: 150, taxRateId: exempt.id });
  const shop = (overrides: Partial<ShopRecord> = {}): ShopRecord => ({
    id: device.shopId,
    name: 'Boutique Awa',
    currency: 'XOF',
    locale: 'fr-SN',
    timezone: 'Africa/Dakar',
    defaultTaxRateId: reduced.id,
    pricesIncludeTax: true,
    legalName: 'Awa Commerce SARL',
    taxNumber: '0123456 2G3',
    address: 'Rue 10, Médina, Dakar',
    phone: '+221 77 000 00 00',
    ...overrides,
  } as ShopRecord);

  beforeAll(async () => {
    harness = await DexiePage.open();
  });

  afterAll(async () => {
    await harness.close();
  });

  async function freshDb(shopRecord: ShopRecord = shop(), rates: TaxRateRecord[] = [vat, reduced, exempt]): Promise<string> {
    dbCount += 1;
    const name = `taxes-${dbCount}`;
    await harness.call('seed', name, {
      products: [rice, oil, bread],
      users: [cashier, manager],
      stockLevels: [level(rice, 50), level(oil, 50), level(bread, 50)],
      stock: [rice, oil, bread].map((product) => ({ productId: product.id, quantity: 50 })),
      meta: [{ key: 'shop', value: shopRecord }],
      taxRates: rates,
    });
    return name;
  }

  const sell = (db: string, lines: Array<{ productId: string; quantity: number; discount?: number }>, paid: number, discount = 0) =>
    harness.call<SaleResult>('createSale', db, { lines, payments: [cashPayment(paid)], cashierId: cashier.id, device, discount }, false);
  const dump = (db: string) => harness.call<Dump>('dump', db);

  it('[I10] a sale at inclusive prices copies each line its rate (product → shop default → none) and stores the taxes per rate, as the server checks', async () => {
    const db = await freshDb();
    const result = await sell(db, [{ productId: rice.id, quantity: 2 }, { productId: oil.id, quantity: 1 }, { productId: bread.id, quantity: 2 }], 10_550);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const sale = result.sale;
    // Inclusive: the total is what was on the labels; the tax is inside it.
    expect(sale.total).toBe(9_000 + 1_250 + 300);
    expect(sale.pricesIncludeTax).toBe(true);
    // 9 000 at 18 %: base 9 000 × 10 000/11 800 = 7 627.1, tax 1 372.9 → the unit left goes to the larger remainder (tax).
    const riceLine = sale.lines.find((line) => line.productId === rice.id)!;
    expect(riceLine.tax).toEqual({ rateId: vat.id, name: 'TVA 18 %', rateBp: 1800, base: 7_627, tax: 1_373 });
    // Oil has no rate of its own: the shop's default, 10 % (1 250 = 1 136 + 114).
    expect(sale.lines.find((line) => line.productId === oil.id)!.tax).toEqual({ rateId: reduced.id, name: 'TVA 10 %', rateBp: 1000, base: 1_136, tax: 114 });
    expect(sale.lines.find((line) => line.productId === bread.id)!.tax).toEqual({ rateId: exempt.id, name: 'Exonéré', rateBp: 0, base: 300, tax: 0 });
    expect(sale.taxes).toEqual([
      { rateId: vat.id, name: 'TVA 18 %', rateBp: 1800, base: 7_627, tax: 1_373 },
      { rateId: reduced.id, name: 'TVA 10 %', rateBp: 1000, base: 1_136, tax: 114 },
      { rateId: exempt.id, name: 'Exonéré', rateBp: 0, base: 300, tax: 0 },
    ]);
    const state = await dump(db);
    const op = state.outbox.find((row) => row.entity === 'sale')!.op;
    expect(op.payload).toMatchObject({ taxes: sale.taxes, pricesIncludeTax: true });
    // The server's own check (checkSaleArithmetic → saleTaxes) accepts exactly these figures.
    expect(validateOp(op)).toMatchObject({ ok: true });
    expect(state.saleLines.find((line) => line.productId === rice.id)!.tax).toEqual(riceLine.tax);
  });

  it('[I10] prices before tax: the tax is added on top, the payments cover it, and a sale discount is shared before tax', async () => {
    const db = await freshDb(shop({ pricesIncludeTax: false }));
    // 2 × 4 500 = 9 000 and 1 250, less 1 025 on the sale shared by the lines' totals: 9 000 − 900 = 8 100 and 1 250 − 125 = 1 125 before tax.
    const short = await sell(db, [{ productId: rice.id, quantity: 2 }, { productId: oil.id, quantity: 1 }], 9_225, 1_025);
    expect(short).toMatchObject({ ok: false });
    expect(!short.ok && short.error).toMatch(/PAYMENT_SHORT|do not cover/);
    const preview = await harness.call<{ total: number; taxTotal: number; taxes: SaleTaxLine[] }>(
      'cartAmounts',
      [
        { productId: rice.id, quantity: 2, unitPrice: 4_500, discount: 0, rate: { id: vat.id, name: vat.name, rateBp: 1800 } },
        { productId: oil.id, quantity: 1, unitPrice: 1_250, discount: 0, rate: { id: reduced.id, name: reduced.name, rateBp: 1000 } },
      ],
      1_025,
      false,
    );
    // 18 % of 8 100 = 1 458 exactly; 10 % of 1 125 = 112.5, the tie going to the earliest share (the tax): 113.
    expect(preview.taxes.map((entry) => [entry.base, entry.tax])).toEqual([
      [8_100, 1_458],
      [1_125, 113],
    ]);
    expect(preview.total).toBe(9_225 + 1_571);
    const result = await sell(db, [{ productId: rice.id, quantity: 2 }, { productId: oil.id, quantity: 1 }], preview.total, 1_025);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.sale).toMatchObject({ subtotal: 10_250, discount: 1_025, total: 10_796, pricesIncludeTax: false, taxes: preview.taxes });
    const op = (await dump(db)).outbox.find((row) => row.entity === 'sale')!.op;
    expect(validateOp(op)).toMatchObject({ ok: true });
  });

  it('[I10] the fast path charges the rate the till showed, and a later rate edit never changes a stored sale', async () => {
    const db = await freshDb();
    await sell(db, [{ productId: bread.id, quantity: 1 }], 150);
    const shown: Array<[string, unknown]> = [[rice.id, { price: 4_500, name: rice.name, stock: 50, rate: { id: vat.id, name: vat.name, rateBp: 1800 } }]];
    const fast = await harness.call<SaleResult>('createSaleShown', db, { lines: [{ productId: rice.id, quantity: 1 }], payments: [cashPayment(4_500)], cashierId: cashier.id, device, pricesIncludeTax: true }, shown);
    expect(fast.ok && fast.sale.taxes).toEqual([{ rateId: vat.id, name: 'TVA 18 %', rateBp: 1800, base: 3_814, tax: 686 }]);
    const edited = await harness.call<Outcome<TaxRateRecord>>('updateTaxRate', db, { rateId: vat.id, changes: { rateBp: 2000, name: 'TVA 20 %' }, author });
    expect(edited).toMatchObject({ ok: true, value: { rateBp: 2000, name: 'TVA 20 %' } });
    const state = await dump(db);
    const stored = state.sales.find((sale) => fast.ok && sale.id === fast.sale.id)!;
    expect(stored.taxes).toEqual([{ rateId: vat.id, name: 'TVA 18 %', rateBp: 1800, base: 3_814, tax: 686 }]);
    // The next sale takes the new rate.
    const next = await sell(db, [{ productId: rice.id, quantity: 1 }], 4_500);
    expect(next.ok && next.sale.taxes).toEqual([{ rateId: vat.id, name: 'TVA 20 %', rateBp: 2000, base: 3_750, tax: 750 }]);
  });

  it('[I10] refunds give back each line its share of the tax, in any sizes, never more than was paid (prices before tax)', async () => {
    const db = await freshDb(shop({ pricesIncludeTax: false }));
    // 3 × 4 500 and a bread, less 1 001 on the sale: an amount that splits unevenly across the lines and the units.
    const lines = [{ productId: rice.id, quantity: 3 }, { productId: bread.id, quantity: 1 }];
    const preview = await harness.call<{ total: number; lines: Array<{ tax: SaleTaxLine | null }> }>(
      'cartAmounts',
      [
        { productId: rice.id, quantity: 3, unitPrice: 4_500, discount: 0, rate: { id: vat.id, name: vat.name, rateBp: 1800 } },
        { productId: bread.id, quantity: 1, unitPrice: 150, discount: 0, rate: { id: exempt.id, name: exempt.name, rateBp: 0 } },
      ],
      1_001,
      false,
    );
    const sold = await sell(db, lines, preview.total, 1_001);
    expect(sold.ok).toBe(true);
    if (!sold.ok) return;
    const riceLine = sold.sale.lines.find((line) => line.productId === rice.id)!;
    const refund = (quantity: number) =>
      harness.call<Outcome<{ total: number; taxes: SaleTaxLine[]; lines: Array<{ amount: number; tax: number }> }>>('refundSale', db, {
        saleId: sold.sale.id,
        lines: [{ saleLineId: riceLine.id, quantity }],
        reason: 'abîmé',
        method: 'CASH',
        approvedBy: manager.id,
        author,
      });
    const first = await refund(1);
    const rest = await refund(2);
    expect(first.ok && rest.ok).toBe(true);
    if (!first.ok || !rest.ok) return;
    const lineTax = riceLine.tax!;
    // Each refund's tax is its units' share of the line's tax; together they are the line's tax exactly.
    expect(first.value.lines[0]!.tax).toBe(refundLineTax(lineTax, 3, 0, 1));
    expect(first.value.lines[0]!.tax + rest.value.lines[0]!.tax).toBe(lineTax.tax);
    // The money back includes the tax paid on top: base + tax of the line, no more.
    expect(first.value.total + rest.value.total).toBe(lineTax.base + lineTax.tax);
    expect(first.value.taxes).toEqual([{ rateId: vat.id, name: 'TVA 18 %', rateBp: 1800, base: first.value.total - first.value.lines[0]!.tax, tax: first.value.lines[0]!.tax }]);
    const state = await dump(db);
    const ops = state.outbox.filter((row) => row.kind === 'refund').map((row) => row.op);
    expect(ops).toHaveLength(2);
    for (const op of ops) {
      expect(validateOp(op)).toMatchObject({ ok: true });
      expect(Array.isArray((op.payload as { taxes?: unknown }).taxes)).toBe(true);
    }
    const tooMany = await refund(1);
    expect(tooMany).toMatchObject({ ok: false, code: 'TOO_MANY' });
  });

  it('[I10] a refund of a sale made before taxes carries no tax fields (the server would refuse them)', async () => {
    const db = await freshDb();
    const saleId = uuidv7();
    const lineId = uuidv7();
    await harness.call('seed', db, {
      sales: [{ id: saleId, shopId: device.shopId, deviceId: device.deviceId, cashierId: cashier.id, number: 'T01-000900', currency: 'XOF', subtotal: 4_500, discount: 0, total: 4_500, payments: [cashPayment(4_500)], status: 'COMPLETED', createdAt: '2025-01-02T10:00:00.000Z', syncState: 'synced' }],
      saleLines: [{ id: lineId, saleId, productId: rice.id, name: rice.name, quantity: 1, unitPrice: 4_500, discount: 0, total: 4_500, movementId: uuidv7() }],
    });
    const refunded = await harness.call<Outcome<{ total: number; taxes?: unknown; lines: Array<{ tax?: number }> }>>('refundSale', db, {
      saleId,
      lines: [{ saleLineId: lineId, quantity: 1 }],
      reason: 'erreur',
      method: 'CASH',
      approvedBy: manager.id,
      author,
    });
    expect(refunded.ok).toBe(true);
    if (!refunded.ok) return;
    expect(refunded.value.total).toBe(4_500);
    expect(refunded.value.taxes).toBeUndefined();
    expect(refunded.value.lines[0]!.tax).toBeUndefined();
  });

  it('[I10][I11] the reports screen gives the taxes per rate for the day, net of refunds, voided sales counting none', async () => {
    const db = await freshDb();
    const now = Date.now();
    const first = await sell(db, [{ productId: rice.id, quantity: 2 }, { productId: oil.id, quantity: 1 }], 10_250);
    const second = await sell(db, [{ productId: rice.id, quantity: 1 }], 4_500);
    const voided = await sell(db, [{ productId: oil.id, quantity: 4 }], 5_000);
    expect(first.ok && second.ok && voided.ok).toBe(true);
    if (!first.ok || !second.ok || !voided.ok) return;
    await harness.call('voidSale', db, { saleId: voided.sale.id, reason: 'erreur', approvedBy: manager.id, author });
    const back = await harness.call<Outcome<{ taxes: SaleTaxLine[] }>>('refundSale', db, {
      saleId: first.sale.id,
      lines: [{ saleLineId: first.sale.lines.find((line) => line.productId === rice.id)!.id, quantity: 1 }],
      reason: 'abîmé',
      method: 'CASH',
      approvedBy: manager.id,
      author,
    });
    expect(back.ok).toBe(true);
    if (!back.ok) return;
    const period = { from: new Date(now - 3_600_000).toISOString(), to: new Date(now + 3_600_000).toISOString() };
    const report = await harness.call<Outcome<{ taxes: SaleTaxLine[] }>>('report', db, period, device.deviceId);
    expect(report.ok).toBe(true);
    if (!report.ok) return;
    const sum = (rateId: string, field: 'base' | 'tax') =>
      [first.sale, second.sale].flatMap((sale) => sale.taxes ?? []).filter((entry) => entry.rateId === rateId).reduce((total, entry) => total + entry[field], 0) -
      back.value.taxes.filter((entry) => entry.rateId === rateId).reduce((total, entry) => total + entry[field], 0);
    expect(report.value.taxes).toEqual([
      { rateId: vat.id, name: 'TVA 18 %', rateBp: 1800, base: sum(vat.id, 'base'), tax: sum(vat.id, 'tax') },
      { rateId: reduced.id, name: 'TVA 10 %', rateBp: 1000, base: sum(reduced.id, 'base'), tax: sum(reduced.id, 'tax') },
    ]);
    // The voided sale's 4 oils are not in the reduced rate's base: only the first sale's one oil is.
    expect(report.value.taxes[1]!.base + report.value.taxes[1]!.tax).toBe(1_250);
  });

  it('[I6] pulled tax_rate rows are stored; a newer local edit still queued is kept; a shop without rates sells untaxed', async () => {
    const db = await freshDb(shop({ defaultTaxRateId: null }), []);
    const untaxed = await sell(db, [{ productId: oil.id, quantity: 1 }], 1_250);
    expect(untaxed.ok && untaxed.sale.lines[0]!.tax).toBeNull();
    expect(untaxed.ok && untaxed.sale.taxes).toEqual([]);
    const pulled = rate('TVA 18 %', 1800, { hlc: stamp(1_700_000_000_000) });
    await harness.call('applyPage', db, [upsert('tax_rate', pulled.id, pulled), upsert('tax_rate', exempt.id, exempt)], { deviceId: device.deviceId });
    expect((await dump(db)).taxRates.map((row) => row.id).sort()).toEqual([pulled.id, exempt.id].sort());
    // A manager here renames it (stamped after the pulled one); an older server copy does not undo it.
    const renamed = await harness.call<Outcome<TaxRateRecord>>('updateTaxRate', db, { rateId: pulled.id, changes: { name: 'TVA normale' }, author });
    expect(renamed.ok).toBe(true);
    await harness.call('applyPage', db, [upsert('tax_rate', pulled.id, { ...pulled, name: 'TVA ancienne' })], { deviceId: device.deviceId });
    expect((await dump(db)).taxRates.find((row) => row.id === pulled.id)?.name).toBe('TVA normale');
  });

  it('tax_rate commands queue valid ops like product edits; bad input is refused and writes nothing', async () => {
    const db = await freshDb(shop(), []);
    const created = await harness.call<Outcome<TaxRateRecord>>('createTaxRate', db, { name: '  TVA 18 %  ', rateBp: 1800, author });
    expect(created).toMatchObject({ ok: true, value: { name: 'TVA 18 %', rateBp: 1800, archived: false, shopId: device.shopId } });
    if (!created.ok) return;
    const archived = await harness.call<Outcome<TaxRateRecord | null>>('updateTaxRate', db, { rateId: created.value.id, changes: { archived: true }, author });
    expect(archived).toMatchObject({ ok: true, value: { archived: true } });
    const unchanged = await harness.call<Outcome<TaxRateRecord | null>>('updateTaxRate', db, { rateId: created.value.id, changes: { archived: true, name: 'TVA 18 %' }, author });
    expect(unchanged).toEqual({ ok: true, value: null });
    const before = await dump(db);
    expect(before.outbox.map((row) => `${row.entity}/${row.kind}`)).toEqual(['tax_rate/create', 'tax_rate/update']);
    expect(before.outbox[1]!.op.payload).toEqual({ id: created.value.id, archived: true });
    for (const row of before.outbox) expect(validateOp(row.op)).toMatchObject({ ok: true });
    for (const bad of [{ name: 'X', rateBp: 10_001 }, { name: 'X', rateBp: -1 }, { name: 'X', rateBp: 18.5 }, { name: '   ', rateBp: 1800 }]) {
      const refused = await harness.call<Outcome<unknown>>('createTaxRate', db, { ...bad, author });
      expect(refused.ok ? null : refused.code).toMatch(/^BAD_TAX_/);
    }
    const refusedEdit = await harness.call<Outcome<unknown>>('updateTaxRate', db, { rateId: created.value.id, changes: { rateBp: 20_000 }, author });
    expect(refusedEdit).toMatchObject({ ok: false, code: 'BAD_TAX_RATE' });
    const after = await dump(db);
    expect(after.outbox).toHaveLength(2);
    expect(after.taxRates).toHaveLength(1);
    // A product takes a rate the shop has, not another one.
    const product = await harness.call<Outcome<{ taxRateId: string | null }>>('createProduct', db, {
      fields: { name: 'Savon', sku: 'SAV-1', barcode: null, price: 500, cost: null, category: null, lowStockThreshold: 0, taxRateId: created.value.id },
      openingStock: 0,
      author,
    });
    expect(product).toMatchObject({ ok: true, value: { taxRateId: created.value.id } });
    const unknown = await harness.call<Outcome<unknown>>('createProduct', db, {
      fields: { name: 'Savon 2', sku: 'SAV-2', barcode: null, price: 500, cost: null, category: null, lowStockThreshold: 0, taxRateId: uuidv7() },
      openingStock: 0,
      author,
    });
    expect(unknown).toMatchObject({ ok: false, code: 'UNKNOWN_TAX_RATE' });
  });

  it('[I12] retention never prunes tax rates, however old', async () => {
    const db = await freshDb();
    await harness.call('seed', db, {
      sales: [{ id: uuidv7(), shopId: device.shopId, deviceId: device.deviceId, cashierId: cashier.id, number: 'T01-000001', currency: 'XOF', subtotal: 150, discount: 0, total: 150, payments: [cashPayment(150)], status: 'COMPLETED', createdAt: '2020-01-02T10:00:00.000Z', syncState: 'synced' }],
    });
    const report = await harness.call<Outcome<{ sales: number }>>('pruneSlice', db, { cutoffDay: '2030-01-01', slice: 100 });
    expect(report).toMatchObject({ ok: true, value: { sales: 1 } });
    expect((await dump(db)).taxRates).toHaveLength(3);
  });

  it('[I10] a percent discount is its exact share of the amount (integers, the I10 split), never a float rounding', async () => {
    await expect(harness.call('parseDiscount', '10 %', 4_505, 'XOF')).resolves.toBe(451);
    await expect(harness.call('parseDiscount', '12,5 %', 1_001, 'XOF')).resolves.toBe(125);
    await expect(harness.call('parseDiscount', '100%', 777, 'XOF')).resolves.toBe(777);
    await expect(harness.call('parseDiscount', '0,333 %', 1_000, 'XOF')).resolves.toBeNull();
    await expect(harness.call('parseDiscount', '101 %', 1_000, 'XOF')).resolves.toBeNull();
  });
});
