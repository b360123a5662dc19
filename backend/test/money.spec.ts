import fc from 'fast-check';
import { paidPerLine, refundLineAmount, uuidv7, type Op, type OpResult, type SaleRefundPayload } from '@seri/shared';
import type { ProductDto } from '../src/admin/products/dto/product.dto';
import { createShopWithLogins, login, shopPath, type PeopleShop } from './admin/support/admin-api';
import { uniqueSku } from './admin/support/shop-data';
import { countRows } from './support/database';
import { startTestBackend, type TestBackend } from './support/test-backend';
import { TestTerminal } from './support/terminal';

/** Issue 11 part 1 on a real PostgreSQL: the server recomputes every amount it can derive (I10). */
describe('money is exact on the server (I10)', () => {
  let backend: TestBackend;
  let shop: PeopleShop;
  let terminal: TestTerminal;
  let rice: ProductDto;
  let oil: ProductDto;

  beforeAll(async () => {
    backend = await startTestBackend();
    shop = await createShopWithLogins(backend, 'Boutique Monnaie');
    const manager = await login(backend, shop.users.MANAGER.email);
    rice = await manager.ok<ProductDto>(manager.post(shopPath(shop.shopId, '/products'), { sku: uniqueSku(), name: 'Riz 1 kg', price: 1000, openingStock: 500 }), 201);
    oil = await manager.ok<ProductDto>(manager.post(shopPath(shop.shopId, '/products'), { sku: uniqueSku(), name: 'Huile 1 l', price: 2500, openingStock: 500 }), 201);
    terminal = await TestTerminal.enroll(backend, shop.code, shop.users.CASHIER.id);
  });

  afterAll(async () => {
    await backend?.stop();
  }, 60_000);

  async function pushOne(op: Op<'sale', 'create'> | Op<'sale', 'refund'>): Promise<OpResult> {
    const response = await terminal.pushOk([op]);
    return response.results[0]!;
  }

  async function refundedTotal(saleId: string): Promise<number> {
    const rows: Array<{ total: number }> = await backend.dataSource.query('SELECT coalesce(sum(total), 0)::int AS total FROM sale_refunds WHERE sale_id = $1', [saleId]);
    return rows[0]!.total;
  }

  function refundOp(sale: Op<'sale', 'create'>, lines: Array<{ index: number; quantity: number; amount: number }>): Op<'sale', 'refund'> {
    const payload: SaleRefundPayload = {
      id: uuidv7(),
      saleId: sale.payload.id,
      reason: 'Retour client',
      approvedBy: shop.users.MANAGER.id,
      method: 'CASH',
      total: lines.reduce((sum, line) => sum + line.amount, 0),
      lines: lines.map((line) => ({
        saleLineId: sale.payload.lines[line.index]!.id,
        productId: sale.payload.lines[line.index]!.productId,
        quantity: line.quantity,
        amount: line.amount,
        movementId: uuidv7(),
      })),
      createdAt: new Date().toISOString(),
    };
    return terminal.op('sale', 'refund', sale.payload.id, payload);
  }

  /** A sale of 3 rice + 1 oil (5 500) with `discount` off the sale, paid in cash. */
  function discountedSale(discount: number): Op<'sale', 'create'> {
    const op = terminal.sale([
      { product: rice, quantity: 3 },
      { product: oil, quantity: 1 },
    ]);
    op.payload.discount = discount;
    op.payload.total = op.payload.subtotal - discount;
    op.payload.payments = [{ method: 'CASH', amount: op.payload.total }];
    return op;
  }

  it('[I10] refuses a sale whose change comes from a mobile-money over-payment (2 000 cash + 20 750 mobile money on 21 750), writing nothing', async () => {
    const op = terminal.sale([{ product: { ...rice, price: 1000 }, quantity: 21 }, { product: { ...oil, price: 750 }, quantity: 1 }]);
    expect(op.payload.total).toBe(21_750);
    op.payload.payments = [
      { method: 'CASH', amount: 1_000, tendered: 2_000 },
      { method: 'MOBILE_MONEY', amount: 20_750, reference: 'OM-77' },
    ];
    const before = await countRows(backend.dataSource);
    const result = await pushOne(op);
    expect(result).toMatchObject({ status: 'rejected', code: 'BUSINESS_RULE', reason: expect.stringContaining('no change in a sale paid partly by card or mobile money') as string });
    const after = await countRows(backend.dataSource);
    expect(after.sales).toBe(before.sales);
    expect(after.stock_movements).toBe(before.stock_movements);
  });

  it('[I10] refuses a refund of the full line price on a sale with a sale discount', async () => {
    const sale = discountedSale(1_100);
    expect(await pushOne(sale)).toMatchObject({ status: 'applied' });
    // The sale discount (1 100 on 5 500) puts 600 of it on the rice line (3 000): the customer paid 2 400 for it.
    expect(paidPerLine(sale.payload).get(sale.payload.lines[0]!.id)).toBe(2_400);
    const greedy = await pushOne(refundOp(sale, [{ index: 0, quantity: 3, amount: 3_000 }]));
    expect(greedy).toMatchObject({ status: 'rejected', code: 'BUSINESS_RULE', reason: expect.stringContaining('worth 2400') as string });
    expect(await pushOne(refundOp(sale, [{ index: 0, quantity: 3, amount: 2_400 }]))).toMatchObject({ status: 'applied' });
  });

  it('[I10] refuses the rounding over-refund unit by unit: 1 000 for 3 units gives back 333 + 334 + 333, never 334 three times', async () => {
    const sale = terminal.sale([{ product: { ...rice, price: 1000 }, quantity: 3 }]);
    sale.payload.discount = 2_000;
    sale.payload.total = 1_000;
    sale.payload.payments = [{ method: 'CASH', amount: 1_000 }];
    expect(await pushOne(sale)).toMatchObject({ status: 'applied' });
    expect([0, 1, 2].map((done) => refundLineAmount(1_000, 3, done, 1))).toEqual([333, 334, 333]);
    expect(await pushOne(refundOp(sale, [{ index: 0, quantity: 1, amount: 334 }]))).toMatchObject({ status: 'rejected', code: 'BUSINESS_RULE' });
    expect(await pushOne(refundOp(sale, [{ index: 0, quantity: 1, amount: 333 }]))).toMatchObject({ status: 'applied' });
    expect(await pushOne(refundOp(sale, [{ index: 0, quantity: 1, amount: 334 }]))).toMatchObject({ status: 'applied' });
    expect(await pushOne(refundOp(sale, [{ index: 0, quantity: 1, amount: 334 }]))).toMatchObject({ status: 'rejected', code: 'BUSINESS_RULE' });
    expect(await pushOne(refundOp(sale, [{ index: 0, quantity: 1, amount: 333 }]))).toMatchObject({ status: 'applied' });
    expect(await refundedTotal(sale.payload.id)).toBe(1_000);
  });

  it('[I10] random sales and partial refunds: the server takes exactly the amounts the shared rule gives and the refunds add up to what was paid', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 7 }),
        fc.integer({ min: 1, max: 3 }),
        fc.integer({ min: 0, max: 100 }),
        fc.array(fc.tuple(fc.boolean(), fc.integer({ min: 1, max: 3 })), { minLength: 1, maxLength: 6 }),
        async (riceUnits, oilUnits, percent, steps) => {
          const subtotal = riceUnits * 1000 + oilUnits * 2500;
          const sale = terminal.sale([
            { product: rice, quantity: riceUnits },
            { product: oil, quantity: oilUnits },
          ]);
          sale.payload.discount = Math.floor((subtotal * percent) / 100);
          sale.payload.total = subtotal - sale.payload.discount;
          sale.payload.payments = sale.payload.total > 0 ? [{ method: 'CASH', amount: sale.payload.total }] : [];
          if (sale.payload.total === 0) return;
          expect(await pushOne(sale)).toMatchObject({ status: 'applied' });
          const paid = paidPerLine(sale.payload);
          const done = [0, 0];
          for (const [isRice, size] of steps) {
            const index = isRice ? 0 : 1;
            const line = sale.payload.lines[index]!;
            const count = Math.min(size, line.quantity - done[index]!);
            if (count === 0) continue;
            const amount = refundLineAmount(paid.get(line.id)!, line.quantity, done[index]!, count);
            // One franc more than the rule is refused; the rule's amount is taken.
            expect(await pushOne(refundOp(sale, [{ index, quantity: count, amount: amount + 1 }]))).toMatchObject({ status: 'rejected' });
            expect(await pushOne(refundOp(sale, [{ index, quantity: count, amount }]))).toMatchObject({ status: 'applied' });
            done[index]! += count;
          }
          const rest = sale.payload.lines
            .map((line, index) => ({ index, quantity: line.quantity - done[index]!, amount: refundLineAmount(paid.get(line.id)!, line.quantity, done[index]!, line.quantity - done[index]!) }))
            .filter((line) => line.quantity > 0);
          if (rest.length > 0) expect(await pushOne(refundOp(sale, rest))).toMatchObject({ status: 'applied' });
          expect(await refundedTotal(sale.payload.id)).toBe(sale.payload.total);
        },
      ),
      { numRuns: 15 },
    );
  });
});
