import { INITIAL_CURSOR, uuidv7, type Change, type Op, type PaymentRecord, type SaleRefundPayload } from '@seri/shared';
import type { Page } from '../../src/admin/common/page';
import type { ExpenseDto } from '../../src/admin/expenses/dto/expense.dto';
import type { ProductDto } from '../../src/admin/products/dto/product.dto';
import type { RejectedOpDto } from '../../src/admin/review/dto/review.dto';
import type { SaleDetailDto, SaleSummaryDto } from '../../src/admin/sales/dto/sale.dto';
import type { ComparisonReportDto, ExpensesReportDto, MarginReportDto, TakingsReportDto } from '../../src/reports/dto/report.dto';
import type { UserDto } from '../../src/users/dto/admin-user.dto';
import { countRows, stockLevel } from '../support/database';
import { startTestBackend, type TestBackend } from '../support/test-backend';
import { TestTerminal, type LineSpec } from '../support/terminal';
import { createShopWithLogins, login, shopPath, type AdminClient, type PeopleShop } from './support/admin-api';
import { uniqueSku } from './support/shop-data';

const PERIOD = 'from=2025-03-01&to=2025-03-03';

describe('admin API: sales, expenses, reports and rejected ops', () => {
  let backend: TestBackend;
  let shop: PeopleShop;
  let manager: AdminClient;
  let terminal: TestTerminal;
  let second: TestTerminal;
  let rice: ProductDto;
  let oil: ProductDto;
  const sales: Record<string, Op<'sale', 'create'>> = {};
  let cashierTwo: UserDto;
  const path = (rest: string) => shopPath(shop.shopId, rest);

  function sale(by: TestTerminal, lines: LineSpec[], createdAt: string, payments?: PaymentRecord[]): Op<'sale', 'create'> {
    const op = by.sale(lines, { createdAt, number: `T01-${String(Object.keys(sales).length + 1).padStart(6, '0')}` });
    if (payments) op.payload.payments = payments;
    return op;
  }

  const spec = (product: ProductDto, quantity: number): LineSpec => ({ product: { id: product.id, name: product.name, price: product.price }, quantity });

  beforeAll(async () => {
    backend = await startTestBackend();
    shop = await createShopWithLogins(backend, 'Boutique Rapports');
    manager = await login(backend, shop.users.MANAGER.email);
    rice = await manager.ok<ProductDto>(manager.post(path('/products'), { sku: uniqueSku(), name: 'Riz 1 kg', price: 1000, cost: 600, openingStock: 50 }), 201);
    oil = await manager.ok<ProductDto>(manager.post(path('/products'), { sku: uniqueSku(), name: 'Huile 1 l', price: 2500, openingStock: 50 }), 201);
    cashierTwo = await manager.ok<UserDto>(manager.post(path('/users'), { name: 'Aminata Ba', role: 'CASHIER', pin: '2468' }), 201);
    // The fixtures are dated 2025: the shop keeps ten years on its terminals, so they all travel (I12).
    await manager.ok(manager.patch(shopPath(shop.shopId), { retentionDays: 3650 }));
    terminal = await TestTerminal.enroll(backend, shop.code, shop.users.CASHIER.id);
    second = new TestTerminal(backend, terminal.enrollment, cashierTwo.id);

    sales['S0'] = sale(terminal, [spec(rice, 1)], '2025-02-27T10:00:00.000Z');
    sales['S1'] = sale(terminal, [spec(rice, 2)], '2025-03-01T10:00:00.000Z');
    sales['S2'] = sale(second, [spec(oil, 1)], '2025-03-01T23:30:00.000Z', [{ method: 'MOBILE_MONEY', amount: 2500, reference: 'OM-1234' }]);
    sales['S3'] = sale(terminal, [spec(rice, 1), spec(oil, 1)], '2025-03-02T09:00:00.000Z', [
      { method: 'CASH', amount: 1500 },
      { method: 'CARD', amount: 2000 },
    ]);
    sales['S4'] = sale(terminal, [spec(rice, 3)], '2025-03-02T12:00:00.000Z');
    const s3 = sales['S3'].payload;
    const refund: SaleRefundPayload = {
      id: uuidv7(),
      saleId: s3.id,
      reason: 'Riz abîmé',
      approvedBy: shop.users.MANAGER.id,
      method: 'CASH',
      total: 1000,
      lines: [{ saleLineId: s3.lines[0]!.id, productId: rice.id, quantity: 1, amount: 1000, movementId: uuidv7() }],
      createdAt: '2025-03-03T08:00:00.000Z',
    };
    const pushed = await terminal.pushOk([...Object.values(sales), terminal.op('sale', 'refund', s3.id, refund)]);
    expect(pushed.results.every((result) => result.status === 'applied')).toBe(true);

    for (const expense of [
      { category: 'Transport', amount: 300, date: '2025-02-27' },
      { category: 'Transport', amount: 500, date: '2025-03-01' },
      { category: 'Loyer', amount: 10000, date: '2025-03-02' },
      { category: 'Transport', amount: 700, date: '2025-03-03T18:00:00Z' },
    ]) {
      await manager.ok(manager.post(path('/expenses'), expense), 201);
    }
    const gone = await manager.ok<ExpenseDto>(manager.post(path('/expenses'), { category: 'Autre', amount: 999, date: '2025-03-02' }), 201);
    await manager.ok(manager.delete(path(`/expenses/${gone.id}`)), 204);
  }, 120_000);

  afterAll(async () => {
    await backend?.stop();
  }, 60_000);

  describe('sales', () => {
    it('lists sales newest first with their cashier, terminal and refunds, paginated', async () => {
      const first = await manager.ok<Page<SaleSummaryDto>>(manager.get(path('/sales?limit=2')));
      expect(first.items.map((item) => item.number)).toEqual([sales['S4']!.payload.number, sales['S3']!.payload.number]);
      expect(first.items[1]).toMatchObject({ total: 3500, refunded: 1000, cashierName: `CASHIER ${shop.name}`, terminalCode: 'T01', lineCount: 2, status: 'COMPLETED' });
      const seen = [...first.items];
      let next = first.nextCursor;
      while (next) {
        const page: Page<SaleSummaryDto> = await manager.ok<Page<SaleSummaryDto>>(manager.get(path(`/sales?limit=2&cursor=${next}`)));
        seen.push(...page.items);
        next = page.nextCursor;
      }
      expect(seen.map((item) => item.id)).toEqual(['S4', 'S3', 'S2', 'S1', 'S0'].map((name) => sales[name]!.payload.id));
    });

    it('filters by period, cashier, terminal, payment method and receipt number', async () => {
      const ids = async (query: string) => (await manager.ok<Page<SaleSummaryDto>>(manager.get(path(`/sales?${query}`)))).items.map((item) => item.id);
      const id = (name: string) => sales[name]!.payload.id;
      expect(await ids(`from=${encodeURIComponent('2025-03-01T00:00:00Z')}&to=${encodeURIComponent('2025-03-02T00:00:00Z')}`)).toEqual([id('S2'), id('S1')]);
      expect(await ids(`cashierId=${cashierTwo.id}`)).toEqual([id('S2')]);
      expect(await ids(`deviceId=${terminal.deviceId}&paymentMethod=CARD`)).toEqual([id('S3')]);
      expect(await ids(`paymentMethod=MOBILE_MONEY`)).toEqual([id('S2')]);
      expect(await ids(`number=${sales['S1']!.payload.number}`)).toEqual([id('S1')]);
      for (const bad of ['from=yesterday', 'status=LOST', 'cashierId=42', 'paymentMethod=CHEQUE', 'number=%25', 'limit=501']) {
        expect([bad, (await manager.get(path(`/sales?${bad}`))).status]).toEqual([bad, 400]);
      }
    });

    it('shows a sale with its lines, payments and refunds', async () => {
      const detail = await manager.ok<SaleDetailDto>(manager.get(path(`/sales/${sales['S3']!.payload.id}`)));
      expect(detail).toMatchObject({
        number: sales['S3']!.payload.number,
        total: 3500,
        payments: [
          { method: 'CASH', amount: 1500 },
          { method: 'CARD', amount: 2000 },
        ],
        lines: [
          { productId: rice.id, name: 'Riz 1 kg', quantity: 1, unitPrice: 1000, total: 1000 },
          { productId: oil.id, name: 'Huile 1 l', quantity: 1, unitPrice: 2500, total: 2500 },
        ],
        refunds: [{ method: 'CASH', total: 1000, reason: 'Riz abîmé', approvedBy: shop.users.MANAGER.id, lines: [{ productId: rice.id, quantity: 1, amount: 1000 }] }],
        voidedAt: null,
      });
      expect((await manager.get(path('/sales/0198f2a0-0000-7000-8000-000000000000'))).status).toBe(404);
    });

    it('[I5] voids a sale as a new op approved by the manager: marked, never edited, stock back (I4), terminals pull it', async () => {
      const { cursor } = await terminal.pullAll(INITIAL_CURSOR);
      const s4 = sales['S4']!.payload;
      const riceBefore = await stockLevel(backend.dataSource, rice.id);
      const voided = await manager.ok<SaleDetailDto>(manager.post(path(`/sales/${s4.id}/void`), { reason: 'Client parti sans payer' }));
      expect(voided).toMatchObject({ status: 'VOIDED', voidedBy: shop.users.MANAGER.id, voidReason: 'Client parti sans payer', total: 3000 });
      expect(voided.lines).toEqual([expect.objectContaining({ id: s4.lines[0]!.id, quantity: 3, total: 3000 })]);
      expect(await stockLevel(backend.dataSource, rice.id)).toBe(riceBefore + 3);
      const pulled: Change[] = (await terminal.pullAll(cursor)).pages.flatMap((page) => page.changes);
      expect(pulled.find((change) => change.entity === 'sale')).toMatchObject({ entityId: s4.id, data: { status: 'VOIDED' } });
      // The voided sale brings its SALE movements again (unchanged), and the compensating VOID one.
      expect(pulled.find((change) => change.entity === 'stock_movement' && change.op === 'upsert' && change.data.type === 'VOID')).toMatchObject({
        data: { type: 'VOID', quantity: 3, saleId: s4.id },
      });

      const before = await countRows(backend.dataSource);
      expect((await manager.post(path(`/sales/${s4.id}/void`), { reason: 'Encore' })).status).toBe(409);
      expect((await manager.post(path(`/sales/${sales['S3']!.payload.id}/void`), { reason: 'Remboursée en partie' })).status).toBe(409);
      expect((await manager.post(path(`/sales/${sales['S1']!.payload.id}/void`), {})).status).toBe(400);
      expect((await manager.post(path('/sales/0198f2a0-0000-7000-8000-000000000000/void'), { reason: 'x' })).status).toBe(404);
      expect(await countRows(backend.dataSource)).toEqual(before);
      const voidedOnly = await manager.ok<Page<SaleSummaryDto>>(manager.get(path('/sales?status=VOIDED')));
      expect(voidedOnly.items.map((item) => item.id)).toEqual([s4.id]);
    });
  });

  describe('expenses', () => {
    it('creates, reads, changes and deletes (a tombstone terminals pull), as expense ops', async () => {
      const { cursor } = await terminal.pullAll(INITIAL_CURSOR);
      const created = await manager.ok<ExpenseDto>(manager.post(path('/expenses'), { category: 'Électricité', amount: 15000, note: 'Facture SENELEC', date: '2025-03-05' }), 201);
      expect(created).toMatchObject({ category: 'Électricité', amount: 15000, note: 'Facture SENELEC', date: '2025-03-05', deleted: false });
      expect(await manager.ok(manager.get(path(`/expenses/${created.id}`)))).toEqual(created);
      const changed = await manager.ok<ExpenseDto>(manager.patch(path(`/expenses/${created.id}`), { amount: 16000, note: null }));
      expect(changed).toMatchObject({ amount: 16000, note: null, category: 'Électricité' });
      await manager.ok(manager.delete(path(`/expenses/${created.id}`)), 204);
      expect(await manager.ok<ExpenseDto>(manager.get(path(`/expenses/${created.id}`)))).toMatchObject({ deleted: true });
      expect((await manager.patch(path(`/expenses/${created.id}`), { amount: 1 })).status).toBe(404);
      expect((await manager.delete(path(`/expenses/${created.id}`))).status).toBe(404);

      const pulled = (await terminal.pullAll(cursor)).pages.flatMap((page) => page.changes).filter((change) => change.entityId === created.id);
      // The pull is compacted: a terminal that was behind gets the record's last state, the tombstone.
      expect(pulled.map((change) => change.op)).toEqual(['delete']);
      const ops = await backend.dataSource.query<{ kind: string }[]>(`SELECT kind FROM processed_ops WHERE entity = 'expense' AND shop_id = $1 ORDER BY created_at DESC LIMIT 3`, [shop.shopId]);
      expect(ops.map((op) => op.kind)).toEqual(['delete', 'update', 'create']);
    });

    it('lists by date with filters; deleted ones only when asked', async () => {
      const march = await manager.ok<Page<ExpenseDto>>(manager.get(path(`/expenses?${PERIOD}`)));
      expect(march.items.map((item) => [item.date, item.amount])).toEqual([
        ['2025-03-03T18:00:00Z', 700],
        ['2025-03-02', 10000],
        ['2025-03-01', 500],
      ]);
      const withDeleted = await manager.ok<Page<ExpenseDto>>(manager.get(path(`/expenses?${PERIOD}&includeDeleted=true`)));
      expect(withDeleted.items).toHaveLength(4);
      const transport = await manager.ok<Page<ExpenseDto>>(manager.get(path('/expenses?category=Transport&limit=2')));
      expect(transport.items).toHaveLength(2);
      expect(transport.nextCursor).not.toBeNull();
    });

    it.each([
      ['a date far in the future', { category: 'X', amount: 1, date: '2999-01-01' }],
      ['a date that is not one', { category: 'X', amount: 1, date: '2025-02-30' }],
      ['a negative amount', { category: 'X', amount: -5, date: '2025-03-01' }],
      ['no category', { amount: 5, date: '2025-03-01' }],
      ['a deleted flag', { category: 'X', amount: 5, date: '2025-03-01', deleted: true }],
    ])('answers 400 to %s, writing nothing', async (_name, body) => {
      const before = await countRows(backend.dataSource);
      expect((await manager.post(path('/expenses'), body)).status).toBe(400);
      expect(await countRows(backend.dataSource)).toEqual(before);
    });
  });

  describe('reports', () => {
    it('takings per day, net of refunds, with empty days, in UTC and in the shop’s time zone', async () => {
      const utc = await manager.ok<TakingsReportDto>(manager.get(path(`/reports/takings?${PERIOD}`)));
      expect(utc).toMatchObject({ from: '2025-03-01', to: '2025-03-03', timeZone: 'UTC', currency: 'XOF', groupBy: 'day', sales: 3, gross: 8000, refunds: 1000, total: 7000 });
      expect(utc.rows.map((row) => [row.key, row.sales, row.gross, row.refunds, row.total])).toEqual([
        ['2025-03-01', 2, 4500, 0, 4500],
        ['2025-03-02', 1, 3500, 0, 3500],
        ['2025-03-03', 0, 0, 1000, -1000],
      ]);
      // 23:30 UTC on the 1st is already the 2nd in Nairobi (UTC+3).
      const nairobi = await manager.ok<TakingsReportDto>(manager.get(path(`/reports/takings?${PERIOD}&timeZone=Africa/Nairobi`)));
      expect(nairobi.rows.map((row) => [row.key, row.sales, row.gross])).toEqual([
        ['2025-03-01', 1, 2000],
        ['2025-03-02', 2, 6000],
        ['2025-03-03', 0, 0],
      ]);
    });

    it('takings per payment method, cashier and product', async () => {
      const byMethod = await manager.ok<TakingsReportDto>(manager.get(path(`/reports/takings?${PERIOD}&groupBy=payment-method`)));
      expect(byMethod.rows.map((row) => [row.key, row.sales, row.gross, row.refunds, row.total])).toEqual([
        ['CASH', 2, 3500, 1000, 2500],
        ['MOBILE_MONEY', 1, 2500, 0, 2500],
        ['CARD', 1, 2000, 0, 2000],
      ]);
      const byCashier = await manager.ok<TakingsReportDto>(manager.get(path(`/reports/takings?${PERIOD}&groupBy=cashier`)));
      expect(byCashier.rows.map((row) => [row.label, row.sales, row.gross, row.refunds, row.total])).toEqual([
        [`CASHIER ${shop.name}`, 2, 5500, 1000, 4500],
        ['Aminata Ba', 1, 2500, 0, 2500],
      ]);
      const byProduct = await manager.ok<TakingsReportDto>(manager.get(path(`/reports/takings?${PERIOD}&groupBy=product`)));
      expect(byProduct.rows.map((row) => [row.label, row.sales, row.quantity, row.gross, row.refunds, row.total])).toEqual([
        ['Huile 1 l', 2, 2, 5000, 0, 5000],
        ['Riz 1 kg', 2, 2, 3000, 1000, 2000],
      ]);
    });

    it('expenses per category, deleted ones left out', async () => {
      const report = await manager.ok<ExpensesReportDto>(manager.get(path(`/reports/expenses?${PERIOD}`)));
      expect(report).toMatchObject({ count: 3, total: 11200 });
      expect(report.rows).toEqual([
        { category: 'Loyer', count: 1, total: 10000 },
        { category: 'Transport', count: 2, total: 1200 },
      ]);
    });

    it('gross margin: net takings less the cost of the goods that stayed sold', async () => {
      const margin = await manager.ok<MarginReportDto>(manager.get(path(`/reports/margin?${PERIOD}`)));
      expect(margin).toMatchObject({ revenue: 7000, refunds: 1000, costOfGoods: 1200, grossMargin: 5800, marginPercent: 82.9, uncostedRevenue: 5000 });
    });

    it('compares with the period just before', async () => {
      const report = await manager.ok<ComparisonReportDto>(manager.get(path(`/reports/comparison?${PERIOD}`)));
      expect(report.previous).toEqual({ from: '2025-02-26', to: '2025-02-28', sales: 1, takings: 1000, refunds: 0, averageBasket: 1000, expenses: 300, costOfGoods: 600, grossMargin: 400, net: 100 });
      expect(report.current).toEqual({ from: '2025-03-01', to: '2025-03-03', sales: 3, takings: 7000, refunds: 1000, averageBasket: 2666, expenses: 11200, costOfGoods: 1200, grossMargin: 5800, net: -5400 });
      expect(report.change.takings).toEqual({ absolute: 6000, percent: 600 });
      expect(report.change.refunds).toEqual({ absolute: 1000, percent: null });
      const chosen = await manager.ok<ComparisonReportDto>(manager.get(path(`/reports/comparison?${PERIOD}&previousFrom=2025-02-27&previousTo=2025-02-27`)));
      expect(chosen.previous).toMatchObject({ from: '2025-02-27', to: '2025-02-27', sales: 1 });
    });

    it('exports any report as CSV', async () => {
      const response = await manager.get(path(`/reports/export?report=takings-by-payment-method&${PERIOD}`));
      expect(response.status).toBe(200);
      expect(response.headers['content-type']).toContain('text/csv');
      expect(response.text.split('\r\n')).toEqual([
        'key,label,sales,quantity,gross,refunds,total,currency',
        'CASH,CASH,2,,3500,1000,2500,XOF',
        'MOBILE_MONEY,MOBILE_MONEY,1,,2500,0,2500,XOF',
        'CARD,CARD,1,,2000,0,2000,XOF',
        '',
      ]);
      for (const report of ['takings-by-day', 'takings-by-cashier', 'takings-by-product', 'expenses-by-category', 'margin', 'comparison']) {
        const csv = await manager.get(path(`/reports/export?report=${report}&${PERIOD}`));
        expect([report, csv.status, csv.text.split('\r\n').length > 2]).toEqual([report, 200, true]);
      }
      expect((await manager.get(path(`/reports/export?report=everything&${PERIOD}`))).status).toBe(400);
    });

    it.each([
      ['to before from', 'from=2025-03-03&to=2025-03-01', 'on or after'],
      ['a period over a year', 'from=2024-01-01&to=2025-03-01', 'at most'],
      ['a day that does not exist', 'from=2025-02-30&to=2025-03-01', 'from must be a day that exists'],
      ['an unknown time zone', `${PERIOD}&timeZone=Mars/Olympus`, 'time zone'],
      ['no period', 'groupBy=day', 'from'],
      ['an unknown grouping', `${PERIOD}&groupBy=hour`, 'groupBy'],
      ['half a previous period', `${PERIOD}&previousFrom=2025-01-01`, 'previousTo'],
    ])('answers 400 to %s', async (_name, query, message) => {
      const url = message === 'previousTo' ? path(`/reports/comparison?${query}`) : path(`/reports/takings?${query}`);
      const response = await manager.get(url);
      expect(response.status).toBe(400);
      expect((response.body as { message: string }).message).toContain(message);
    });
  });

  describe('rejected ops', () => {
    it('[I7] lists what the server refused, with the reason; resolving a rejected sale closes its review', async () => {
      const stray = terminal.sale([{ product: { id: uuidv7(), name: 'Produit fantôme', price: 700 }, quantity: 1 }], { number: 'T01-900001' });
      const pushed = await terminal.pushOk([stray]);
      expect(pushed.results[0]).toMatchObject({ status: 'rejected', code: 'NOT_FOUND' });

      const open = await manager.ok<Page<RejectedOpDto>>(manager.get(path('/rejected-ops?status=open')));
      const listed = open.items.find((item) => item.opId === stray.opId);
      expect(listed).toMatchObject({ entity: 'sale', kind: 'create', code: 'NOT_FOUND', reason: expect.stringContaining('not found') as string, deviceId: terminal.deviceId, resolution: null });
      expect(listed?.op).toMatchObject({ opId: stray.opId, payload: { number: 'T01-900001' } });

      const resolved = await manager.ok<RejectedOpDto>(manager.post(path(`/rejected-ops/${stray.opId}/resolve`), { resolution: 'FIXED', note: 'Ressaisie avec le bon produit' }));
      expect(resolved.resolution).toMatchObject({ resolution: 'FIXED', note: 'Ressaisie avec le bon produit', resolvedBy: shop.users.MANAGER.id });
      const [review] = await backend.dataSource.query<{ status: string; resolution_note: string }[]>('SELECT status, resolution_note FROM sale_reviews WHERE op_id = $1', [stray.opId]);
      expect(review).toEqual({ status: 'RESOLVED', resolution_note: 'FIXED: Ressaisie avec le bon produit' });

      expect((await manager.ok<Page<RejectedOpDto>>(manager.get(path('/rejected-ops?status=open')))).items.map((item) => item.opId)).not.toContain(stray.opId);
      expect((await manager.ok<Page<RejectedOpDto>>(manager.get(path('/rejected-ops?status=resolved')))).items.map((item) => item.opId)).toContain(stray.opId);
      expect((await manager.post(path(`/rejected-ops/${stray.opId}/resolve`), { resolution: 'DISMISSED', note: 'encore' })).status).toBe(409);
      expect((await manager.post(path(`/rejected-ops/${uuidv7()}/resolve`), { resolution: 'DISMISSED', note: 'x' })).status).toBe(404);
      expect((await manager.post(path(`/rejected-ops/${stray.opId}/resolve`), { resolution: 'DISMISSED' })).status).toBe(400);
      expect((await manager.get(path('/rejected-ops?cursor=WyJ4Il0'))).status).toBe(400);
    });
  });
});
