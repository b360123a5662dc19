import { readdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { startShopEnv, testOutputDir, type ShellTerminal, type ShopEnv } from '../support/shop-env';
import { waitForAttribute, waitForCountOf } from '../support/terminal-driver';

interface ShelfProduct {
  id: string;
  barcode: string;
  price: number;
}

jest.setTimeout(240_000);

/** "Historique des ventes": filters, detail, reprint, a void and a refund approved by a manager's PIN, each a new op (I5). */
describe('Historique: filters, detail, reprint, void and refund with a manager PIN', () => {
  let env: ShopEnv;
  let till: ShellTerminal;
  let shelf: ShelfProduct[];
  const numbers = new Map<string, string>();

  beforeAll(async () => {
    env = await startShopEnv('screens-history');
    till = await env.addTerminal('Caisse 1');
    shelf = (
      await env.backend.dataSource.query<Array<{ id: string; barcode: string; price: string }>>(
        `SELECT p.id, p.barcode, p.price FROM products p JOIN stock_levels l ON l.product_id = p.id
          WHERE p.barcode IS NOT NULL AND l.quantity >= 10 AND p.price BETWEEN 500 AND 20000 ORDER BY p.sku DESC LIMIT 3`,
      )
    ).map((row) => ({ ...row, price: Number(row.price) }));
  });

  afterAll(async () => {
    await env?.close();
  });

  const row = (number: string) => till.page.locator('[data-testid="sale-row"]').filter({ hasText: number });

  async function sell(products: ShelfProduct[], mode: 'CASH' | 'MOBILE_MONEY' | 'CARD', reference?: string): Promise<string> {
    for (const product of products) await till.scan(product.barcode);
    await till.page.locator(`[data-testid="cart-line"][data-product-id="${products[products.length - 1]!.id}"]`).waitFor();
    await till.byTestId(`payment-mode-${mode}`).click();
    if (reference) await till.byTestId('payment-reference').fill(reference);
    const toast = await till.finalizeSale();
    return /T\d+-\d{6}/.exec(toast)![0];
  }

  it('lists the day by cashier and payment method, shows a sale, and reprints it as a copy', async () => {
    const demo = env.backend.demo!;
    const [moussa, fatou] = [demo.cashiers[0]!, demo.cashiers[1]!];
    const [a, b, c] = shelf as [ShelfProduct, ShelfProduct, ShelfProduct];
    await till.enroll(till.link.url, demo.enrollmentCode);
    await till.login(moussa.name, moussa.pin);
    numbers.set('cash', await sell([a, a, b], 'CASH'));
    numbers.set('mobile', await sell([c], 'MOBILE_MONEY', 'OM-555'));
    // The next cashier takes over the till.
    await till.lock();
    await till.login(fatou.name, fatou.pin);
    numbers.set('card', await sell([b], 'CARD'));

    await till.open('history');
    await row(numbers.get('card')!).waitFor();
    expect(await till.byTestId('sale-row').count()).toBe(3);
    await till.choose('history-cashier', { label: moussa.name });
    await till.waitForCount('sale-row', 2);
    await till.choose('history-method', 'MOBILE_MONEY');
    await till.waitForCount('sale-row', 1);
    expect(await till.byTestId('sale-row').textContent()).toContain(numbers.get('mobile'));
    expect(await till.accessibilityViolations()).toEqual([]);
    await till.screenshot('history-filtered.png', testOutputDir);
    // A day with no sale.
    await till.byTestId('history-from').fill('2025-01-01');
    await till.byTestId('history-to').fill('2025-01-02');
    await till.byTestId('history-empty').waitFor();
    const today = await till.page.evaluate(`(() => { const d = new Date(); return d.getFullYear() + '-' + String(d.getMonth() + 1).padStart(2, '0') + '-' + String(d.getDate()).padStart(2, '0'); })()`);
    await till.byTestId('history-to').fill(today as string);
    await till.byTestId('history-from').fill(today as string);
    await till.choose('history-method', '');
    await till.choose('history-cashier', '');
    await row(numbers.get('card')!).waitFor();

    await row(numbers.get('cash')!).click();
    const detail = till.byTestId('sale-detail');
    await detail.waitFor();
    // The lines come from their own query, after the detail itself.
    await waitForCountOf(detail.getByTestId('sale-line'), 2);
    await till.byTestId('sale-reprint').click();
    await till.toast(/imprimante/);
    const receipts = join(dirname(till.terminal.core.queue.path), 'receipts');
    await expect(readdir(receipts)).resolves.toContain(`${numbers.get('cash')}.copy-2.txt`);
    expect(await till.accessibilityViolations()).toEqual([]);
    await till.screenshot('history-detail.png', testOutputDir);
  });

  it('[I5] voids a sale with a manager PIN: a new op, the stock comes back, PostgreSQL marks it VOIDED', async () => {
    const demo = env.backend.demo!;
    const mobile = numbers.get('mobile')!;
    await row(mobile).click();
    await till.byTestId('sale-void').click();
    await till.byTestId('void-dialog').waitFor();
    await till.byTestId('void-reason').fill('Client parti sans payer');
    expect(await till.accessibilityViolations()).toEqual([]);
    await till.screenshot('history-void-dialog.png', testOutputDir);
    await till.byTestId('void-submit').click();
    await till.approve(demo.manager.name, demo.manager.pin);
    await till.toast('annulée');
    await waitForAttribute(row(mobile), 'data-status', 'VOIDED');
    await till.byTestId('sale-voided').waitFor();

    await till.syncNow();
    await till.waitForDot('green');
    const [sale] = await env.backend.dataSource.query<Array<{ status: string; void_reason: string }>>('SELECT status, void_reason FROM sales WHERE number = $1', [mobile]);
    expect(sale).toEqual({ status: 'VOIDED', void_reason: 'Client parti sans payer' });
    const movements = await env.backend.dataSource.query<Array<{ type: string; quantity: string }>>(
      `SELECT m.type, m.quantity FROM stock_movements m JOIN sales s ON s.id = m.sale_id WHERE s.number = $1 ORDER BY m.type`,
      [mobile],
    );
    expect(movements.map((movement) => [movement.type, Number(movement.quantity)])).toEqual([
      ['SALE', -1],
      ['VOID', 1],
    ]);
    await till.screenshot('history-voided.png', testOutputDir);
  });

  it('[I5] refunds part of a sale with a manager PIN as a new op, never as a void, and says what the server did with it', async () => {
    const demo = env.backend.demo!;
    const cash = numbers.get('cash')!;
    await row(cash).click();
    await till.byTestId('sale-refund').click();
    const dialog = till.byTestId('refund-dialog');
    await dialog.waitFor();
    await dialog.getByTestId('refund-quantity').first().fill('1');
    await dialog.getByTestId('refund-reason').fill('Article abîmé');
    await dialog.getByTestId('refund-amount').filter({ hasText: /\d/ }).waitFor();
    expect(await till.accessibilityViolations()).toEqual([]);
    await till.screenshot('history-refund-dialog.png', testOutputDir);
    await dialog.getByTestId('refund-submit').click();
    await till.approve(demo.manager.name, demo.manager.pin);
    await till.toast('remboursés');
    await till.byTestId('refund-row').waitFor();

    await till.syncNow();
    // The refund op reaches a final state on the server: applied, or refused with its reason (I7).
    await till.page.locator('[data-testid="refund-row"][data-sync-state="synced"], [data-testid="refund-row"][data-sync-state="rejected"]').waitFor({ timeout: 60_000 });
    const state = await till.byTestId('refund-row').getAttribute('data-sync-state');
    const [sale] = await env.backend.dataSource.query<Array<{ status: string }>>('SELECT status FROM sales WHERE number = $1', [cash]);
    expect(sale!.status).toBe('COMPLETED');
    await till.screenshot('history-refunded.png', testOutputDir);
    if (state === 'synced') {
      const refunds = await env.backend.dataSource.query<Array<{ total: string }>>(
        'SELECT r.total FROM sale_refunds r JOIN sales s ON s.id = r.sale_id WHERE s.number = $1',
        [cash],
      );
      expect(refunds).toHaveLength(1);
      expect(Number(refunds[0]!.total)).toBeGreaterThan(0);
    } else {
      await till.open('settings');
      const problem = till.byTestId('sync-problem').filter({ hasText: 'Remboursement' });
      await problem.waitFor();
      expect(await problem.getAttribute('data-state')).toBe('REJECTED');
      expect((await problem.getByTestId('sync-problem-reason').textContent())!.length).toBeGreaterThan(3);
      await till.screenshot('settings-rejected-refund.png', testOutputDir);
    }
  });
});
