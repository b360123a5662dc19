import fc from 'fast-check';
import {
  encodeHlc,
  paidPerLine,
  refundLineAmount,
  refundLineTax,
  refundTaxes,
  saleAmounts,
  saleTaxes,
  uuidv7,
  type Op,
  type OpResult,
  type PullResponse,
  type SaleRecord,
  type SaleRefundPayload,
  type SaleTaxLine,
  type ShopRecord,
} from '@seri/shared';
import request from 'supertest';
import type { ProductDto } from '../src/admin/products/dto/product.dto';
import type { TaxRateDto } from '../src/admin/tax-rates/dto/tax-rate.dto';
import type { TaxReportDto } from '../src/reports/dto/report.dto';
import { createShopWithLogins, login, shopPath, type AdminClient, type PeopleShop } from './admin/support/admin-api';
import { shopFingerprint, uniqueSku } from './admin/support/shop-data';
import { countRows } from './support/database';
import { startTestBackend, type TestBackend } from './support/test-backend';
import { TestTerminal } from './support/terminal';

/** CI size in `npm test`; SERI_SOAK=1 runs ten times as many. */
const SOAK = process.env['SERI_SOAK'] === '1';
const runs = (ci: number): number => (SOAK ? ci * 10 : ci);

interface LineSpec {
  product: ProductDto;
  quantity: number;
  /** The rate the till copies onto the line (the product's, else the shop's default); null: none. */
  rate: TaxRateDto | null;
  discount?: number;
}

/** A sale rung up as the till does it (contract: saleAmounts, then saleTaxes), paid in cash. */
function taxedSale(terminal: TestTerminal, specs: readonly LineSpec[], saleDiscount: number, inclusive: boolean, createdAt?: string): Op<'sale', 'create'> {
  const op = terminal.sale(specs.map((spec) => ({ product: spec.product, quantity: spec.quantity })));
  const { payload } = op;
  payload.lines.forEach((line, index) => {
    line.discount = specs[index]!.discount ?? 0;
    line.total = line.unitPrice * line.quantity - line.discount;
  });
  const amounts = saleAmounts(payload.lines, saleDiscount);
  const taxes = saleTaxes(
    payload.lines.map((_, index) => {
      const rate = specs[index]!.rate;
      return { paid: amounts.paid[index]!, rate: rate && { id: rate.id, name: rate.name, rateBp: rate.rateBp } };
    }),
    inclusive,
  );
  payload.lines.forEach((line, index) => {
    line.tax = taxes.lineTaxes[index]!;
  });
  payload.subtotal = amounts.subtotal;
  payload.discount = saleDiscount;
  payload.taxes = taxes.taxes;
  payload.pricesIncludeTax = inclusive;
  payload.total = taxes.total;
  payload.payments = taxes.total > 0 ? [{ method: 'CASH', amount: taxes.total }] : [];
  if (createdAt) payload.createdAt = createdAt;
  return op;
}

const rateOf = (tax: SaleTaxLine | null | undefined) => (tax ? { id: tax.rateId, name: tax.name, rateBp: tax.rateBp } : null);

/** A refund of `count` units of some lines after `done[index]` units came back, with the amounts and taxes the shared rules give. */
function taxedRefund(
  terminal: TestTerminal,
  approvedBy: string,
  sale: Op<'sale', 'create'>,
  picks: ReadonlyArray<{ index: number; count: number }>,
  done: readonly number[],
  createdAt = new Date().toISOString(),
): Op<'sale', 'refund'> {
  const paid = paidPerLine(sale.payload);
  const lines = picks.map(({ index, count }) => {
    const line = sale.payload.lines[index]!;
    return {
      saleLineId: line.id,
      productId: line.productId,
      quantity: count,
      amount: refundLineAmount(paid.get(line.id)!, line.quantity, done[index]!, count),
      movementId: uuidv7(),
      tax: refundLineTax(line.tax, line.quantity, done[index]!, count),
    };
  });
  const payload: SaleRefundPayload = {
    id: uuidv7(),
    saleId: sale.payload.id,
    reason: 'Retour client',
    approvedBy,
    method: 'CASH',
    total: lines.reduce((sum, line) => sum + line.amount, 0),
    lines,
    createdAt,
    taxes: refundTaxes(lines.map((line, position) => ({ rate: rateOf(sale.payload.lines[picks[position]!.index]!.tax), amount: line.amount, tax: line.tax }))),
  };
  return terminal.op('sale', 'refund', sale.payload.id, payload);
}

describe('taxes on the server (issue #11 part 2, real PostgreSQL)', () => {
  let backend: TestBackend;
  let shop: PeopleShop;
  let other: PeopleShop;
  let manager: AdminClient;
  let otherManager: AdminClient;
  let terminal: TestTerminal;
  let vat: TaxRateDto;
  let exempt: TaxRateDto;
  let otherShopRate: TaxRateDto;
  let oil: ProductDto;
  let rice: ProductDto;

  beforeAll(async () => {
    backend = await startTestBackend();
    shop = await createShopWithLogins(backend, 'Boutique Taxes');
    other = await createShopWithLogins(backend, 'Boutique Voisine');
    manager = await login(backend, shop.users.MANAGER.email);
    otherManager = await login(backend, other.users.MANAGER.email);
    vat = await manager.ok<TaxRateDto>(manager.post(shopPath(shop.shopId, '/tax-rates'), { name: 'TVA 18 %', rateBp: 1800 }), 201);
    exempt = await manager.ok<TaxRateDto>(manager.post(shopPath(shop.shopId, '/tax-rates'), { name: 'Exonéré', rateBp: 0 }), 201);
    otherShopRate = await otherManager.ok<TaxRateDto>(otherManager.post(shopPath(other.shopId, '/tax-rates'), { name: 'TVA 18 %', rateBp: 1800 }), 201);
    await manager.ok(manager.patch(shopPath(shop.shopId), { defaultTaxRateId: vat.id, legalName: 'Seri Distribution SARL', taxNumber: '0012345 2G3', address: 'Rue 10, Plateau, Dakar', phone: '+221 33 800 00 00' }));
    oil = await manager.ok<ProductDto>(manager.post(shopPath(shop.shopId, '/products'), { sku: uniqueSku('HUILE'), name: 'Huile 1 l', price: 2500, openingStock: 10_000 }), 201);
    rice = await manager.ok<ProductDto>(manager.post(shopPath(shop.shopId, '/products'), { sku: uniqueSku('RIZ'), name: 'Riz 1 kg', price: 1000, openingStock: 10_000, taxRateId: exempt.id }), 201);
    terminal = await TestTerminal.enroll(backend, shop.code, shop.users.CASHIER.id);
  }, 120_000);

  afterAll(async () => {
    await backend?.stop();
  }, 60_000);

  async function pushOne(op: unknown, by: TestTerminal = terminal): Promise<OpResult> {
    const response = await by.pushOk([op]);
    return response.results[0]!;
  }

  async function storedSale(saleId: string): Promise<SaleRecord> {
    const { pages } = await terminal.pullAll('0');
    const rows = pages.flatMap((page) => page.changes).filter((change) => change.entity === 'sale' && change.op === 'upsert' && change.entityId === saleId);
    return (rows.at(-1) as { data: SaleRecord }).data;
  }

  it('[I10] a sale with a sale discount across two rates (18 % and 0 %) is taken with the right figures, stored and pulled as sent', async () => {
    expect(rice.taxRateId).toBe(exempt.id);
    expect(oil.taxRateId).toBeNull();
    // 2 oil (5 000, the shop's default TVA 18 %) + 3 rice (3 000, exempt), 800 off the sale: 500 on the oil, 300 on the rice.
    const sale = taxedSale(terminal, [{ product: oil, quantity: 2, rate: vat }, { product: rice, quantity: 3, rate: exempt }], 800, true);
    sale.payload.customer = { name: 'Awa Diop', phone: '+221 77 000 00 00' };
    expect(sale.payload.lines.map((line) => line.tax)).toEqual([
      { rateId: vat.id, name: 'TVA 18 %', rateBp: 1800, base: 3814, tax: 686 },
      { rateId: exempt.id, name: 'Exonéré', rateBp: 0, base: 2700, tax: 0 },
    ]);
    expect(sale.payload.total).toBe(7200);
    expect(await pushOne(sale)).toMatchObject({ status: 'applied' });
    const [row] = await backend.dataSource.query<{ taxes: SaleTaxLine[]; prices_include_tax: boolean; customer: unknown; total: string }[]>(
      'SELECT taxes, prices_include_tax, customer, total::text FROM sales WHERE id = $1',
      [sale.payload.id],
    );
    expect(row).toEqual({ taxes: sale.payload.taxes, prices_include_tax: true, customer: { name: 'Awa Diop', phone: '+221 77 000 00 00' }, total: '7200' });
    const pulled = await storedSale(sale.payload.id);
    expect(pulled).toMatchObject({ taxes: sale.payload.taxes, pricesIncludeTax: true, customer: sale.payload.customer, total: 7200 });
    expect(pulled.lines.map((line) => line.tax)).toEqual(sale.payload.lines.map((line) => line.tax));
    const detail = await manager.ok<{ taxes: SaleTaxLine[]; pricesIncludeTax: boolean; customer: unknown; lines: Array<{ tax: SaleTaxLine | null }> }>(manager.get(shopPath(shop.shopId, `/sales/${sale.payload.id}`)));
    expect(detail).toMatchObject({ taxes: sale.payload.taxes, pricesIncludeTax: true, customer: sale.payload.customer });
    expect(detail.lines.map((line) => line.tax)).toEqual(sale.payload.lines.map((line) => line.tax));
  });

  it('[I10] a wrong line tax, wrong taxes per rate or a wrong total is refused and writes nothing', async () => {
    const good = () => taxedSale(terminal, [{ product: oil, quantity: 1, rate: vat }, { product: rice, quantity: 1, rate: exempt }], 100, true);
    const wrongLine = good();
    wrongLine.payload.lines[0]!.tax = { ...wrongLine.payload.lines[0]!.tax!, base: wrongLine.payload.lines[0]!.tax!.base - 1, tax: wrongLine.payload.lines[0]!.tax!.tax + 1 };
    const wrongTaxes = good();
    wrongTaxes.payload.taxes = [...wrongTaxes.payload.taxes!].reverse();
    const wrongTotal = good();
    // The tax added on top of an inclusive sale.
    wrongTotal.payload.total += wrongTotal.payload.taxes![0]!.tax;
    wrongTotal.payload.payments = [{ method: 'CASH', amount: wrongTotal.payload.total }];
    const missingLineTax = good();
    delete missingLineTax.payload.lines[1]!.tax;
    const before = await countRows(backend.dataSource);
    // Arithmetic the shared validator recomputes: the push is refused as a whole (400), naming the op and field.
    const expected = ['lines.0.tax must be base', 'taxes must be the lines', 'total must be subtotal − discount', 'lines.1.tax is required'];
    for (const [index, op] of [wrongLine, wrongTaxes, wrongTotal, missingLineTax].entries()) {
      const response = await terminal.push([op]);
      expect([index, response.status]).toEqual([index, 400]);
      expect((response.body as { details: string[] }).details.join('; ')).toContain(`ops.0.payload.${expected[index]}`);
    }
    expect(await countRows(backend.dataSource)).toEqual(before);
  });

  it('[I10] an exclusive-price shop: the tax comes on top of the price and the total includes it; its refunds give the tax back', async () => {
    const exclusiveShop = await createShopWithLogins(backend, 'Boutique HT');
    const boss = await login(backend, exclusiveShop.users.MANAGER.email);
    const rate = await boss.ok<TaxRateDto>(boss.post(shopPath(exclusiveShop.shopId, '/tax-rates'), { name: 'TVA 18 %', rateBp: 1800 }), 201);
    const updated = await boss.ok<{ pricesIncludeTax: boolean; defaultTaxRateId: string }>(boss.patch(shopPath(exclusiveShop.shopId), { pricesIncludeTax: false, defaultTaxRateId: rate.id }));
    expect(updated).toMatchObject({ pricesIncludeTax: false, defaultTaxRateId: rate.id });
    const tea = await boss.ok<ProductDto>(boss.post(shopPath(exclusiveShop.shopId, '/products'), { sku: uniqueSku('THE'), name: 'Thé 100 g', price: 1000, openingStock: 50 }), 201);
    const till = await TestTerminal.enroll(backend, exclusiveShop.code, exclusiveShop.users.CASHIER.id);
    const { pages } = await till.pullAll('0');
    const shopRow = (pages.flatMap((page) => page.changes).filter((change) => change.entity === 'shop' && change.op === 'upsert').at(-1) as { data: ShopRecord }).data;
    expect(shopRow).toMatchObject({ pricesIncludeTax: false, defaultTaxRateId: rate.id });

    const sale = taxedSale(till, [{ product: tea, quantity: 3, rate }], 0, false);
    // 3 000 before tax + 540 of TVA on top.
    expect(sale.payload.lines[0]!.tax).toEqual({ rateId: rate.id, name: 'TVA 18 %', rateBp: 1800, base: 3000, tax: 540 });
    expect(sale.payload.total).toBe(3540);
    const inclusiveTotal = structuredClone(sale);
    inclusiveTotal.opId = uuidv7();
    inclusiveTotal.payload.total = 3000;
    inclusiveTotal.payload.payments = [{ method: 'CASH', amount: 3000 }];
    const refused = await till.push([inclusiveTotal]);
    expect(refused.status).toBe(400);
    expect((refused.body as { details: string[] }).details).toEqual(['ops.0.payload.total must be subtotal − discount + taxes (3540)']);
    expect(await pushOne(sale, till)).toMatchObject({ status: 'applied' });
    const one = taxedRefund(till, exclusiveShop.users.MANAGER.id, sale, [{ index: 0, count: 1 }], [0]);
    expect(one.payload.lines[0]).toMatchObject({ amount: 1180, tax: 180 });
    expect(await pushOne(one, till)).toMatchObject({ status: 'applied' });
    const rest = taxedRefund(till, exclusiveShop.users.MANAGER.id, sale, [{ index: 0, count: 2 }], [1]);
    expect(await pushOne(rest, till)).toMatchObject({ status: 'applied' });
    const [sums] = await backend.dataSource.query<{ total: string; tax: string }[]>(
      `SELECT sum(r.total)::text AS total, sum((x->>'tax')::bigint)::text AS tax FROM sale_refunds r CROSS JOIN LATERAL jsonb_array_elements(r.lines) x WHERE r.sale_id = $1`,
      [sale.payload.id],
    );
    expect(sums).toEqual({ total: '3540', tax: '540' });
  });

  it('[I10] refunds in random sizes over a taxed sale give back exactly each line’s tax and what was paid; a franc off is refused', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          oilUnits: fc.integer({ min: 1, max: 7 }),
          riceUnits: fc.integer({ min: 1, max: 9 }),
          oilDiscount: fc.integer({ min: 0, max: 700 }),
          percent: fc.integer({ min: 0, max: 60 }),
          inclusive: fc.boolean(),
          steps: fc.array(fc.tuple(fc.boolean(), fc.integer({ min: 1, max: 4 })), { minLength: 1, maxLength: 6 }),
        }),
        async ({ oilUnits, riceUnits, oilDiscount, percent, inclusive, steps }) => {
          const subtotal = oilUnits * 2500 - oilDiscount + riceUnits * 1000;
          const sale = taxedSale(
            terminal,
            [{ product: oil, quantity: oilUnits, rate: vat, discount: oilDiscount }, { product: rice, quantity: riceUnits, rate: exempt }],
            Math.floor((subtotal * percent) / 100),
            inclusive,
          );
          if (sale.payload.total === 0) return;
          expect(await pushOne(sale)).toMatchObject({ status: 'applied' });
          const done = [0, 0];
          for (const [isOil, size] of steps) {
            const index = isOil ? 0 : 1;
            const count = Math.min(size, sale.payload.lines[index]!.quantity - done[index]!);
            if (count === 0) continue;
            const refund = taxedRefund(terminal, shop.users.MANAGER.id, sale, [{ index, count }], done);
            const greedy = structuredClone(refund);
            greedy.opId = uuidv7();
            greedy.payload.id = uuidv7();
            greedy.payload.lines[0]!.tax! += 1;
            greedy.payload.lines[0]!.movementId = uuidv7();
            expect(await pushOne(greedy)).toMatchObject({ status: 'rejected', code: 'BUSINESS_RULE', reason: expect.stringContaining(`give back ${refund.payload.lines[0]!.tax} of the line's tax`) as string });
            expect(await pushOne(refund)).toMatchObject({ status: 'applied' });
            done[index]! += count;
          }
          const rest = sale.payload.lines.map((line, index) => ({ index, count: line.quantity - done[index]! })).filter((pick) => pick.count > 0);
          if (rest.length > 0) expect(await pushOne(taxedRefund(terminal, shop.users.MANAGER.id, sale, rest, done))).toMatchObject({ status: 'applied' });
          const perLine = await backend.dataSource.query<{ line: string; amount: string; tax: string }[]>(
            `SELECT x->>'saleLineId' AS line, sum((x->>'amount')::bigint)::text AS amount, sum((x->>'tax')::bigint)::text AS tax
               FROM sale_refunds r CROSS JOIN LATERAL jsonb_array_elements(r.lines) x WHERE r.sale_id = $1 GROUP BY 1`,
            [sale.payload.id],
          );
          const paid = paidPerLine(sale.payload);
          for (const line of sale.payload.lines) {
            expect(perLine.find((row) => row.line === line.id)).toEqual({ line: line.id, amount: String(paid.get(line.id)), tax: String(line.tax!.tax) });
          }
          const [given] = await backend.dataSource.query<{ tax: string; total: string }[]>(
            `SELECT COALESCE(sum((t->>'tax')::bigint), 0)::text AS tax, (SELECT sum(total) FROM sale_refunds WHERE sale_id = $1)::text AS total
               FROM sale_refunds r CROSS JOIN LATERAL jsonb_array_elements(r.taxes) t WHERE r.sale_id = $1`,
            [sale.payload.id],
          );
          expect(given).toEqual({ tax: String(sale.payload.taxes!.reduce((sum, entry) => sum + entry.tax, 0)), total: String(sale.payload.total) });
        },
      ),
      { numRuns: runs(6) },
    );
  }, 300_000);

  it('[I10] a refund of a taxed sale without its taxes, or with other taxes per rate, is refused with the expected figures', async () => {
    const sale = taxedSale(terminal, [{ product: oil, quantity: 2, rate: vat }, { product: rice, quantity: 1, rate: exempt }], 0, true);
    expect(await pushOne(sale)).toMatchObject({ status: 'applied' });
    const refund = taxedRefund(terminal, shop.users.MANAGER.id, sale, [{ index: 0, count: 1 }], [0, 0]);
    const bare = structuredClone(refund);
    bare.opId = uuidv7();
    delete bare.payload.taxes;
    for (const line of bare.payload.lines) delete line.tax;
    const noTaxes = structuredClone(refund);
    noTaxes.opId = uuidv7();
    delete noTaxes.payload.taxes;
    const otherTaxes = structuredClone(refund);
    otherTaxes.opId = uuidv7();
    otherTaxes.payload.taxes = [{ ...refund.payload.taxes![0]!, base: refund.payload.taxes![0]!.base + 1, tax: refund.payload.taxes![0]!.tax - 1 }];
    const before = await countRows(backend.dataSource);
    const results = (await terminal.pushOk([bare, noTaxes, otherTaxes])).results;
    expect(results[0]).toMatchObject({ status: 'rejected', code: 'BUSINESS_RULE', reason: expect.stringContaining(`must carry its tax (${refund.payload.lines[0]!.tax})`) as string });
    expect(results[1]).toMatchObject({ status: 'rejected', code: 'BUSINESS_RULE', reason: expect.stringContaining(JSON.stringify(refund.payload.taxes)) as string });
    expect(results[2]).toMatchObject({ status: 'rejected', code: 'BUSINESS_RULE', reason: expect.stringContaining('taxes must be') as string });
    const after = await countRows(backend.dataSource);
    expect(after.sale_refunds).toBe(before.sale_refunds);
    expect(after.stock_movements).toBe(before.stock_movements);
    expect(await pushOne(refund)).toMatchObject({ status: 'applied' });
  });

  it('[I10] a sale from a terminal made before taxes (no taxes, no line tax) is still taken, stored without tax data, and refunded without any', async () => {
    const sale = terminal.sale([{ product: oil, quantity: 2 }]);
    expect(sale.payload).not.toHaveProperty('taxes');
    expect(await pushOne(sale)).toMatchObject({ status: 'applied' });
    const [row] = await backend.dataSource.query<{ taxes: unknown; prices_include_tax: unknown; customer: unknown }[]>('SELECT taxes, prices_include_tax, customer FROM sales WHERE id = $1', [sale.payload.id]);
    expect(row).toEqual({ taxes: null, prices_include_tax: null, customer: null });
    const pulled = await storedSale(sale.payload.id);
    expect(pulled).not.toHaveProperty('taxes');
    expect(pulled).not.toHaveProperty('pricesIncludeTax');
    expect(pulled.lines[0]).not.toHaveProperty('tax');
    const refund = taxedRefund(terminal, shop.users.MANAGER.id, sale, [{ index: 0, count: 1 }], [0]);
    delete refund.payload.taxes;
    for (const line of refund.payload.lines) delete line.tax;
    expect(await pushOne(refund)).toMatchObject({ status: 'applied' });
    // An old terminal cannot claim prices before tax without saying what the tax was.
    const exclusive = terminal.sale([{ product: oil, quantity: 1 }], { pricesIncludeTax: false });
    const refused = await terminal.push([exclusive]);
    expect(refused.status).toBe(400);
    expect((refused.body as { details: string[] }).details).toEqual(['ops.0.payload.pricesIncludeTax: a sale with prices before tax must carry its taxes']);
  });

  it('[I10] the tax report of a random day equals the sum over its sales and the refunds made that day (JSON and CSV)', async () => {
    const reportShop = await createShopWithLogins(backend, 'Boutique Rapport');
    const boss = await login(backend, reportShop.users.MANAGER.email);
    const high = await boss.ok<TaxRateDto>(boss.post(shopPath(reportShop.shopId, '/tax-rates'), { name: 'TVA 18 %', rateBp: 1800 }), 201);
    const low = await boss.ok<TaxRateDto>(boss.post(shopPath(reportShop.shopId, '/tax-rates'), { name: 'TVA réduite 10 %', rateBp: 1000 }), 201);
    const none = await boss.ok<TaxRateDto>(boss.post(shopPath(reportShop.shopId, '/tax-rates'), { name: 'Exonéré', rateBp: 0 }), 201);
    const goods = [
      { product: await boss.ok<ProductDto>(boss.post(shopPath(reportShop.shopId, '/products'), { sku: uniqueSku('A'), name: 'Savon', price: 750, openingStock: 9_999 }), 201), rate: high },
      { product: await boss.ok<ProductDto>(boss.post(shopPath(reportShop.shopId, '/products'), { sku: uniqueSku('B'), name: 'Lait', price: 1250, openingStock: 9_999 }), 201), rate: low },
      { product: await boss.ok<ProductDto>(boss.post(shopPath(reportShop.shopId, '/products'), { sku: uniqueSku('C'), name: 'Pain', price: 150, openingStock: 9_999 }), 201), rate: none },
    ];
    const till = await TestTerminal.enroll(backend, reportShop.code, reportShop.users.CASHIER.id);
    let run = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            // -1: the day before, 0: the day, 1: the day after.
            when: fc.constantFrom(-1, 0, 0, 1),
            lines: fc.array(fc.record({ good: fc.integer({ min: 0, max: 2 }), quantity: fc.integer({ min: 1, max: 5 }) }), { minLength: 1, maxLength: 3 }),
            percent: fc.integer({ min: 0, max: 30 }),
            refundWhen: fc.option(fc.constantFrom(0, 1), { nil: null }),
          }),
          { minLength: 2, maxLength: 6 },
        ),
        async (plans) => {
          run += 1;
          // One day per run, far enough apart that runs never share one.
          const day = new Date(Date.UTC(2026, 5, 1 + run * 3)).toISOString().slice(0, 10);
          const at = (offset: number, minute: number) => new Date(Date.parse(`${day}T00:00:00Z`) + offset * 86_400_000 + minute * 60_000).toISOString();
          const expected = new Map<string, { salesBase: number; salesTax: number; refundsBase: number; refundsTax: number }>();
          const add = (taxes: readonly SaleTaxLine[], side: 'sales' | 'refunds') => {
            for (const entry of taxes) {
              const row = expected.get(entry.name) ?? { salesBase: 0, salesTax: 0, refundsBase: 0, refundsTax: 0 };
              row[`${side}Base`] += entry.base;
              row[`${side}Tax`] += entry.tax;
              expected.set(entry.name, row);
            }
          };
          for (const [position, plan] of plans.entries()) {
            const specs = plan.lines.map((line) => ({ ...goods[line.good]!, quantity: line.quantity }));
            const subtotal = specs.reduce((sum, spec) => sum + spec.product.price * spec.quantity, 0);
            const sale = taxedSale(till, specs, Math.floor((subtotal * plan.percent) / 100), true, at(plan.when, 60 + position));
            if (sale.payload.total === 0) continue;
            expect(await pushOne(sale, till)).toMatchObject({ status: 'applied' });
            if (plan.when === 0) add(sale.payload.taxes!, 'sales');
            if (plan.refundWhen !== null && plan.refundWhen >= plan.when) {
              const refund = taxedRefund(till, reportShop.users.MANAGER.id, sale, [{ index: 0, count: 1 }], sale.payload.lines.map(() => 0), at(plan.refundWhen, 600 + position));
              expect(await pushOne(refund, till)).toMatchObject({ status: 'applied' });
              if (plan.refundWhen === 0) add(refund.payload.taxes!, 'refunds');
            }
          }
          const report = await boss.ok<TaxReportDto>(boss.get(shopPath(reportShop.shopId, `/reports/taxes?from=${day}&to=${day}`)));
          const got = new Map(report.rows.map((row) => [row.name, { salesBase: row.salesBase, salesTax: row.salesTax, refundsBase: row.refundsBase, refundsTax: row.refundsTax }]));
          expect(got).toEqual(expected);
          for (const row of report.rows) expect([row.netBase, row.netTax]).toEqual([row.salesBase - row.refundsBase, row.salesTax - row.refundsTax]);
          expect(report.total.netTax).toBe([...expected.values()].reduce((sum, row) => sum + row.salesTax - row.refundsTax, 0));
          const csv = await boss.get(shopPath(reportShop.shopId, `/reports/export?report=taxes&from=${day}&to=${day}`));
          expect(csv.status).toBe(200);
          const lines = csv.text.trim().split(/\r?\n/);
          expect(lines[0]).toBe('rateId,name,rateBp,salesBase,salesTax,refundsBase,refundsTax,netBase,netTax,currency');
          expect(lines).toHaveLength(report.rows.length + 2);
          expect(lines.at(-1)).toBe(`,total,0,${report.total.salesBase},${report.total.salesTax},${report.total.refundsBase},${report.total.refundsTax},${report.total.netBase},${report.total.netTax},XOF`);
        },
      ),
      { numRuns: runs(4) },
    );
  }, 300_000);

  it('[I6] tax rates: last write wins per field by HLC, the loser in the conflict log; rates reach terminals in the state pass (bootstrap)', async () => {
    const second = await TestTerminal.enroll(backend, shop.code, shop.users.MANAGER.id);
    const id = uuidv7();
    expect(await pushOne(terminal.op('tax_rate', 'create', id, { id, name: 'TVA 10 %', rateBp: 1000 }))).toMatchObject({ status: 'applied' });
    const stale = second.op('tax_rate', 'update', id, { id, name: 'TVA dix' }, encodeHlc({ ms: Date.now() - 3_600_000, counter: 0, node: second.deviceId }));
    const fresh = second.op('tax_rate', 'update', id, { id, rateBp: 1050 });
    expect((await second.pushOk([stale, fresh])).results.map((result) => result.status)).toEqual(['applied', 'applied']);
    const [rate] = await backend.dataSource.query<{ name: string; rate_bp: number }[]>('SELECT name, rate_bp FROM tax_rates WHERE id = $1', [id]);
    expect(rate).toEqual({ name: 'TVA 10 %', rate_bp: 1050 });
    const conflicts = await backend.dataSource.query<{ field: string; kind: string }[]>('SELECT field, kind FROM conflict_log WHERE entity = $1 AND entity_id = $2', ['tax_rate', id]);
    // The stale rename lost (REFUSED); the fresh rate overwrote the first terminal's (OVERWRITTEN).
    expect(conflicts.sort((a, b) => a.field.localeCompare(b.field))).toEqual([{ field: 'name', kind: 'REFUSED' }, { field: 'rateBp', kind: 'OVERWRITTEN' }]);
    // A create replayed from another terminal merges like an update: never a second rate.
    expect(await pushOne(second.op('tax_rate', 'create', id, { id, name: 'TVA 10 %', rateBp: 1000 }, encodeHlc({ ms: Date.now() - 7_200_000, counter: 0, node: second.deviceId })), second)).toMatchObject({ status: 'applied' });
    expect((await backend.dataSource.query<{ n: number }[]>('SELECT count(*)::int AS n, max(rate_bp) AS r FROM tax_rates WHERE id = $1', [id]))[0]).toMatchObject({ n: 1, r: 1050 });

    const state = await request(backend.url).get('/api/sync/pull').query({ cursor: '0', scope: 'state', limit: 1000 }).set('Authorization', `Bearer ${second.token}`);
    expect(state.status).toBe(200);
    const rates = (state.body as PullResponse).changes.flatMap((change) => (change.entity === 'tax_rate' && change.op === 'upsert' ? [change.data] : []));
    expect(rates.find((record) => record.id === id)).toMatchObject({ shopId: shop.shopId, name: 'TVA 10 %', rateBp: 1050, archived: false });
    expect(rates.map((record) => record.id)).toEqual(expect.arrayContaining([vat.id, exempt.id]));
    expect(rates.some((record) => record.id === otherShopRate.id)).toBe(false);
  });

  it('a product op naming a rate of another shop or an unknown rate is refused with its reason and writes nothing', async () => {
    const foreign = uuidv7();
    const unknown = uuidv7();
    const base = { sku: uniqueSku('OP'), barcode: null, name: 'Produit', price: 500, cost: null, category: null, lowStockThreshold: 0 };
    const before = await countRows(backend.dataSource);
    const results = (
      await terminal.pushOk([
        terminal.op('product', 'create', foreign, { id: foreign, ...base, taxRateId: otherShopRate.id }),
        terminal.op('product', 'create', unknown, { id: unknown, ...base, sku: uniqueSku('OP'), taxRateId: uuidv7() }),
        terminal.productUpdate({ id: oil.id, taxRateId: otherShopRate.id }),
      ])
    ).results;
    expect(results[0]).toMatchObject({ status: 'rejected', code: 'FORBIDDEN', reason: `tax rate ${otherShopRate.id} belongs to another shop` });
    expect(results[1]).toMatchObject({ status: 'rejected', code: 'NOT_FOUND', reason: expect.stringContaining('not found in this shop') as string });
    expect(results[2]).toMatchObject({ status: 'rejected', code: 'FORBIDDEN' });
    const after = await countRows(backend.dataSource);
    expect(after.products).toBe(before.products);
    const [product] = await backend.dataSource.query<{ tax_rate_id: string | null }[]>('SELECT tax_rate_id FROM products WHERE id = $1', [oil.id]);
    expect(product?.tax_rate_id).toBeNull();
    // The shop's own rate is taken.
    expect(await pushOne(terminal.productUpdate({ id: oil.id, taxRateId: vat.id }))).toMatchObject({ status: 'applied' });
    expect(await pushOne(terminal.productUpdate({ id: oil.id, taxRateId: null }))).toMatchObject({ status: 'applied' });
  });

  it('the admin API: rates listed and archived (never deleted), the default cannot be archived, products and CSV name rates', async () => {
    const list = await manager.ok<TaxRateDto[]>(manager.get(shopPath(shop.shopId, '/tax-rates')));
    expect(list.find((rate) => rate.id === vat.id)).toMatchObject({ isDefault: true, archived: false });
    expect((await manager.patch(shopPath(shop.shopId, `/tax-rates/${vat.id}`), { archived: true })).status).toBe(409);
    const old = await manager.ok<TaxRateDto>(manager.post(shopPath(shop.shopId, '/tax-rates'), { name: 'Ancienne TVA', rateBp: 2000 }), 201);
    expect(await manager.ok<TaxRateDto>(manager.patch(shopPath(shop.shopId, `/tax-rates/${old.id}`), { archived: true, rateBp: 1900 }))).toMatchObject({ archived: true, rateBp: 1900 });
    expect((await manager.delete(shopPath(shop.shopId, `/tax-rates/${old.id}`))).status).toBe(404);

    const sku = uniqueSku('CSV');
    const imported = await manager.ok<{ created: number; failed: unknown[] }>(
      manager.post(shopPath(shop.shopId, '/products/import'), { csv: `sku,name,price,tax_rate\n${sku},Sucre 1 kg,900,exonéré\n` }),
    );
    expect(imported).toMatchObject({ created: 1, failed: [] });
    const exported = await manager.get(shopPath(shop.shopId, '/products/export'));
    expect(exported.text.split(/\r?\n/)[0]).toContain('taxRate');
    expect(exported.text).toMatch(new RegExp(`${sku},,Sucre 1 kg,900,,,0,false,Exonéré,UNIT,0`));
    const page = await manager.ok<{ items: ProductDto[] }>(manager.get(shopPath(shop.shopId, `/products?search=${sku}`)));
    expect(page.items[0]).toMatchObject({ taxRateId: exempt.id });
    // Re-importing the export changes nothing.
    const again = await manager.ok<{ created: number; updated: number }>(manager.post(shopPath(shop.shopId, '/products/import'), { csv: exported.text }));
    expect(again).toMatchObject({ created: 0, updated: 0 });
  });

  it('[bad-input] every new input: 400 (or 409) naming the problem, and nothing written', async () => {
    const archived = await manager.ok<TaxRateDto>(manager.post(shopPath(shop.shopId, '/tax-rates'), { name: `Archivée ${uniqueSku()}`, rateBp: 500 }), 201);
    await manager.ok(manager.patch(shopPath(shop.shopId, `/tax-rates/${archived.id}`), { archived: true }));
    const cases: Array<[string, 'post' | 'patch' | 'get', string, unknown, number, string]> = [
      ['rate without name', 'post', '/tax-rates', { rateBp: 1800 }, 400, 'name'],
      ['empty name', 'post', '/tax-rates', { name: '  ', rateBp: 1800 }, 400, 'name'],
      ['long name', 'post', '/tax-rates', { name: 'x'.repeat(101), rateBp: 1800 }, 400, 'name'],
      ['negative rate', 'post', '/tax-rates', { name: 'Moins', rateBp: -1 }, 400, 'rateBp'],
      ['rate above 100 %', 'post', '/tax-rates', { name: 'Trop', rateBp: 10_001 }, 400, 'rateBp'],
      ['fractional rate', 'post', '/tax-rates', { name: 'Demi', rateBp: 18.5 }, 400, 'rateBp'],
      ['rate as text', 'post', '/tax-rates', { name: 'Texte', rateBp: '1800' }, 400, 'rateBp'],
      ['duplicate name', 'post', '/tax-rates', { name: 'tva 18 %', rateBp: 1800 }, 409, 'already named'],
      ['update: archived as text', 'patch', `/tax-rates/${exempt.id}`, { archived: 'yes' }, 400, 'archived'],
      ['update: rate too high', 'patch', `/tax-rates/${exempt.id}`, { rateBp: 20_000 }, 400, 'rateBp'],
      ['update: name taken', 'patch', `/tax-rates/${exempt.id}`, { name: 'TVA 18 %' }, 409, 'already named'],
      ['update: not a uuid', 'patch', '/tax-rates/not-a-uuid', { name: 'X' }, 400, 'uuid'],
      ['shop: unknown default', 'patch', '', { defaultTaxRateId: uuidv7() }, 400, 'defaultTaxRateId'],
      ['shop: another shop’s default', 'patch', '', { defaultTaxRateId: otherShopRate.id }, 400, 'defaultTaxRateId'],
      ['shop: archived default', 'patch', '', { defaultTaxRateId: archived.id }, 400, 'archived'],
      ['shop: default not a uuid', 'patch', '', { defaultTaxRateId: 'TVA' }, 400, 'defaultTaxRateId'],
      ['shop: pricesIncludeTax as text', 'patch', '', { pricesIncludeTax: 'false' }, 400, 'pricesIncludeTax'],
      ['shop: empty legal name', 'patch', '', { legalName: '' }, 400, 'legalName'],
      ['shop: long tax number', 'patch', '', { taxNumber: '1'.repeat(65) }, 400, 'taxNumber'],
      ['shop: bad phone', 'patch', '', { phone: 'appelez-moi' }, 400, 'phone'],
      ['shop: address as number', 'patch', '', { address: 12 }, 400, 'address'],
      ['product: unknown rate', 'post', '/products', { sku: uniqueSku(), name: 'P', price: 1, taxRateId: uuidv7() }, 400, 'taxRateId'],
      ['product: another shop’s rate', 'patch', `/products/${oil.id}`, { taxRateId: otherShopRate.id }, 400, 'taxRateId'],
      ['product: archived rate', 'patch', `/products/${oil.id}`, { taxRateId: archived.id }, 400, 'archived'],
      ['product: rate not a uuid', 'patch', `/products/${oil.id}`, { taxRateId: 'TVA 18 %' }, 400, 'taxRateId'],
      ['csv: unknown rate name', 'post', '/products/import', { csv: `sku,name,price,taxRate\n${uniqueSku()},A,1,TVA 18 %\n${uniqueSku()},B,1,TVA 99 %\n` }, 400, 'line 3: tax rate "TVA 99 %" is not a rate of this shop'],
      ['csv: archived rate name', 'post', '/products/import', { csv: `sku,name,price,tax_rate\n${uniqueSku()},A,1,${archived.name}\n` }, 400, 'is archived'],
      ['report: to before from', 'get', '/reports/taxes?from=2026-03-02&to=2026-03-01', undefined, 400, 'to must be on or after from'],
      ['report: not a day', 'get', '/reports/taxes?from=2026-02-30&to=2026-03-01', undefined, 400, 'from'],
      ['report: no period', 'get', '/reports/taxes', undefined, 400, 'from'],
      ['report: unknown zone', 'get', '/reports/taxes?from=2026-03-01&to=2026-03-01&timeZone=Mars/Olympus', undefined, 400, 'timeZone'],
    ];
    const before = await shopFingerprint(backend, shop.shopId);
    for (const [what, method, path, body, status, mention] of cases) {
      const response = await manager.call(method, shopPath(shop.shopId, path), body);
      expect([what, response.status]).toEqual([what, status]);
      expect([what, JSON.stringify(response.body)]).toEqual([what, expect.stringContaining(mention.replace(/"/g, '\\"'))]);
    }
    expect(await shopFingerprint(backend, shop.shopId)).toEqual(before);
  });
});
