import { startShopEnv, testOutputDir, type ShellTerminal, type ShopEnv } from '../support/shop-env';

jest.setTimeout(240_000);

interface ShelfProduct {
  id: string;
  barcode: string;
  price: number;
}

/** "Dépenses" by a cashier and a manager, then the manager's report of the day, computed offline from Dexie. */
describe('Dépenses and the manager report', () => {
  let env: ShopEnv;
  let till: ShellTerminal;
  let shelf: ShelfProduct[];

  beforeAll(async () => {
    env = await startShopEnv('screens-back-office');
    till = await env.addTerminal('Caisse 1');
    shelf = (
      await env.backend.dataSource.query<Array<{ id: string; barcode: string; price: string }>>(
        `SELECT p.id, p.barcode, p.price FROM products p JOIN stock_levels l ON l.product_id = p.id
          WHERE p.barcode IS NOT NULL AND l.quantity >= 10 AND p.price BETWEEN 500 AND 5000 ORDER BY p.name LIMIT 2`,
      )
    ).map((row) => ({ ...row, price: Number(row.price) }));
  });

  afterAll(async () => {
    await env?.close();
  });

  const expenseRow = (text: string) => till.page.locator('[data-testid="expense-row"]').filter({ hasText: text });

  it('a cashier sells and records the day’s expenses; reports are not on a cashier’s screens', async () => {
    const demo = env.backend.demo!;
    const cashier = demo.cashiers[0]!;
    const [a, b] = shelf as [ShelfProduct, ShelfProduct];
    await till.enroll(till.link.url, demo.enrollmentCode);
    await till.login(cashier.name, cashier.pin);
    expect(await till.byTestId('nav-reports').count()).toBe(0);

    await till.scan(a.barcode);
    await till.scan(a.barcode);
    await till.page.locator(`[data-testid="cart-line"][data-product-id="${a.id}"][data-quantity="2"]`).waitFor();
    await till.byTestId('tendered-input').fill(String(2 * a.price + 500));
    await till.finalizeSale();
    await till.scan(b.barcode);
    await till.page.locator(`[data-testid="cart-line"][data-product-id="${b.id}"]`).waitFor();
    await till.byTestId('payment-mode-MOBILE_MONEY').click();
    await till.byTestId('payment-reference').fill('OM-1');
    await till.finalizeSale();

    await till.open('expenses');
    await till.byTestId('expense-category').fill('Transport');
    await till.byTestId('expense-amount').fill('2000');
    await till.byTestId('expense-note').fill('Taxi pour le marché');
    await till.byTestId('expense-submit').click();
    await expenseRow('Transport').waitFor();
    await till.byTestId('expense-category').fill('Fournitures');
    await till.byTestId('expense-amount').fill('750');
    await till.byTestId('expense-submit').click();
    await expenseRow('Fournitures').waitFor();
    expect(await till.byTestId('expense-row').count()).toBe(2);
    expect(await till.accessibilityViolations()).toEqual([]);
    await till.screenshot('expenses-recorded.png', testOutputDir);
  });

  it('[I6] a manager edits one expense and deletes the other; both changes reach PostgreSQL', async () => {
    const demo = env.backend.demo!;
    await till.lock();
    await till.login(demo.manager.name, demo.manager.pin);
    await till.open('expenses');
    await expenseRow('Transport').getByTestId('expense-edit').click();
    await till.byTestId('expense-amount').fill('2500');
    expect(await till.accessibilityViolations()).toEqual([]);
    await till.screenshot('expenses-editing.png', testOutputDir);
    await till.byTestId('expense-submit').click();
    await expenseRow('2 500').waitFor();
    await expenseRow('Fournitures').getByTestId('expense-delete').click();
    await till.byTestId('expense-delete-dialog').waitFor();
    expect(await till.accessibilityViolations()).toEqual([]);
    await till.byTestId('expense-delete-confirm').click();
    await expenseRow('Fournitures').waitFor({ state: 'detached' });
    await till.byTestId('expenses-total').filter({ hasText: /1 dépense/ }).waitFor();

    await till.syncNow();
    await till.waitForDot('green');
    const rows = await env.backend.dataSource.query<Array<{ category: string; amount: string; note: string | null; deleted: boolean }>>(
      'SELECT category, amount, note, deleted FROM expenses ORDER BY category',
    );
    expect(rows.map((row) => [row.category, Number(row.amount), row.note, row.deleted])).toEqual([
      ['Fournitures', 750, null, true],
      ['Transport', 2500, 'Taxi pour le marché', false],
    ]);
  });

  it('the report of the day: takings by method and cashier, top products, expenses, cash expected in the drawer — offline', async () => {
    const [a, b] = shelf as [ShelfProduct, ShelfProduct];
    const cashier = env.backend.demo!.cashiers[0]!;
    // The report reads Dexie only: it works with the network gone.
    till.link.setOnline(false);
    await till.open('reports');
    const takings = 2 * a.price + b.price;
    await till.byTestId('report-takings').waitFor();
    const amount = async (testId: string) => Number(((await till.byTestId(testId).textContent()) ?? '').replace(/\D/g, ''));
    expect(await amount('report-takings')).toBe(takings);
    expect(await amount('report-expenses')).toBe(2500);
    expect(await amount('report-net')).toBe(takings - 2500);
    expect(await amount('report-cash-expected')).toBe(2 * a.price);
    expect(await till.page.locator('[data-testid="report-method"][data-method="CASH"]').getAttribute('data-takings')).toBe(String(2 * a.price));
    expect(await till.page.locator('[data-testid="report-method"][data-method="MOBILE_MONEY"]').getAttribute('data-takings')).toBe(String(b.price));
    expect(await till.page.locator(`[data-testid="report-cashier"][data-cashier-id="${cashier.id}"]`).getAttribute('data-takings')).toBe(String(takings));
    expect(await till.page.locator(`[data-testid="report-top-product"][data-product-id="${a.id}"]`).getAttribute('data-quantity')).toBe('2');
    expect(await till.accessibilityViolations()).toEqual([]);
    await till.screenshot('reports-today.png', testOutputDir);
    till.link.setOnline(true);
  });
});
