import { encodeHlc, saleMovements, uuidv7, type OpResult, type SaleRecord } from '@seri/shared';
import fc from 'fast-check';
import { DEMO_PRODUCTS } from '../src/seed/demo-catalog';
import { countRows, createShop, stockLevel, type TestShop } from './support/database';
import { startTestBackend, type TestBackend } from './support/test-backend';
import { TestTerminal } from './support/terminal';

const [rice, oil, sugar, soap, tea] = DEMO_PRODUCTS as [
  (typeof DEMO_PRODUCTS)[number],
  (typeof DEMO_PRODUCTS)[number],
  (typeof DEMO_PRODUCTS)[number],
  (typeof DEMO_PRODUCTS)[number],
  (typeof DEMO_PRODUCTS)[number],
];

describe('POST /api/sync/push', () => {
  let backend: TestBackend;
  let terminal: TestTerminal;
  let managerId: string;

  beforeAll(async () => {
    backend = await startTestBackend();
    const demo = backend.demo!;
    managerId = demo.manager.id;
    terminal = await TestTerminal.enroll(backend, demo.enrollmentCode, demo.cashiers[0]!.id);
  }, 120_000);

  afterAll(async () => {
    await backend?.stop();
  }, 60_000);

  describe('a sale', () => {
    it('[I2] applies a sale once: sale, lines, SALE movements, stock levels, its op claim (on the sale row) and feed rows', async () => {
      const before = await countRows(backend.dataSource);
      const riceBefore = await stockLevel(backend.dataSource, rice.id);
      const sale = terminal.sale([
        { product: rice, quantity: 2 },
        { product: oil, quantity: 1 },
      ]);

      const response = await terminal.pushOk([sale]);

      expect(response.results).toEqual([{ opId: sale.opId, status: 'applied' }]);
      expect(response.hlc).toMatch(/^\d{15}:[0-9a-f]{4}:server$/);
      const after = await countRows(backend.dataSource);
      expect(after.sales - before.sales).toBe(1);
      expect(after.sale_lines - before.sale_lines).toBe(2);
      expect(after.stock_movements - before.stock_movements).toBe(2);
      expect(after.stock_levels).toBe(before.stock_levels);
      // The op's claim is the sale row itself: no processed_ops row for an applied sale.
      expect(after.op_claims - before.op_claims).toBe(1);
      expect(after.processed_ops).toBe(before.processed_ops);
      const [claim] = await backend.dataSource.query<{ op_id: string }[]>('SELECT op_id FROM sales WHERE id = $1', [sale.payload.id]);
      expect(claim?.op_id).toBe(sale.opId);
      // The sale (its two movements travel inside it) and the two new stock levels.
      expect(after.changes - before.changes).toBe(3);
      expect(await stockLevel(backend.dataSource, rice.id)).toBe(riceBefore - 2);
      const movements = await backend.dataSource.query<{ id: string; type: string; quantity: number; sale_id: string }[]>(
        'SELECT id, type, quantity, sale_id FROM stock_movements WHERE sale_id = $1 ORDER BY quantity',
        [sale.payload.id],
      );
      expect(movements.map((movement) => [movement.id, movement.type, movement.quantity])).toEqual([
        [sale.payload.lines[0]!.movementId, 'SALE', -2],
        [sale.payload.lines[1]!.movementId, 'SALE', -1],
      ]);
    });

    it('[I2] a replay of the same batch returns duplicate and writes nothing', async () => {
      const sale = terminal.sale([{ product: sugar, quantity: 3 }]);
      const expense = terminal.expenseCreate();
      await terminal.pushOk([sale, expense]);
      const before = await countRows(backend.dataSource);
      const level = await stockLevel(backend.dataSource, sugar.id);

      const replay = await terminal.pushOk([sale, expense]);

      expect(replay.results).toEqual([
        { opId: sale.opId, status: 'duplicate' },
        { opId: expense.opId, status: 'duplicate' },
      ]);
      expect(await countRows(backend.dataSource)).toEqual(before);
      expect(await stockLevel(backend.dataSource, sugar.id)).toBe(level);
    });

    it('[I2] the same opId with a different body is refused with 409 OP_ID_REUSED and changes nothing', async () => {
      const sale = terminal.sale([{ product: soap, quantity: 1 }]);
      await terminal.pushOk([sale]);
      const before = await countRows(backend.dataSource);
      const forged = terminal.sale([{ product: soap, quantity: 5 }]);
      const innocent = terminal.sale([{ product: soap, quantity: 1 }]);

      const response = await terminal.push([innocent, { ...forged, opId: sale.opId }]);

      expect(response.status).toBe(409);
      expect(response.body).toMatchObject({ statusCode: 409, message: expect.stringContaining(sale.opId) as string });
      expect((response.body as { details: string[] }).details).toEqual([expect.stringContaining('OP_ID_REUSED') as string]);
      // The whole batch is refused before anything is written, the innocent op included.
      expect(await countRows(backend.dataSource)).toEqual(before);
      const [stored] = await backend.dataSource.query<{ result: OpResult }[]>('SELECT result FROM op_claims WHERE op_id = $1', [sale.opId]);
      expect(stored?.result.status).toBe('applied');
    });

    it('[I2] a rejected sale op (no sale row to hold its claim) replays the same rejection, recorded once', async () => {
      const stranger = terminal.sale([{ product: soap, quantity: 1 }], { cashierId: uuidv7() });
      const first = await terminal.pushOk([stranger]);
      expect(first.results).toEqual([expect.objectContaining({ opId: stranger.opId, status: 'rejected', code: 'NOT_FOUND' })]);
      const before = await countRows(backend.dataSource);

      const replay = await terminal.pushOk([stranger]);

      expect(replay.results).toEqual(first.results);
      expect(await countRows(backend.dataSource)).toEqual(before);
      const kept = await backend.dataSource.query<{ n: number }[]>('SELECT count(*)::int AS n FROM rejected_ops WHERE op_id = $1', [stranger.opId]);
      expect(kept[0]?.n).toBe(1);
    });

    it('[I2] an HLC_NODE_MISMATCH sale op is claimed with its rejection once; its replay answers the same', async () => {
      const sale = terminal.sale([{ product: soap, quantity: 1 }]);
      const forged = { ...sale, hlc: encodeHlc({ ms: Date.now(), counter: 0, node: uuidv7() }) };
      const answers = [await terminal.pushOk([forged]), await terminal.pushOk([forged])];

      for (const answer of answers) expect(answer.results).toEqual([expect.objectContaining({ opId: forged.opId, status: 'rejected', code: 'HLC_NODE_MISMATCH' })]);
      const [claims] = await backend.dataSource.query<{ claims: number; sales: number; kept: number }[]>(
        `SELECT (SELECT count(*)::int FROM op_claims WHERE op_id = $1) AS claims, (SELECT count(*)::int FROM sales WHERE id = $2) AS sales,
                (SELECT count(*)::int FROM rejected_ops WHERE op_id = $1) AS kept`,
        [forged.opId, sale.payload.id],
      );
      expect(claims).toEqual({ claims: 1, sales: 0, kept: 1 });
    });

    it('[I2] an opId claimed by a sale cannot be reused by another kind of op: 409 OP_ID_REUSED, nothing written', async () => {
      const sale = terminal.sale([{ product: soap, quantity: 1 }]);
      await terminal.pushOk([sale]);
      const before = await countRows(backend.dataSource);

      const response = await terminal.push([{ ...terminal.expenseCreate(), opId: sale.opId }]);

      expect(response.status).toBe(409);
      expect((response.body as { details: string[] }).details).toEqual([expect.stringContaining('OP_ID_REUSED') as string]);
      expect(await countRows(backend.dataSource)).toEqual(before);
    });

    it('[I2] one opId with two bodies pushed concurrently: one sale applied, the other answered OP_ID_REUSED', async () => {
      const sale = terminal.sale([{ product: tea, quantity: 1 }]);
      const other = terminal.sale([{ product: rice, quantity: 2 }]);
      const twin = { ...other, opId: sale.opId };
      const before = await countRows(backend.dataSource);

      const responses = await Promise.all([terminal.push([sale]), terminal.push([twin])]);

      const outcomes = responses.map((response) =>
        response.status === 409 ? 'refused' : (response.body as { results: OpResult[] }).results.map((result) => (result.status === 'rejected' ? result.code : result.status)).join(),
      );
      expect(outcomes.filter((outcome) => outcome === 'applied')).toHaveLength(1);
      expect(outcomes.filter((outcome) => outcome === 'refused' || outcome === 'OP_ID_REUSED')).toHaveLength(1);
      const after = await countRows(backend.dataSource);
      expect(after.sales - before.sales).toBe(1);
      expect(after.op_claims - before.op_claims).toBe(1);
      const [stored] = await backend.dataSource.query<{ n: number }[]>('SELECT count(*)::int AS n FROM sales WHERE id = ANY($1::uuid[])', [[sale.payload.id, other.payload.id]]);
      expect(stored?.n).toBe(1);
    });

    it('[I2] the same batch replayed concurrently from several connections applies each op once', async () => {
      const sales = Array.from({ length: 8 }, (_, index) => terminal.sale([{ product: tea, quantity: 1 + (index % 3) }]));
      const before = await countRows(backend.dataSource);
      const teaBefore = await stockLevel(backend.dataSource, tea.id);

      const responses = await Promise.all(Array.from({ length: 4 }, () => terminal.pushOk(sales)));

      sales.forEach((sale, index) => {
        const statuses = responses.map((response) => response.results[index]!.status).sort();
        expect(statuses).toEqual(['applied', 'duplicate', 'duplicate', 'duplicate']);
        for (const response of responses) expect(response.results[index]!.opId).toBe(sale.opId);
      });
      const after = await countRows(backend.dataSource);
      expect(after.sales - before.sales).toBe(sales.length);
      expect(after.op_claims - before.op_claims).toBe(sales.length);
      const sold = sales.reduce((sum, sale) => sum + sale.payload.lines[0]!.quantity, 0);
      expect(await stockLevel(backend.dataSource, tea.id)).toBe(teaBefore - sold);
    });

    it('[I4] stock after two sales of the same product is opening minus what was sold', async () => {
      const product = DEMO_PRODUCTS[40]!;
      const other = await TestTerminal.enroll(backend, backend.demo!.enrollmentCode, backend.demo!.cashiers[1]!.id);
      // Both terminals sold offline; their ops arrive one after the other.
      await terminal.pushOk([terminal.sale([{ product, quantity: 3 }])]);
      await other.pushOk([other.sale([{ product, quantity: 4 }])]);

      expect(await stockLevel(backend.dataSource, product.id)).toBe(product.openingStock - 7);
      const [ledger] = await backend.dataSource.query<{ total: number }[]>(
        'SELECT sum(quantity)::int AS total FROM stock_movements WHERE product_id = $1',
        [product.id],
      );
      expect(ledger?.total).toBe(product.openingStock - 7);
    });

    it('[I4] overselling is recorded, not refused: the level goes negative', async () => {
      const product = DEMO_PRODUCTS[41]!;
      const response = await terminal.pushOk([terminal.sale([{ product, quantity: product.openingStock + 5 }])]);
      expect(response.results[0]!.status).toBe('applied');
      expect(await stockLevel(backend.dataSource, product.id)).toBe(-5);
    });
  });

  describe('oversells in one push', () => {
    it('[I4] every sale of a run that left the stock below zero is flagged, with the level it left', async () => {
      const product = DEMO_PRODUCTS[42]!;
      const sales = [1, 2, product.openingStock - 3 + 1, 2, 1].map((quantity) => terminal.sale([{ product, quantity }]));

      await terminal.pushOk(sales);

      const alerts = await backend.dataSource.query<{ sale_id: string; quantity_after: number }[]>(
        "SELECT sale_id, quantity_after::int AS quantity_after FROM stock_alerts WHERE product_id = $1 AND kind = 'OVERSOLD' ORDER BY id",
        [product.id],
      );
      // After 1 and 2 are sold, the third sale takes what is left and one more: −1; then −3 and −4.
      expect(alerts.map((alert) => [alert.sale_id, alert.quantity_after])).toEqual([
        [sales[2]!.payload.id, -1],
        [sales[3]!.payload.id, -3],
        [sales[4]!.payload.id, -4],
      ]);
      expect(await stockLevel(backend.dataSource, product.id)).toBe(-4);
    });
  });

  describe('a void', () => {
    it('[I5] marks the sale VOIDED, adds compensating VOID movements and leaves the lines untouched', async () => {
      const product = DEMO_PRODUCTS[50]!;
      const sale = terminal.sale([{ product, quantity: 2 }]);
      await terminal.pushOk([sale]);
      const linesBefore = await backend.dataSource.query<unknown[]>('SELECT * FROM sale_lines WHERE sale_id = $1 ORDER BY line_no', [sale.payload.id]);

      const voided = terminal.voidSale(sale, managerId);
      const response = await terminal.pushOk([voided]);

      expect(response.results).toEqual([{ opId: voided.opId, status: 'applied' }]);
      const [row] = await backend.dataSource.query<{
        status: string;
        total: number;
        voided_by: string;
      }[]>('SELECT status, total::int AS total, voided_by FROM sales WHERE id = $1', [sale.payload.id]);
      expect(row).toEqual({ status: 'VOIDED', total: sale.payload.total, voided_by: managerId });
      expect(await backend.dataSource.query('SELECT * FROM sale_lines WHERE sale_id = $1 ORDER BY line_no', [sale.payload.id])).toEqual(linesBefore);
      const movements = await backend.dataSource.query<{ type: string; quantity: number }[]>(
        'SELECT type, quantity FROM stock_movements WHERE sale_id = $1 ORDER BY type',
        [sale.payload.id],
      );
      expect(movements).toEqual([
        { type: 'SALE', quantity: -2 },
        { type: 'VOID', quantity: 2 },
      ]);
      expect(await stockLevel(backend.dataSource, product.id)).toBe(product.openingStock);
    });

    it('[I5] a second void of the same sale is rejected, and a cashier cannot approve a void', async () => {
      const product = DEMO_PRODUCTS[51]!;
      const sale = terminal.sale([{ product, quantity: 1 }]);
      await terminal.pushOk([sale]);
      const byCashier = terminal.voidSale(sale, terminal.userId);
      const first = terminal.voidSale(sale, managerId);
      const second = terminal.voidSale(sale, managerId);

      const response = await terminal.pushOk([byCashier, first, second]);

      expect(response.results.map((result) => [result.status, result.status === 'rejected' ? result.code : null])).toEqual([
        ['rejected', 'FORBIDDEN'],
        ['applied', null],
        ['rejected', 'BUSINESS_RULE'],
      ]);
      expect(await stockLevel(backend.dataSource, product.id)).toBe(product.openingStock);
    });
  });

  describe('catalogue and expenses', () => {
    it('[I6] an older HLC does not overwrite a field written with a newer one', async () => {
      const product = DEMO_PRODUCTS[60]!;
      const now = Date.now();
      const newer = terminal.productUpdate({ id: product.id, price: product.price + 100 }, encodeHlc({ ms: now + 2_000, counter: 0, node: terminal.deviceId }));
      const older = terminal.productUpdate(
        { id: product.id, price: product.price + 50, name: `${product.name} (promo)` },
        encodeHlc({ ms: now + 1_000, counter: 0, node: terminal.deviceId }),
      );

      const response = await terminal.pushOk([newer, older]);

      expect(response.results.map((result) => result.status)).toEqual(['applied', 'applied']);
      const [row] = await backend.dataSource.query<{
        price: number;
        name: string;
        hlc: string;
        field_hlc: Record<string, string>;
      }[]>('SELECT price::int AS price, name, hlc, field_hlc FROM products WHERE id = $1', [product.id]);
      // Price keeps the newer write; the name, untouched by the newer op, takes the older op's value.
      expect(row?.price).toBe(product.price + 100);
      expect(row?.name).toBe(`${product.name} (promo)`);
      expect(row?.hlc).toBe(newer.hlc);
      expect(row?.field_hlc['price']).toBe(newer.hlc);
      expect(row?.field_hlc['name']).toBe(older.hlc);
    });

    it('[I6] a product created on a terminal is merged field by field when created twice', async () => {
      const id = uuidv7();
      const payload = { id, sku: `NEW-${id.slice(-6)}`, barcode: null, name: 'Attiéké 1 kg', price: 500, cost: 350, category: 'Produits frais', lowStockThreshold: 5 };
      const first = terminal.op('product', 'create', id, payload);
      const second = terminal.op('product', 'create', id, { ...payload, price: 600 });
      const response = await terminal.pushOk([first, second]);
      expect(response.results.map((result) => result.status)).toEqual(['applied', 'applied']);
      const [row] = await backend.dataSource.query<{ price: number }[]>('SELECT price::int AS price FROM products WHERE id = $1', [id]);
      expect(row?.price).toBe(600);
    });

    it('[I3] an expense goes create → update → delete, the delete kept as a tombstone with a delete feed row', async () => {
      const expense = terminal.expenseCreate({ amount: 1500 });
      const update = terminal.op('expense', 'update', expense.entityId, { id: expense.entityId, amount: 2000 });
      const remove = terminal.op('expense', 'delete', expense.entityId, { id: expense.entityId });

      const response = await terminal.pushOk([expense, update, remove]);

      expect(response.results.map((result) => result.status)).toEqual(['applied', 'applied', 'applied']);
      const [row] = await backend.dataSource.query<{
        amount: number;
        deleted: boolean;
      }[]>('SELECT amount::int AS amount, deleted FROM expenses WHERE id = $1', [expense.entityId]);
      expect(row).toEqual({ amount: 2000, deleted: true });
      const feed = await backend.dataSource.query<{ op: string; data: unknown }[]>("SELECT op, data FROM changes WHERE entity = 'expense' AND entity_id = $1 ORDER BY seq", [
        expense.entityId,
      ]);
      expect(feed.map((change) => change.op)).toEqual(['upsert', 'upsert', 'delete']);
      expect(feed[2]?.data).toBeNull();
    });
  });

  describe('rejections (well-formed ops the business refuses)', () => {
    let otherShop: TestShop;
    let otherTerminal: TestTerminal;

    beforeAll(async () => {
      otherShop = await createShop(backend, 'Quincaillerie Ndiaye');
      otherTerminal = await TestTerminal.enroll(backend, otherShop.code, otherShop.users.CASHIER);
    });

    it("[I9] an op carrying another shop's id is rejected FORBIDDEN, the rest of the batch applies", async () => {
      const foreign = terminal.sale([{ product: rice, quantity: 1 }]);
      const good = terminal.expenseCreate();
      const before = await countRows(backend.dataSource);

      const response = await terminal.pushOk([{ ...foreign, shopId: otherShop.shopId }, good]);

      expect(response.results).toEqual([
        { opId: foreign.opId, status: 'rejected', code: 'FORBIDDEN', reason: expect.any(String) as string },
        { opId: good.opId, status: 'applied' },
      ]);
      const after = await countRows(backend.dataSource);
      expect(after.sales).toBe(before.sales);
      expect(after.expenses - before.expenses).toBe(1);
    });

    it('[I9] an op naming another device, a user of another shop, or a product of another shop, is refused', async () => {
      const asOtherDevice = { ...terminal.expenseCreate(), deviceId: otherTerminal.deviceId };
      const byOtherShopUser = { ...terminal.expenseCreate(), userId: otherShop.users.MANAGER };
      const foreignProduct = otherTerminal.sale([{ product: rice, quantity: 1 }]);
      const before = await countRows(backend.dataSource);

      const mine = await terminal.pushOk([asOtherDevice, byOtherShopUser]);
      const theirs = await otherTerminal.pushOk([foreignProduct]);

      expect(mine.results[0]).toMatchObject({ status: 'rejected', code: 'FORBIDDEN' });
      expect(mine.results[1]).toMatchObject({ status: 'rejected', code: 'FORBIDDEN' });
      expect(theirs.results[0]).toMatchObject({ status: 'rejected', code: 'NOT_FOUND' });
      const after = await countRows(backend.dataSource);
      expect(after.sales).toBe(before.sales);
      expect(after.expenses).toBe(before.expenses);
      expect(after.stock_movements).toBe(before.stock_movements);
    });

    it('[I7] a rejected op is recorded: its replay gets the same rejection, and ops behind it apply', async () => {
      const unknownProduct = terminal.sale([{ product: { id: uuidv7(), name: 'Produit inconnu', price: 100 }, quantity: 1 }]);
      const behind = terminal.sale([{ product: rice, quantity: 1 }]);

      const first = await terminal.pushOk([unknownProduct, behind]);
      const replay = await terminal.pushOk([unknownProduct]);

      expect(first.results[0]).toMatchObject({ status: 'rejected', code: 'NOT_FOUND' });
      expect(first.results[1]).toEqual({ opId: behind.opId, status: 'applied' });
      expect(replay.results[0]).toEqual(first.results[0]);
      const rows = await backend.dataSource.query<{ n: number }[]>('SELECT count(*)::int AS n FROM sales WHERE id = $1', [unknownProduct.payload.id]);
      expect(rows[0]?.n).toBe(0);
    });

    it('[I2] a sale id already recorded by another op is rejected CONFLICT, nothing doubles', async () => {
      const sale = terminal.sale([{ product: oil, quantity: 1 }]);
      await terminal.pushOk([sale]);
      const before = await countRows(backend.dataSource);
      const again = { ...sale, opId: uuidv7() };

      const response = await terminal.pushOk([again]);

      expect(response.results[0]).toMatchObject({ status: 'rejected', code: 'CONFLICT' });
      const after = await countRows(backend.dataSource);
      // The rejected op's claim (it wrote no sale) is in processed_ops, with its rejection.
      expect({ ...after, processed_ops: 0, op_claims: 0 }).toEqual({ ...before, processed_ops: 0, op_claims: 0 });
      expect(after.processed_ops - before.processed_ops).toBe(1);
      expect(after.op_claims - before.op_claims).toBe(1);
    });
  });

  describe('a run of sales shares one transaction', () => {
    it('[I2][I4] 200 sales in one push: each applied once, stock moves by the sum, one feed row per sale and per product', async () => {
      const before = await countRows(backend.dataSource);
      const levels = await Promise.all([rice, oil, sugar].map((product) => stockLevel(backend.dataSource, product.id)));
      const sales = Array.from({ length: 200 }, (_, index) =>
        terminal.sale([
          { product: rice, quantity: 1 + (index % 3) },
          { product: [oil, sugar][index % 2]!, quantity: 1 },
        ]),
      );

      const response = await terminal.pushOk(sales);
      const replay = await terminal.pushOk(sales);

      expect(response.results).toEqual(sales.map((sale) => ({ opId: sale.opId, status: 'applied' })));
      expect(replay.results).toEqual(sales.map((sale) => ({ opId: sale.opId, status: 'duplicate' })));
      const after = await countRows(backend.dataSource);
      expect(after.sales - before.sales).toBe(200);
      expect(after.sale_lines - before.sale_lines).toBe(400);
      expect(after.stock_movements - before.stock_movements).toBe(400);
      expect(after.op_claims - before.op_claims).toBe(200);
      expect(after.processed_ops).toBe(before.processed_ops);
      // 200 sales (their movements inside) + the final level of the 3 products.
      expect(after.changes - before.changes).toBe(203);
      const sold = (product: { id: string }): number =>
        sales.flatMap((sale) => sale.payload.lines).reduce((sum, line) => sum + (line.productId === product.id ? line.quantity : 0), 0);
      expect(await Promise.all([rice, oil, sugar].map((product) => stockLevel(backend.dataSource, product.id)))).toEqual(
        [rice, oil, sugar].map((product, index) => levels[index]! - sold(product)),
      );
      const [pulled] = await backend.dataSource.query<{ data: { lines: unknown[]; total: number } }[]>(
        "SELECT data FROM changes WHERE entity = 'sale' AND entity_id = $1",
        [sales[7]!.payload.id],
      );
      expect(pulled?.data).toMatchObject({ id: sales[7]!.payload.id, total: sales[7]!.payload.total, status: 'COMPLETED' });
      expect(pulled?.data.lines).toHaveLength(2);
    });

    it('[I4] a run writes each sale as its record: the sale row, its lines, saleMovements of the record column for column, and the feed row', async () => {
      const sales = [
        terminal.sale([{ product: rice, quantity: 3 }]),
        terminal.sale([
          { product: oil, quantity: 1 },
          { product: sugar, quantity: 2 },
        ]),
      ];
      sales[1]!.payload.customer = { name: 'Fatou Sow', phone: null };
      await terminal.pushOk(sales);
      for (const { payload } of sales) {
        const [feed] = await backend.dataSource.query<{ data: SaleRecord }[]>("SELECT data FROM changes WHERE entity = 'sale' AND entity_id = $1", [payload.id]);
        const record = feed!.data;
        expect(record).toMatchObject({ id: payload.id, cashierId: payload.cashierId, number: payload.number, total: payload.total, status: 'COMPLETED' });
        expect(record.lines.map((line) => line.id)).toEqual(payload.lines.map((line) => line.id));
        const [row] = await backend.dataSource.query<Record<string, unknown>[]>(
          `SELECT cashier_id, device_id, number, currency, subtotal::int, discount::int, total::int, payments, status, created_at, session_id, taxes, prices_include_tax, customer, op_body_hash IS NOT NULL AS claimed
             FROM sales WHERE id = $1`,
          [payload.id],
        );
        expect(row).toEqual({
          cashier_id: payload.cashierId,
          device_id: terminal.deviceId,
          number: payload.number,
          currency: payload.currency,
          subtotal: payload.subtotal,
          discount: payload.discount,
          total: payload.total,
          payments: payload.payments,
          status: 'COMPLETED',
          created_at: new Date(payload.createdAt),
          session_id: null,
          taxes: null,
          prices_include_tax: null,
          customer: payload.customer ?? null,
          claimed: true,
        });
        const lines = await backend.dataSource.query<Record<string, unknown>[]>(
          `SELECT id, line_no, product_id, name, quantity, unit_price::int, discount::int, total::int, movement_id, tax, measure FROM sale_lines WHERE sale_id = $1 ORDER BY line_no`,
          [payload.id],
        );
        expect(lines).toEqual(
          payload.lines.map((line, index) => ({
            id: line.id,
            line_no: index + 1,
            product_id: line.productId,
            name: line.name,
            quantity: line.quantity,
            unit_price: line.unitPrice,
            discount: line.discount,
            total: line.total,
            movement_id: line.movementId,
            tax: null,
            measure: null,
          })),
        );
        const movements = await backend.dataSource.query<Record<string, unknown>[]>(
          `SELECT id, shop_id, product_id, type, quantity, sale_id, device_id, user_id, note, created_at FROM stock_movements WHERE sale_id = $1 ORDER BY id`,
          [payload.id],
        );
        const expected = saleMovements(record).map((movement) => ({
          id: movement.id,
          shop_id: movement.shopId,
          product_id: movement.productId,
          type: movement.type,
          quantity: movement.quantity,
          sale_id: movement.saleId,
          device_id: movement.deviceId,
          user_id: movement.userId,
          note: movement.note,
          created_at: new Date(movement.createdAt),
        }));
        expect(movements).toEqual(expected.sort((a, b) => a.id.localeCompare(b.id)));
      }
    });

    it('[I7] a sale that fails a check in the middle of a run is rejected alone; the sales around it apply', async () => {
      const first = terminal.sale([{ product: soap, quantity: 1 }]);
      const unknownProduct = terminal.sale([{ product: { id: uuidv7(), name: 'Produit inconnu', price: 100 }, quantity: 1 }]);
      const wrongCurrency = terminal.sale([{ product: soap, quantity: 1 }], { currency: 'EUR' });
      const last = terminal.sale([{ product: tea, quantity: 2 }]);
      const before = await countRows(backend.dataSource);

      const response = await terminal.pushOk([first, unknownProduct, wrongCurrency, last]);

      expect(response.results).toEqual([
        { opId: first.opId, status: 'applied' },
        { opId: unknownProduct.opId, status: 'rejected', code: 'NOT_FOUND', reason: expect.stringContaining('not found') as string },
        { opId: wrongCurrency.opId, status: 'rejected', code: 'BUSINESS_RULE', reason: expect.stringContaining('EUR') as string },
        { opId: last.opId, status: 'applied' },
      ]);
      const after = await countRows(backend.dataSource);
      expect(after.sales - before.sales).toBe(2);
      const [recorded] = await backend.dataSource.query<{ n: number }[]>('SELECT count(*)::int AS n FROM rejected_ops WHERE op_id = ANY($1::uuid[])', [
        [unknownProduct.opId, wrongCurrency.opId],
      ]);
      expect(recorded?.n).toBe(2);
      expect((await terminal.pushOk([unknownProduct])).results[0]).toEqual(response.results[1]);
    });

    it('[I2][I7] a line id already used elsewhere undoes the run and applies its sales one by one: only that sale is refused', async () => {
      const earlier = terminal.sale([{ product: rice, quantity: 1 }]);
      await terminal.pushOk([earlier]);
      const before = await countRows(backend.dataSource);
      const riceBefore = await stockLevel(backend.dataSource, rice.id);
      const good = terminal.sale([{ product: rice, quantity: 1 }]);
      const clash = terminal.sale([{ product: rice, quantity: 5 }]);
      const reused = { ...clash, payload: { ...clash.payload, lines: [{ ...clash.payload.lines[0]!, id: earlier.payload.lines[0]!.id }] } };
      const after2 = terminal.sale([{ product: rice, quantity: 2 }]);

      const response = await terminal.pushOk([good, reused, after2]);

      expect(response.results).toEqual([
        { opId: good.opId, status: 'applied' },
        { opId: reused.opId, status: 'rejected', code: 'CONFLICT', reason: expect.stringContaining('already exists') as string },
        { opId: after2.opId, status: 'applied' },
      ]);
      const after = await countRows(backend.dataSource);
      expect(after.sales - before.sales).toBe(2);
      expect(after.op_claims - before.op_claims).toBe(3);
      // Only the rejected one has a processed_ops row; the two applied claim theirs on their sale.
      expect(after.processed_ops - before.processed_ops).toBe(1);
      expect(await stockLevel(backend.dataSource, rice.id)).toBe(riceBefore - 3);
    });
  });

  describe('malformed batches: 400 naming the field, nothing written', () => {
    type Mutation = (op: Record<string, unknown>) => void;
    const payloadOf = (op: Record<string, unknown>) => op['payload'] as Record<string, unknown>;
    const firstLine = (op: Record<string, unknown>) => (payloadOf(op)['lines'] as Record<string, unknown>[])[0]!;
    const cases: [string, Mutation, string][] = [
      ['a missing field', (op) => delete payloadOf(op)['number'], 'ops.1.payload.number'],
      ['a wrong type', (op) => (firstLine(op)['quantity'] = '2'), 'ops.1.payload.lines.0.quantity'],
      ['an unknown entity', (op) => (op['entity'] = 'customer'), 'ops.1.entity'],
      ['an extra field', (op) => (payloadOf(op)['discountCode'] = 'PROMO'), 'ops.1.payload.discountCode'],
      ['a negative quantity', (op) => (firstLine(op)['quantity'] = -1), 'ops.1.payload.lines.0.quantity'],
      ['a fractional quantity', (op) => (firstLine(op)['quantity'] = 1.5), 'ops.1.payload.lines.0.quantity'],
      ['a malformed UUID', (op) => (op['opId'] = 'not-a-uuid'), 'ops.1.opId'],
      ['a huge amount', (op) => (payloadOf(op)['total'] = 1e20), 'ops.1.payload.total'],
      ['a date far in the future', (op) => (payloadOf(op)['createdAt'] = '2999-01-01T00:00:00.000Z'), 'ops.1.payload.createdAt'],
    ];

    it.each(cases)('[I2] %s', async (_name, mutate, field) => {
      const valid = terminal.sale([{ product: rice, quantity: 1 }]);
      const broken = JSON.parse(JSON.stringify(terminal.sale([{ product: oil, quantity: 1 }]))) as Record<string, unknown>;
      mutate(broken);
      const before = await countRows(backend.dataSource);

      const response = await terminal.push([valid, broken]);

      expect(response.status).toBe(400);
      expect(response.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
      expect((response.body as { message: string }).message).toContain(field);
      expect((response.body as { details: string[] }).details.some((detail) => detail.startsWith(field))).toBe(true);
      expect(await countRows(backend.dataSource)).toEqual(before);
    });

    it('[I2] random and half-broken bodies never get a 500, and a refused one writes nothing', async () => {
      const template = () => JSON.parse(JSON.stringify(terminal.sale([{ product: rice, quantity: 1 }]))) as Record<string, unknown>;
      const fields = ['opId', 'deviceId', 'userId', 'shopId', 'entity', 'kind', 'entityId', 'hlc', 'payload'];
      const payloadFields = ['id', 'number', 'cashierId', 'currency', 'subtotal', 'discount', 'total', 'payments', 'lines', 'createdAt'];
      const brokenOp = fc
        .tuple(fc.constantFrom(...fields, ...payloadFields.map((field) => `payload.${field}`)), fc.anything())
        .map(([path, value]) => {
          const op = template();
          const [head, tail] = path.split('.');
          if (tail) (op['payload'] as Record<string, unknown>)[tail] = value;
          else op[head!] = value;
          return { protocolVersion: 1, ops: [op] };
        });
      const body = fc.oneof(
        fc.anything(),
        fc.record({ protocolVersion: fc.anything(), ops: fc.array(fc.anything(), { maxLength: 3 }) }),
        brokenOp,
      );
      await fc.assert(
        fc.asyncProperty(body, async (candidate) => {
          const before = await countRows(backend.dataSource);
          const response = await terminal.pushRaw(candidate);
          expect(response.status).toBeLessThan(500);
          expect(response.body).toHaveProperty(response.status === 200 ? 'results' : 'message');
          if (response.status !== 200) expect(await countRows(backend.dataSource)).toEqual(before);
        }),
        { numRuns: 150 },
      );
    });

    it('refuses a body that is not a push at all', async () => {
      const before = await countRows(backend.dataSource);
      for (const body of [[], 'text', { ops: [] }, { protocolVersion: 1 }, { protocolVersion: 1, ops: {} }]) {
        const response = await terminal.pushRaw(body);
        expect(response.status).toBe(400);
      }
      expect(await countRows(backend.dataSource)).toEqual(before);
    });
  });
});
