import type { ShellTerminal, ShopEnv } from './shop-env';

/** The viewports a counter screen comes in: the touch-screen sizes, and a desktop monitor. */
export const VIEWPORTS = [
  { width: 1024, height: 768 },
  { width: 1366, height: 768 },
  { width: 1920, height: 1080 },
] as const;

export type Viewport = (typeof VIEWPORTS)[number];

/** Called at every stop of the walk, the screen or dialog named, once per viewport. */
export type Visit = (stop: string, viewport: Viewport) => Promise<void>;

/** Where a visit looks: each viewport in turn, back to 1024×768 for the next step of the walk. */
async function visitAll(till: ShellTerminal, stop: string, visit: Visit): Promise<void> {
  for (const viewport of VIEWPORTS) {
    await till.page.setViewportSize(viewport);
    await visit(stop, viewport);
  }
  await till.page.setViewportSize(VIEWPORTS[0]);
}

async function escape(till: ShellTerminal, dialog: string): Promise<void> {
  await till.page.keyboard.press('Escape');
  await till.byTestId(dialog).waitFor({ state: 'detached' });
}

/**
 * Walks every screen and dialog of the till as the manager (who sees them all): PIN login,
 * checkout with a cart, split payment, the session opened and its close, history with the
 * refund, void and approval dialogs, products with the product and stock forms, expenses,
 * reports, settings, the lock screen. `english` switches the UI on the login screen first.
 */
export async function walkScreens(env: ShopEnv, till: ShellTerminal, visit: Visit, options: { english?: boolean } = {}): Promise<void> {
  const demo = env.backend.demo!;
  const manager = demo.manager;
  const [product] = await env.backend.dataSource.query<Array<{ barcode: string; id: string }>>(
    `SELECT p.barcode, p.id FROM products p JOIN stock_levels l ON l.product_id = p.id
      WHERE p.barcode IS NOT NULL AND l.quantity >= 10 AND p.price BETWEEN 500 AND 5000 ORDER BY p.sku LIMIT 1`,
  );
  await till.page.setViewportSize(VIEWPORTS[0]);
  await till.enroll(till.link.url, demo.enrollmentCode);
  if (options.english) {
    // The language is the terminal's, switched from the header; the till then starts again at the login.
    await till.login(manager.name, manager.pin);
    await till.byTestId('lang-switch').click();
    await till.lock();
    await till.byTestId('logout').click();
  }
  await till.byTestId('login-user').filter({ hasText: manager.name }).click();
  await visitAll(till, 'login', visit);
  await till.byTestId('login-pin').fill(manager.pin);
  await till.byTestId('login-pin').press('Enter');
  await till.byTestId('scan-input').waitFor();
  await till.waitForDot('green');
  await visitAll(till, 'checkout-empty', visit);

  // The session opened from its screen, then a cart.
  await till.byTestId('session-bar-open').click();
  await till.byTestId('session-screen').waitFor();
  await visitAll(till, 'session-open', visit);
  await till.page.keyboard.type('2');
  await till.byTestId('session-open-submit').click();
  await till.page.locator('[data-testid="session-bar"][data-open="true"]').waitFor();

  await till.scan(product!.barcode);
  await till.scan(product!.barcode);
  await till.page.locator(`[data-testid="cart-line"][data-product-id="${product!.id}"][data-quantity="2"]`).waitFor();
  await till.byTestId('line-discount-toggle').first().click();
  await visitAll(till, 'checkout-cart', visit);
  await till.byTestId('payment-mode-SPLIT').click();
  await till.byTestId('split-row').first().waitFor();
  // A typed part reads back grouped as the rest of the screen writes amounts.
  await till.byTestId('split-amount').first().fill('3000');
  await till.byTestId('split-amount').nth(1).focus();
  await till.waitForValue('split-amount', '3\u202f000');
  await visitAll(till, 'checkout-split', visit);
  await till.byTestId('payment-mode-CASH').click();
  await till.byTestId('finalize-sale').click();
  await till.byTestId('last-sale').waitFor();
  await visitAll(till, 'checkout-sold', visit);

  await till.open('history');
  await till.byTestId('sale-row').first().click();
  await till.byTestId('sale-detail').waitFor();
  await visitAll(till, 'history-detail', visit);
  await till.byTestId('sale-refund').click();
  await till.byTestId('refund-dialog').waitFor();
  await till.byTestId('refund-quantity').first().fill('1');
  await visitAll(till, 'refund-dialog', visit);
  await escape(till, 'refund-dialog');
  await till.byTestId('sale-void').click();
  await till.byTestId('void-dialog').waitFor();
  await till.byTestId('void-reason').fill('Erreur de caisse');
  await visitAll(till, 'void-dialog', visit);
  await till.byTestId('void-submit').click();
  await till.byTestId('approval-dialog').waitFor();
  await visitAll(till, 'approval-dialog', visit);
  await escape(till, 'approval-dialog');
  await till.byTestId('void-dialog').waitFor({ state: 'detached' }).catch(() => escape(till, 'void-dialog'));

  await till.open('products');
  await till.byTestId('product-row').first().getByTestId('product-open').click();
  await till.byTestId('product-detail').waitFor();
  await visitAll(till, 'products-detail', visit);
  await till.byTestId('stock-adjust').click();
  await till.byTestId('stock-dialog').waitFor();
  await visitAll(till, 'stock-dialog', visit);
  await escape(till, 'stock-dialog');
  await till.byTestId('product-new').click();
  await till.byTestId('product-dialog').waitFor();
  await visitAll(till, 'product-form', visit);
  await escape(till, 'product-dialog');

  await till.open('expenses');
  await till.byTestId('expense-category').fill('Transport');
  await till.byTestId('expense-amount').fill('2000');
  await till.byTestId('expense-submit').click();
  await till.byTestId('expense-row').first().waitFor();
  await visitAll(till, 'expenses', visit);
  await till.byTestId('expense-delete').first().click();
  await till.byTestId('expense-delete-dialog').waitFor();
  await visitAll(till, 'expense-delete-dialog', visit);
  await escape(till, 'expense-delete-dialog');

  await till.open('reports');
  await till.byTestId('report-takings').waitFor();
  await visitAll(till, 'reports', visit);
  await till.open('settings');
  await visitAll(till, 'settings', visit);

  // The session's close grid, then the lock screen.
  await till.open('checkout');
  await till.byTestId('session-bar-open').click();
  await till.byTestId('session-close-submit').waitFor();
  await visitAll(till, 'session-close', visit);
  await till.lock();
  await visitAll(till, 'lock', visit);
}
