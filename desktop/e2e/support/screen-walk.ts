import { setPricing, type ShellTerminal, type ShopEnv } from './shop-env';

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

/** A dialog opened from its button (the first one carrying `open`), filled in as asked, visited, then closed with Escape. */
async function visitDialog(till: ShellTerminal, visit: Visit, stop: string, ids: { open: string; dialog: string }, fill?: () => Promise<void>): Promise<void> {
  await till.byTestId(ids.open).first().click();
  await till.byTestId(ids.dialog).waitFor();
  await fill?.();
  await visitAll(till, stop, visit);
  await escape(till, ids.dialog);
}

/** A product of the demo shop the walk sells, weighs or prices. */
interface WalkProduct {
  barcode: string;
  id: string;
  name: string;
}

/**
 * Runs in the page: the notes and coins of the count grid a finger cannot reach. At rest and
 * then with each row scrolled to (as the keypad's OK moves to it), no row in sight of its
 * panel lies under the keypad, and the row scrolled to is the element found at its centre.
 */
const HIDDEN_COUNT_ROWS = `(() => {
  const out = new Set();
  const inputs = [...document.querySelectorAll('.cash-grid__input')];
  const pad = document.querySelector('.cash-count .keypad');
  const meets = (a, b) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
  for (const target of [null, ...inputs]) {
    if (target) target.scrollIntoView({ block: 'nearest' });
    const padBox = pad && pad.getBoundingClientRect();
    for (const input of inputs) {
      const panel = input.closest('.session__panel');
      const box = input.getBoundingClientRect();
      if (padBox && (!panel || meets(box, panel.getBoundingClientRect())) && meets(box, padBox)) out.add(input.getAttribute('data-testid') + ' under the keypad');
    }
    if (!target) continue;
    const box = target.getBoundingClientRect();
    const x = box.left + box.width / 2;
    const y = box.top + box.height / 2;
    const hit = x >= 0 && y >= 0 && x <= innerWidth && y <= innerHeight ? document.elementFromPoint(x, y) : null;
    if (hit !== target && !(hit && target.contains(hit))) out.add(target.getAttribute('data-testid') + ' under ' + (hit ? hit.className || hit.tagName : 'nothing (off screen)'));
  }
  return [...out];
})()`;

/** Every row of the count grid on screen can be scrolled to and tapped, at every viewport (the keypad never covers one). */
async function expectCountRowsReachable(till: ShellTerminal, stop: string): Promise<void> {
  const hidden: string[] = [];
  for (const viewport of VIEWPORTS) {
    await till.page.setViewportSize(viewport);
    for (const row of await till.page.evaluate<string[]>(HIDDEN_COUNT_ROWS)) hidden.push(`${viewport.width}×${viewport.height} ${row}`);
  }
  await till.page.setViewportSize(VIEWPORTS[0]);
  if (hidden.length > 0) throw new Error(`${stop}: count rows out of reach: ${hidden.join('; ')}`);
}

/**
 * Walks every screen and dialog of the till as the manager (who sees them all): PIN login,
 * checkout with a cart, split payment, the customer of a sale, a cart parked and resumed, the
 * weight and open-price dialogs, the quick keys arranged, the session opened, paid in, its X
 * report, its close and the Z; history with the refund, void and approval dialogs; products
 * with the product and stock forms and the label sheet; expenses, reports, settings with the
 * taxes and a tax rate's form; the lock screen. `english` switches the UI on the login screen first.
 */
export async function walkScreens(env: ShopEnv, till: ShellTerminal, visit: Visit, options: { english?: boolean } = {}): Promise<void> {
  const demo = env.backend.demo!;
  const manager = demo.manager;
  const [product] = await env.backend.dataSource.query<WalkProduct[]>(
    `SELECT p.barcode, p.id, p.name FROM products p JOIN stock_levels l ON l.product_id = p.id
      WHERE p.barcode IS NOT NULL AND l.quantity >= 10 AND p.price BETWEEN 500 AND 5000 ORDER BY p.sku LIMIT 1`,
  );
  // Two more products, sold by weight and at an open price (the office till marks them before this till enrolls).
  const [weighed, loose] = await env.backend.dataSource.query<WalkProduct[]>(
    `SELECT p.barcode, p.id, p.name FROM products p JOIN stock_levels l ON l.product_id = p.id
      WHERE p.barcode IS NOT NULL AND l.quantity >= 10 AND p.price BETWEEN 500 AND 5000 AND p.id <> $1 ORDER BY p.sku LIMIT 2`,
    [product!.id],
  );
  await setPricing(env, [
    { id: weighed!.id, pricing: 'WEIGHT' },
    { id: loose!.id, pricing: 'OPEN' },
  ]);
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
  // The keypad types into the last coin: the grid's foot, where the keypad used to sit over the rows.
  await till.byTestId('open-C5').focus();
  await visitAll(till, 'session-open', visit);
  await expectCountRowsReachable(till, 'session-open');
  await till.byTestId('open-N10000').focus();
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
  await walkCartExtras(till, visit, { product: product!, weighed: weighed!, loose: loose! });

  await till.open('history');
  await till.byTestId('sale-row').first().click();
  await till.byTestId('sale-detail').waitFor();
  await visitAll(till, 'history-detail', visit);
  await visitDialog(till, visit, 'refund-dialog', { open: 'sale-refund', dialog: 'refund-dialog' }, () => till.byTestId('refund-quantity').first().fill('1'));
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
  await visitDialog(till, visit, 'stock-dialog', { open: 'stock-adjust', dialog: 'stock-dialog' });
  await visitDialog(till, visit, 'product-form', { open: 'product-new', dialog: 'product-dialog' });
  // Products → "Étiquettes": the label sheet with one product chosen.
  await till.byTestId('labels-open').click();
  await till.byTestId('labels-search').fill(weighed!.name);
  await till.page.locator(`[data-testid="labels-result"][data-product-id="${weighed!.id}"]`).click();
  await till.page.locator(`[data-testid="labels-entry"][data-product-id="${weighed!.id}"]`).waitFor();
  await till.byTestId('label').first().waitFor();
  await visitAll(till, 'labels', visit);
  await till.byTestId('labels-close').click();
  await till.byTestId('product-search').waitFor();

  await till.open('expenses');
  await till.byTestId('expense-category').fill('Transport');
  await till.byTestId('expense-amount').fill('2000');
  await till.byTestId('expense-submit').click();
  await till.byTestId('expense-row').first().waitFor();
  await visitAll(till, 'expenses', visit);
  await visitDialog(till, visit, 'expense-delete-dialog', { open: 'expense-delete', dialog: 'expense-delete-dialog' });

  await till.open('reports');
  await till.byTestId('report-takings').waitFor();
  await visitAll(till, 'reports', visit);
  await till.open('settings');
  await visitAll(till, 'settings', visit);
  // Paramètres → Taxes, and a rate's form (the shop's rates come from the back office; a manager adds one here).
  await till.byTestId('settings-taxes').scrollIntoViewIfNeeded();
  await visitAll(till, 'settings-taxes', visit);
  await visitDialog(till, visit, 'tax-rate-dialog', { open: 'tax-rate-new', dialog: 'tax-rate-dialog' }, async () => {
    await till.byTestId('tax-rate-name').fill('TVA 10 %');
    await till.byTestId('tax-rate-percent').fill('10');
  });

  await walkSessionClose(till, visit);
  await till.lock();
  await visitAll(till, 'lock', visit);
}

/**
 * At the checkout after a sale: the customer of the next sale, the cart parked, the parked
 * carts and the resume, the weight and the open-price dialogs (left with Escape), the quick keys
 * in the manager's arrange mode (cancelled); the cart is emptied again at the end.
 */
async function walkCartExtras(till: ShellTerminal, visit: Visit, products: Record<'product' | 'weighed' | 'loose', WalkProduct>): Promise<void> {
  const { product, weighed, loose } = products;
  await till.scan(product.barcode);
  await till.page.locator(`[data-testid="cart-line"][data-product-id="${product.id}"]`).waitFor();
  await till.byTestId('sale-customer-open').click();
  await till.byTestId('customer-dialog').waitFor();
  await till.byTestId('customer-name').fill('Aïssatou Ba');
  await till.byTestId('customer-phone').fill('+221 77 123 45 67');
  await visitAll(till, 'customer-dialog', visit);
  await till.byTestId('customer-submit').click();
  await till.byTestId('sale-customer').waitFor();
  await visitAll(till, 'checkout-customer', visit);

  await till.byTestId('park-cart').click();
  await till.byTestId('park-dialog').waitFor();
  await till.byTestId('park-note').fill('Aïssatou Ba');
  await visitAll(till, 'park-dialog', visit);
  await till.byTestId('park-submit').click();
  await till.byTestId('park-dialog').waitFor({ state: 'detached' });
  await till.waitForCount('cart-line', 0);
  await till.byTestId('parked-carts').click();
  await till.byTestId('parked-dialog').waitFor();
  await till.byTestId('parked-row').first().waitFor();
  await visitAll(till, 'parked-dialog', visit);
  await till.byTestId('parked-row').first().click();
  await till.byTestId('parked-dialog').waitFor({ state: 'detached' });
  await till.waitForCount('cart-line', 1);

  // Sold by weight (grams on the keypad) and at an open price (the amount on the keypad).
  const dialog = till.byTestId('measure-dialog');
  await till.scan(weighed.barcode);
  await dialog.waitFor();
  await till.tap('measure-keypad', '750', false);
  await dialog.getByTestId('measure-price').filter({ hasText: /[1-9]/ }).waitFor();
  await visitAll(till, 'measure-weight', visit);
  await escape(till, 'measure-dialog');
  await till.scan(loose.barcode);
  await dialog.waitFor();
  await till.tap('measure-keypad', '1250', false);
  await dialog.getByTestId('measure-price').filter({ hasText: /1\D?250/ }).waitFor();
  await visitAll(till, 'measure-open-price', visit);
  await escape(till, 'measure-dialog');

  // The manager arranges the quick keys: a page named, a product found and put on it, then cancelled.
  await till.byTestId('quick-keys-arrange').click();
  await till.byTestId('quick-keys-editor').waitFor();
  await till.byTestId('quick-keys-search').fill(weighed.name);
  await till.page.locator(`[data-testid="quick-keys-found"][data-product-id="${weighed.id}"]`).click();
  await till.page.locator(`[data-testid="quick-key"][data-product-id="${weighed.id}"]`).waitFor();
  await visitAll(till, 'quick-keys-arrange', visit);
  await till.byTestId('quick-keys-cancel').click();
  await till.byTestId('quick-keys-editor').waitFor({ state: 'detached' });

  await till.byTestId('cart-clear').click();
  await till.waitForCount('cart-line', 0);
}

/**
 * The session screen with the till open: a paid-in typed (left with Escape), the X report,
 * the close grid with the keypad on its last coin, the close by amount and its Z report, then
 * the screen as the closed till shows it.
 */
async function walkSessionClose(till: ShellTerminal, visit: Visit): Promise<void> {
  await till.open('checkout');
  await till.byTestId('session-bar-open').click();
  await till.byTestId('session-close-submit').waitFor();
  await visitDialog(till, visit, 'cash-movement-dialog', { open: 'session-paid-in', dialog: 'cash-movement-dialog' }, async () => {
    await till.byTestId('movement-amount').fill('5000');
    await till.byTestId('movement-reason').fill('Transport');
  });

  await till.byTestId('session-x-report').click();
  await till.byTestId('receipt-preview').waitFor();
  await visitAll(till, 'x-report', visit);
  await escape(till, 'receipt-dialog');

  await till.byTestId('close-C5').focus();
  await visitAll(till, 'session-close', visit);
  await expectCountRowsReachable(till, 'session-close');
  await till.byTestId('close-mode-amount').click();
  await till.byTestId('close-amount').fill('25000');
  await till.byTestId('session-close-submit').click();
  await till.byTestId('receipt-preview').waitFor();
  await visitAll(till, 'z-report', visit);
  await escape(till, 'receipt-dialog');
  await till.byTestId('session-last-z').waitFor();
  await visitAll(till, 'session-closed', visit);
}
