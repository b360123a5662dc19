import { validateOp } from '@seri/shared/dto';
import {
  MAX_OPS_PER_PUSH,
  addMinor,
  encodeHlc,
  uuidv7,
  type AnyOp,
  type PaymentRecord,
  type ProductRecord,
  type SaleRecord,
  type SaleTaxLine,
  type ShopRecord,
  type TaxRateRecord,
  type ZReport,
} from '@seri/shared';
import { AdminCashSessionsService } from '../../backend/src/cash-sessions/admin-cash-sessions.service';
import { TestTerminal } from '../../backend/test/support/terminal';
import { startTestBackend, type TestBackend } from '../../backend/test/support/test-backend';
import { DexiePage } from '../test/renderer/support/dexie-page';

jest.setTimeout(300_000);

type Outcome<T> = { ok: true; value: T } | { ok: false; error: string; code: string | null };
type SaleResult = { ok: true; sale: SaleRecord } | { ok: false; error: string };
interface Refund { id: string; saleId: string; total: number; method: string; taxes?: SaleTaxLine[] | null; lines: Array<{ saleLineId: string; quantity: number; amount: number; tax?: number }> }

/** A small deterministic generator (mulberry32): the same day every run, a different one per seed. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** Taxes per rate id, summed: what the receipts of the day add up to. */
function sumTaxes(into: Map<string, { base: number; tax: number }>, taxes: readonly SaleTaxLine[] | null | undefined, sign: 1 | -1): void {
  for (const entry of taxes ?? []) {
    const current = into.get(entry.rateId ?? '') ?? { base: 0, tax: 0 };
    into.set(entry.rateId ?? '', { base: current.base + sign * entry.base, tax: current.tax + sign * entry.tax });
  }
}

/**
 * Issue #11's "done when" for taxes and sessions ([I10][I11]): a day of random sales on a
 * terminal with taxes (line and sale discounts, split payments, refunds in pieces, a void, a
 * paid-out), all made offline in the renderer's real Dexie, then pushed to the real backend
 * (PostgreSQL) in the order made. The receipts' totals and taxes, the Z report and the
 * server's own figures for the session agree to the franc, prices inclusive and not.
 */
describe('[I10][I11] a taxed day offline then online: receipts, Z report and the server agree to the franc', () => {
  let backend: TestBackend;
  let harness: DexiePage;

  beforeAll(async () => {
    backend = await startTestBackend();
    harness = await DexiePage.open();
  });

  afterAll(async () => {
    await harness?.close();
    await backend?.stop();
  });

  it.each([
    ['prices before tax', false, 23],
    ['prices include tax', true, 11],
  ])('%s', async (_label, inclusive, seed) => {
    const next = random(seed);
    const pick = <T,>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
    const demo = backend.demo!;
    const cashier = demo.cashiers[0]!;
    const terminal = await TestTerminal.enroll(backend, demo.enrollmentCode, cashier.id);
    const device = { deviceId: terminal.deviceId, shopId: terminal.shopId, terminalCode: terminal.enrollment.terminalCode, currency: 'XOF' };
    const author = { deviceId: device.deviceId, shopId: device.shopId, userId: cashier.id };
    const managerAuthor = { ...author, userId: demo.manager.id };

    const at = encodeHlc({ ms: 1_700_000_000_000, counter: 0, node: 'server' });
    const rate = (name: string, rateBp: number): TaxRateRecord => ({ id: uuidv7(), shopId: device.shopId, name, rateBp, archived: false, hlc: at, updatedAt: '2025-01-01T00:00:00.000Z' });
    const rates = [rate('TVA 18 %', 1800), rate('TVA 10 %', 1000), rate('Exonéré', 0)];
    const rows = await backend.dataSource.query<Array<{ id: string; sku: string; barcode: string | null; name: string; price: string; category: string | null }>>(
      `SELECT p.id, p.sku, p.barcode, p.name, p.price, p.category FROM products p JOIN stock_levels l ON l.product_id = p.id
        WHERE p.shop_id = $1 AND NOT p.archived AND l.quantity >= 100 AND p.price BETWEEN 150 AND 20000 ORDER BY p.sku LIMIT 8`,
      [device.shopId],
    );
    expect(rows.length).toBeGreaterThanOrEqual(6);
    // Products with their own rate, and some with none (the shop's default, 18 %).
    const products: ProductRecord[] = rows.map((row, index) => ({
      id: row.id,
      shopId: device.shopId,
      sku: row.sku,
      barcode: row.barcode,
      name: row.name,
      price: Number(row.price),
      cost: null,
      category: row.category,
      lowStockThreshold: 0,
      archived: false,
      taxRateId: index % 3 === 0 ? null : rates[index % 3]!.id,
      hlc: at,
      updatedAt: '2025-01-01T00:00:00.000Z',
    }));
    const shop = { id: device.shopId, name: demo.shopName, currency: 'XOF', locale: 'fr-SN', pricesIncludeTax: inclusive, defaultTaxRateId: rates[0]!.id, allowSalesWithoutSession: false } as ShopRecord;
    const db = `taxed-day-${seed}`;
    await harness.call('seed', db, {
      products,
      taxRates: rates,
      users: [
        { id: cashier.id, shopId: device.shopId, name: cashier.name, role: 'CASHIER', active: true },
        { id: demo.manager.id, shopId: device.shopId, name: demo.manager.name, role: 'MANAGER', active: true },
      ],
      stockLevels: products.map((product) => ({ productId: product.id, shopId: device.shopId, quantity: 1_000 })),
      stock: products.map((product) => ({ productId: product.id, quantity: 1_000 })),
      meta: [{ key: 'shop', value: shop }],
    });
    const ok = async <T,>(call: Promise<Outcome<T>>): Promise<T> => {
      const result = await call;
      if (!result.ok) throw new Error(result.error);
      return result.value;
    };

    // Offline: the whole day is made on the terminal, nothing reaches the server yet.
    const session = await ok(harness.call<Outcome<{ id: string }>>('openSession', db, { author, float: { amount: 20_000, grid: null } }));
    const sales: SaleRecord[] = [];
    const rateOf = (product: ProductRecord) => {
      const found = rates.find((entry) => entry.id === (product.taxRateId ?? shop.defaultTaxRateId))!;
      return { id: found.id, name: found.name, rateBp: found.rateBp };
    };
    for (let index = 0; index < 14; index += 1) {
      const chosen = [...new Set(Array.from({ length: 1 + Math.floor(next() * 3) }, () => pick(products)))];
      const lines = chosen.map((product) => {
        const quantity = 1 + Math.floor(next() * 4);
        const discount = next() < 0.25 ? Math.floor(next() * product.price * quantity * 0.2) : 0;
        return { productId: product.id, quantity, discount };
      });
      const gross = lines.reduce((sum, line, at) => sum + chosen[at]!.price * line.quantity - line.discount, 0);
      const saleDiscount = next() < 0.3 ? 1 + Math.floor(next() * gross * 0.15) : 0;
      const amounts = await harness.call<{ total: number }>(
        'cartAmounts',
        lines.map((line, at) => ({ ...line, unitPrice: chosen[at]!.price, rate: rateOf(chosen[at]!) })),
        saleDiscount,
        inclusive,
      );
      const total = amounts.total;
      const way = next();
      const payments: PaymentRecord[] =
        way < 0.4
          ? [{ method: 'CASH', amount: total, tendered: Math.ceil(total / 1_000) * 1_000 + 1_000 }]
          : way < 0.75 && total > 1
            ? [
                { method: 'CASH', amount: Math.floor(total / 3) },
                { method: 'MOBILE_MONEY', amount: total - Math.floor(total / 3), reference: `OM-${index}` },
              ]
            : [{ method: 'CARD', amount: total, reference: `CB-${index}` }];
      const result = await harness.call<SaleResult>('createSale', db, { lines, payments, cashierId: cashier.id, device, discount: saleDiscount, sessionId: session.id }, false);
      if (!result.ok) throw new Error(result.error);
      sales.push(result.sale);
    }
    // Refunds in pieces, of any sale, some in cash some not; one sale voided; a paid-out.
    const refunds: Refund[] = [];
    const voided = sales[3]!;
    await ok(harness.call('voidSale', db, { saleId: voided.id, reason: 'erreur de saisie', approvedBy: demo.manager.id, author: managerAuthor }));
    const left = new Map(sales.flatMap((sale) => sale.lines.map((line) => [line.id, line.quantity] as const)));
    for (let index = 0; index < 8; index += 1) {
      const sale = pick(sales.filter((entry) => entry.id !== voided.id));
      const line = pick(sale.lines);
      const remaining = left.get(line.id)!;
      if (remaining === 0) continue;
      const quantity = 1 + Math.floor(next() * remaining);
      left.set(line.id, remaining - quantity);
      refunds.push(
        await ok(
          harness.call<Outcome<Refund>>('refundSale', db, {
            saleId: sale.id,
            lines: [{ saleLineId: line.id, quantity }],
            reason: 'retour client',
            method: next() < 0.7 ? 'CASH' : 'MOBILE_MONEY',
            approvedBy: demo.manager.id,
            author: managerAuthor,
            sessionId: session.id,
          }),
        ),
      );
    }
    expect(refunds.length).toBeGreaterThan(3);
    await ok(harness.call('recordCashMovement', db, { author: managerAuthor, type: 'PAID_OUT', amount: 3_500, reason: 'Sacs plastique', approvedBy: demo.manager.id }));
    const figures = await ok(harness.call<Outcome<{ expectedCash: number }>>('sessionFigures', db, session.id));
    const z = await ok(harness.call<Outcome<ZReport>>('closeSession', db, { author, counted: { amount: figures.expectedCash - 250, grid: null }, terminalCode: device.terminalCode }));

    // The receipts of the day: each sale's taxes are its lines' (per rate), its payments its total.
    const completed = sales.filter((sale) => sale.id !== voided.id);
    const byReceipts = new Map<string, { base: number; tax: number }>();
    for (const sale of completed) {
      expect(addMinor(0, ...sale.payments.map((payment) => payment.amount))).toBe(sale.total);
      const fromLines = new Map<string, { base: number; tax: number }>();
      sumTaxes(fromLines, sale.lines.flatMap((line) => (line.tax ? [line.tax] : [])), 1);
      const own = new Map<string, { base: number; tax: number }>();
      sumTaxes(own, sale.taxes, 1);
      expect(own).toEqual(fromLines);
      const taxTotal = (sale.taxes ?? []).reduce((sum, entry) => sum + entry.tax, 0);
      expect(sale.total).toBe(sale.subtotal - sale.discount + (inclusive ? 0 : taxTotal));
      sumTaxes(byReceipts, sale.taxes, 1);
    }
    for (const refund of refunds) sumTaxes(byReceipts, refund.taxes, -1);
    const zTaxes = new Map<string, { base: number; tax: number }>();
    sumTaxes(zTaxes, z.taxes, 1);
    expect(zTaxes).toEqual(byReceipts);
    expect(z.netSales).toBe(completed.reduce((sum, sale) => sum + sale.total, 0));
    expect(z.refundsTotal).toBe(refunds.reduce((sum, refund) => sum + refund.total, 0));
    expect(z.variance).toBe(-250);

    // Online: the outbox goes to the server in the order it was made; every op is applied.
    const outbox = await harness.call<Array<{ op: AnyOp }>>('outbox', db);
    const ops = outbox.map((row) => row.op);
    expect(ops.map((op) => ({ op: `${op.entity}/${op.kind}`, result: validateOp(op) })).filter((entry) => !entry.result.ok)).toEqual([]);
    for (let start = 0; start < ops.length; start += MAX_OPS_PER_PUSH) {
      const response = await terminal.pushOk(ops.slice(start, start + MAX_OPS_PER_PUSH));
      expect(response.results.filter((result) => result.status !== 'applied')).toEqual([]);
    }

    // The server's own figures for the session, recomputed from what it holds, equal the Z.
    const detail = await backend.app.get(AdminCashSessionsService).get(device.shopId, session.id);
    expect(detail).toMatchObject({ counted: z.counted, variance: -250, expectedCash: z.expectedCash });
    expect(detail.serverFigures).toMatchObject({ salesCount: z.salesCount, netSales: z.netSales, refundsTotal: z.refundsTotal, voidsCount: 1, paidOut: 3_500, expectedCash: z.expectedCash });
    expect(detail.serverFigures.taxes).toEqual(z.taxes);
    expect(detail.differences).toEqual([]);
  });
});
