import { startShopEnv, testOutputDir, type ShellTerminal, type ShopEnv } from './support/shop-env';

interface DemoProduct {
  id: string;
  name: string;
  barcode: string;
  stock: number;
}

jest.setTimeout(240_000);

describe('a sale from the counter to PostgreSQL and on to another terminal', () => {
  let env: ShopEnv;
  let a: ShellTerminal;
  let b: ShellTerminal;

  beforeAll(async () => {
    env = await startShopEnv('offline-sale');
    [a, b] = await Promise.all([env.addTerminal('Caisse 1'), env.addTerminal('Caisse 2')]);
  });

  afterAll(async () => {
    await env?.close();
  });

  async function productsWithStock(count: number): Promise<DemoProduct[]> {
    const rows: { id: string; name: string; barcode: string; stock: string | number }[] = await env.backend.dataSource.query(
      `SELECT p.id, p.name, p.barcode, l.quantity AS stock
         FROM products p JOIN stock_levels l ON l.product_id = p.id
        WHERE p.barcode IS NOT NULL AND l.quantity >= 5
        ORDER BY p.sku LIMIT $1`,
      [count],
    );
    return rows.map((row) => ({ ...row, stock: Number(row.stock) }));
  }

  it('[I1][I8] a sale made offline on terminal A reaches PostgreSQL and terminal B', async () => {
    const demo = env.backend.demo!;
    const [cashierA, cashierB] = demo.cashiers;
    await Promise.all([a.enroll(a.link.url, demo.enrollmentCode), b.enroll(b.link.url, demo.enrollmentCode)]);
    await Promise.all([a.login(cashierA!.name, cashierA!.pin), b.login(cashierB!.name, cashierB!.pin)]);
    await Promise.all([a.waitForDot('green'), b.waitForDot('green')]);

    const [first, second] = await productsWithStock(2);

    // A loses the network, then sells two products (the first twice).
    a.link.setOnline(false);
    await a.scan(first!.barcode);
    await a.scan(first!.barcode);
    await a.scan(second!.barcode);
    await a.byTestId('cart-line').nth(1).waitFor();
    expect(await a.byTestId('cart-line').count()).toBe(2);
    await a.screenshot('terminal-a-cart-offline.png', testOutputDir);
    const toast = await a.finalizeSale();
    await a.waitForDot('yellow');
    expect(await a.byTestId('sync-pending').textContent()).toMatch(/1 opération en attente/);
    await a.screenshot('terminal-a-checkout-offline.png', testOutputDir);

    await a.open('history');
    const saleRow = a.byTestId('sale-row').first();
    await saleRow.waitFor();
    const saleId = (await saleRow.getAttribute('data-sale-id'))!;
    expect(toast).toContain((await saleRow.textContent())!.match(/T\d+-\d{6}/)![0]);
    const beforeSync = await env.backend.dataSource.query<{ count: number }[]>('SELECT count(*)::int AS count FROM sales WHERE id = $1', [saleId]);
    expect(beforeSync[0]!.count).toBe(0);

    // A comes back online: the worker hears it (as Electron's online event would tell it) and pushes.
    a.link.setOnline(true);
    a.terminal.core.worker.signalOnline();
    await a.waitForDot('green');

    const sales = await env.backend.dataSource.query<{ id: string; total: string }[]>('SELECT id, total FROM sales WHERE id = $1', [saleId]);
    expect(sales).toHaveLength(1);
    expect(Number(sales[0]!.total)).toBe(0 + 2 * (await priceOf(first!.id)) + (await priceOf(second!.id)));
    const lines = await env.backend.dataSource.query<{ count: number }[]>('SELECT count(*)::int AS count FROM sale_lines WHERE sale_id = $1', [saleId]);
    expect(lines[0]!.count).toBe(2);
    const movements = await env.backend.dataSource.query<{ product_id: string; quantity: number | string }[]>(
      `SELECT product_id, quantity FROM stock_movements WHERE sale_id = $1 ORDER BY quantity`,
      [saleId],
    );
    expect(movements.map((m) => [m.product_id, Number(m.quantity)])).toEqual([
      [first!.id, -2],
      [second!.id, -1],
    ]);
    const after = new Map((await productsWithStockById([first!.id, second!.id])).map((p) => [p.id, p.stock]));
    expect(after.get(first!.id)).toBe(first!.stock - 2);
    expect(after.get(second!.id)).toBe(second!.stock - 1);

    // B pulls: the sale is in its history and the new stock on its products screen.
    await b.syncNow();
    await b.open('history');
    await b.page.locator(`[data-testid="sale-row"][data-sale-id="${saleId}"]`).waitFor({ timeout: 30_000 });
    await b.screenshot('terminal-b-history.png', testOutputDir);
    await b.open('products');
    for (const product of [first!, second!]) {
      const row = b.page.locator(`[data-testid="product-row"][data-product-id="${product.id}"]`);
      await b.byTestId('product-search').fill(product.barcode);
      await row.waitFor();
      expect(Number(await row.getAttribute('data-stock'))).toBe(after.get(product.id));
    }
    await Promise.all([a.waitForDot('green'), b.waitForDot('green')]);
  });

  async function priceOf(productId: string): Promise<number> {
    const rows = await env.backend.dataSource.query<{ price: string }[]>('SELECT price FROM products WHERE id = $1', [productId]);
    return Number(rows[0]!.price);
  }

  async function productsWithStockById(ids: string[]): Promise<{ id: string; stock: number }[]> {
    const rows = await env.backend.dataSource.query<{
      id: string;
      quantity: string;
    }[]>('SELECT product_id AS id, quantity FROM stock_levels WHERE product_id = ANY($1)', [ids]);
    return rows.map((row) => ({ id: row.id, stock: Number(row.quantity) }));
  }
});
