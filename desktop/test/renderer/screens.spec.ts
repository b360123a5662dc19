import type { Browser, Page } from 'playwright-core';
import type { Change, ProductRecord } from '@seri/shared';
import { launchChromium } from './support/chromium';
import { level, makeDevice, makeProduct, makeUser, upsert } from './support/factories';
import type { FakeMainHandle, FakeMainSetup } from './support/fake-main';
import { maybeScreenshot, openRenderer, serveRenderer, type RendererPage } from './support/renderer-page';
import type { StaticServer } from './support/static-server';

jest.setTimeout(60_000);

const device = makeDevice();
const shop = { id: device.shopId, name: 'Boutique Seri Dakar', currency: 'XOF', locale: 'fr-SN' };
const awa = makeUser(device.shopId, { name: 'Awa Diop' });
const moussa = makeUser(device.shopId, { name: 'Moussa Ndiaye', role: 'MANAGER' });
const gone = makeUser(device.shopId, { name: 'Ancien Caissier', active: false });
const rice = makeProduct(device.shopId, { name: 'Riz parfumé 5 kg', price: 4500, barcode: '6001234500011', lowStockThreshold: 3 });
const oil = makeProduct(device.shopId, { name: 'Huile végétale 1 L', price: 1250, barcode: '6001234500028' });
const soap = makeProduct(device.shopId, { name: 'Savon de Marseille', price: 350, barcode: '6001234500035', lowStockThreshold: 5 });
const hostile = makeProduct(device.shopId, { name: '<img src=x onerror="document.body.dataset.pwned=1">', price: 100, barcode: '6001234500042' });
const products: ProductRecord[] = [rice, oil, soap, hostile];
const stock = new Map([
  [rice.id, 10],
  [oil.id, 4],
  [soap.id, 2],
  [hostile.id, 1],
]);

const pages: Change[][] = [
  [upsert('shop', shop.id, shop), ...[awa, moussa, gone].map((user) => upsert('user', user.id, user))],
  [...products.map((product) => upsert('product', product.id, product)), ...products.map((product) => upsert('stock_level', product.id, level(product, stock.get(product.id) ?? 0)))],
];

function setup(enrolled: boolean): FakeMainSetup {
  return {
    enrolled,
    device: { deviceId: device.deviceId, deviceName: 'Caisse 1', terminalCode: 'T01', serverUrl: 'http://127.0.0.1:3000', shop },
    pages,
    pins: { [awa.id]: '1234', [moussa.id]: '5678' },
    users: [
      { id: awa.id, name: awa.name, role: awa.role },
      { id: moussa.id, name: moussa.name, role: moussa.role },
    ],
    enrollmentCode: 'SERI-2025',
  };
}

const byTestId = (page: Page, id: string) => page.getByTestId(id);

async function attribute(page: Page, selector: string, name: string): Promise<string | null> {
  return page.locator(selector).getAttribute(name);
}

async function waitForAttribute(page: Page, testId: string, name: string, value: string): Promise<void> {
  await page.waitForFunction(([id, attr, expected]) => {
    const element = (globalThis as unknown as { document: { querySelector(s: string): { getAttribute(n: string): string | null } | null } }).document.querySelector(
      `[data-testid="${id}"]`,
    );
    return element?.getAttribute(attr) === expected;
  }, [testId, name, value] as const);
}

async function fakeMain<T>(page: Page, action: (main: FakeMainHandle) => T): Promise<T> {
  return page.evaluate<T>(`(${action.toString()})(globalThis.fakeMain)`);
}

async function scan(page: Page, code: string): Promise<void> {
  await byTestId(page, 'scan-input').focus();
  await page.keyboard.type(code, { delay: 5 });
  await page.keyboard.press('Enter');
}

async function login(page: Page, name: string, pin: string): Promise<void> {
  await byTestId(page, 'login-user').filter({ hasText: name }).click();
  await byTestId(page, 'login-pin').fill(pin);
  await byTestId(page, 'login-pin').press('Enter');
}

describe('renderer screens in Chromium, with a fake main', () => {
  let browser: Browser;
  let server: StaticServer;
  const open: RendererPage[] = [];

  beforeAll(async () => {
    server = await serveRenderer();
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  afterEach(async () => {
    for (const terminal of open.splice(0)) {
      expect(terminal.errors.filter((error) => !/Download the React DevTools/.test(error))).toEqual([]);
      await terminal.context.close();
    }
  });

  async function terminal(enrolled: boolean): Promise<Page> {
    const opened = await openRenderer(browser, server.url, setup(enrolled));
    open.push(opened);
    return opened.page;
  }

  it('[I1] enrolls, downloads the shop, logs in, sells by barcode and confirms only once the sale is stored', async () => {
    const page = await terminal(false);

    await expect(byTestId(page, 'enroll-server-url').inputValue()).resolves.toBe('http://127.0.0.1:3000');
    await expect(byTestId(page, 'enroll-submit').textContent()).resolves.toBe('Enrôler ce terminal');
    await maybeScreenshot(page, '01-enroll');
    await byTestId(page, 'enroll-code').fill('WRONG-CODE');
    await byTestId(page, 'enroll-name').fill('Caisse 1');
    await byTestId(page, 'enroll-submit').click();
    await expect(byTestId(page, 'enroll-error').textContent()).resolves.toContain('code inconnu');
    await maybeScreenshot(page, '01b-enroll-error');

    await byTestId(page, 'enroll-code').fill('SERI-2025');
    await byTestId(page, 'enroll-submit').click();
    await byTestId(page, 'login-user').first().waitFor();
    // Only active users can log in; names are rendered as they are.
    await expect(byTestId(page, 'login-user').allTextContents()).resolves.toEqual(['AAwa Diop', 'MMoussa Ndiaye']);
    expect(await attribute(page, `[data-testid="login-user"][data-user-id="${awa.id}"]`, 'data-user-id')).toBe(awa.id);
    await expect(byTestId(page, 'login-pin').getAttribute('type')).resolves.toBe('password');
    // The on-screen keypad types the PIN, so a touch screen opens no keyboard of its own over it.
    await expect(byTestId(page, 'login-pin').getAttribute('inputmode')).resolves.toBe('none');
    await maybeScreenshot(page, '02-login');

    // The keypad's keys type into the field and leave the focus there: the physical keyboard goes on typing.
    await byTestId(page, 'login-user').filter({ hasText: 'Awa Diop' }).click();
    await byTestId(page, 'login-pin').focus();
    for (const digit of '129') await byTestId(page, `login-pin-keypad-key-${digit}`).click();
    await byTestId(page, 'login-pin-keypad-key-back').click();
    await expect(byTestId(page, 'login-pin').inputValue()).resolves.toBe('12');
    await expect(page.evaluate('document.activeElement?.dataset.testid')).resolves.toBe('login-pin');
    await page.keyboard.type('3');
    await expect(byTestId(page, 'login-pin').inputValue()).resolves.toBe('123');
    // With the focus on the pad itself, its digits, Backspace, Delete and Enter work from the keyboard too.
    await byTestId(page, 'login-pin-keypad-key-0').focus();
    await page.keyboard.press('Delete');
    await page.keyboard.type('99');
    await page.keyboard.press('Backspace');
    await page.keyboard.type('8');
    await expect(byTestId(page, 'login-pin').inputValue()).resolves.toBe('98');
    await byTestId(page, 'login-pin-keypad-key-clear').click();
    await expect(byTestId(page, 'login-pin').inputValue()).resolves.toBe('');

    await login(page, 'Awa Diop', '9999');
    await expect(byTestId(page, 'login-error').textContent()).resolves.toBe('Code PIN incorrect');
    await maybeScreenshot(page, '02b-login-error');
    await login(page, 'Awa Diop', '1234');
    await byTestId(page, 'scan-input').waitFor();
    await waitForAttribute(page, 'sync-dot', 'data-state', 'green');
    await expect(byTestId(page, 'sync-pending').textContent()).resolves.toBe('0 opération en attente');
    await expect(byTestId(page, 'finalize-sale').isDisabled()).resolves.toBe(true);
    await maybeScreenshot(page, '03-checkout-empty');

    // Keyboard-wedge scanner: the same barcode twice, then another one.
    await scan(page, rice.barcode!);
    await scan(page, rice.barcode!);
    await scan(page, oil.barcode!);
    await page.locator(`[data-testid="cart-line"][data-product-id="${oil.id}"]`).waitFor();
    await waitForAttribute(page, 'cart-line', 'data-quantity', '2');
    await expect(byTestId(page, 'cart-line').count()).resolves.toBe(2);
    await expect(byTestId(page, 'cart-total').textContent()).resolves.toMatch(/^10\s250\sF\s?CFA$/);

    // Search by name shows results with the displayed stock.
    await byTestId(page, 'scan-input').fill('savon');
    await page.locator(`[data-testid="product-result"][data-product-id="${soap.id}"]`).waitFor();
    expect(await attribute(page, `[data-testid="product-result"][data-product-id="${soap.id}"]`, 'data-stock')).toBe('2');
    await maybeScreenshot(page, '04-checkout-search');
    await page.keyboard.press('Enter');
    await page.locator(`[data-testid="cart-line"][data-product-id="${soap.id}"]`).waitFor();
    await page.locator(`[data-testid="cart-line"][data-product-id="${soap.id}"] [data-testid="cart-increase"]`).click();
    await page.locator(`[data-testid="cart-line"][data-product-id="${soap.id}"] [data-testid="cart-remove"]`).click();
    await expect(byTestId(page, 'cart-line').count()).resolves.toBe(2);

    // Cash: too little disables the sale; more gives change.
    await byTestId(page, 'tendered-input').fill('10000');
    await expect(byTestId(page, 'finalize-sale').isDisabled()).resolves.toBe(true);
    await byTestId(page, 'tendered-input').fill('15 000');
    await expect(byTestId(page, 'change-due').textContent()).resolves.toMatch(/^4\s750\sF\s?CFA$/);
    await maybeScreenshot(page, '05-checkout-cart');

    await byTestId(page, 'finalize-sale').click();
    await byTestId(page, 'toast').waitFor();
    await expect(byTestId(page, 'toast').textContent()).resolves.toBe('Vente enregistrée — ticket T01-000001');
    await expect(byTestId(page, 'cart-line').count()).resolves.toBe(0);
    await maybeScreenshot(page, '06-checkout-sale-saved');

    // The relay handed the op to main; main holds it as pending.
    await page.waitForFunction(() => (globalThis as unknown as { fakeMain: FakeMainHandle }).fakeMain.queued.length === 1);
    await waitForAttribute(page, 'sync-dot', 'data-state', 'yellow');
    await expect(byTestId(page, 'sync-pending').textContent()).resolves.toBe('1 opération en attente');

    await byTestId(page, 'nav-history').click();
    const row = byTestId(page, 'sale-row').first();
    await row.waitFor();
    await expect(row.getAttribute('data-sync-state')).resolves.toBe('pending');
    await expect(row.textContent()).resolves.toContain('T01-000001');
    await row.click();
    await byTestId(page, 'sale-detail').waitFor();
    await byTestId(page, 'sale-detail').getByText(rice.name).waitFor();
    await expect(byTestId(page, 'sale-detail').textContent()).resolves.toContain(oil.name);
    await maybeScreenshot(page, '07-history-pending');

    // Main pushed it: the op-state report marks the sale synced.
    await fakeMain(page, (main) => main.syncAll());
    await waitForAttribute(page, 'sale-row', 'data-sync-state', 'synced');
    await waitForAttribute(page, 'sync-dot', 'data-state', 'green');
    await maybeScreenshot(page, '08-history-synced');

    // Products: displayed stock includes this terminal's pending movements (I4).
    await byTestId(page, 'nav-products').click();
    await page.locator(`[data-testid="product-row"][data-product-id="${rice.id}"]`).waitFor();
    expect(await attribute(page, `[data-testid="product-row"][data-product-id="${rice.id}"]`, 'data-stock')).toBe('8');
    expect(await attribute(page, `[data-testid="product-row"][data-product-id="${oil.id}"]`, 'data-stock')).toBe('3');
    await maybeScreenshot(page, '09-products');
    await byTestId(page, 'product-search').fill(soap.barcode!);
    await page.waitForFunction(() => {
      const doc = (globalThis as unknown as { document: { querySelectorAll(s: string): { length: number } } }).document;
      return doc.querySelectorAll('[data-testid="product-row"]').length === 1;
    });
  });

  it('renders a hostile product name as text, and the CSP lets the app run without inline code', async () => {
    const page = await terminal(true);
    await login(page, 'Awa Diop', '1234');
    await byTestId(page, 'nav-products').click();
    const row = page.locator(`[data-testid="product-row"][data-product-id="${hostile.id}"]`);
    await row.waitFor();
    await expect(row.locator('td').first().textContent()).resolves.toBe(hostile.name);
    await expect(page.locator('[data-testid="product-row"] img').count()).resolves.toBe(0);
    await expect(page.evaluate('document.body.dataset.pwned ?? null')).resolves.toBeNull();
    // Inline script is blocked by the CSP meta.
    await page.evaluate(`(() => { const s = document.createElement('script'); s.textContent = 'document.body.dataset.inline = "ran"'; document.body.appendChild(s); })()`);
    await expect(page.evaluate('document.body.dataset.inline ?? null')).resolves.toBeNull();
    const terminalErrors = open[open.length - 1]!.errors;
    expect(terminalErrors.some((error) => /Content Security Policy|CSP violation/.test(error))).toBe(true);
    terminalErrors.splice(0);
  });

  it('switches to English, with plurals, and back to French', async () => {
    const page = await terminal(true);
    await login(page, 'Moussa Ndiaye', '5678');
    await expect(byTestId(page, 'nav-checkout').textContent()).resolves.toBe('Caisse');
    await byTestId(page, 'lang-switch').click();
    // The language is a terminal preference kept in Dexie: the screens follow once it is written.
    await page.getByTestId('nav-checkout').getByText('Checkout', { exact: true }).waitFor();
    await expect(byTestId(page, 'sync-pending').textContent()).resolves.toBe('0 operations waiting');
    await expect(byTestId(page, 'finalize-sale').textContent()).resolves.toBe('Complete sale');
    await expect(byTestId(page, 'cart-total').textContent()).resolves.toMatch(/^0\s?F\s?CFA$/);
    await maybeScreenshot(page, '10-checkout-english');
    await byTestId(page, 'lang-switch').click();
    await page.getByTestId('finalize-sale').getByText('Finaliser la vente', { exact: true }).waitFor();
  });

  it('shows the download progress until users and products are here', async () => {
    const opened = await openRenderer(browser, server.url, { ...setup(false), holdPages: true });
    open.push(opened);
    const page = opened.page;
    await byTestId(page, 'enroll-code').fill('SERI-2025');
    await byTestId(page, 'enroll-name').fill('Caisse 2');
    await byTestId(page, 'enroll-submit').click();
    await byTestId(page, 'bootstrap-progress').waitFor();
    await expect(byTestId(page, 'bootstrap-progress').textContent()).resolves.toContain('Téléchargement des données…');
    await expect(byTestId(page, 'bootstrap-progress').textContent()).resolves.toContain('0 produit');
    await maybeScreenshot(page, '02a-bootstrap');
    await fakeMain(page, (main) => main.releasePages());
    await byTestId(page, 'login-user').first().waitFor();
    await expect(byTestId(page, 'bootstrap-progress').count()).resolves.toBe(0);
  });

  it('keeps scanning in order when barcodes come faster than lookups', async () => {
    const page = await terminal(true);
    await login(page, 'Awa Diop', '1234');
    for (const code of [rice.barcode!, oil.barcode!, soap.barcode!, rice.barcode!]) await scan(page, code);
    await page.waitForFunction(() => {
      const doc = (globalThis as unknown as { document: { querySelectorAll(s: string): ArrayLike<{ getAttribute(n: string): string | null }> } }).document;
      const lines = Array.from(doc.querySelectorAll('[data-testid="cart-line"]'));
      return lines.length === 3 && lines[0]?.getAttribute('data-quantity') === '2';
    });
    const ids = await byTestId(page, 'cart-line').evaluateAll((lines) =>
      (lines as unknown as Array<{ getAttribute(name: string): string | null }>).map((line) => line.getAttribute('data-product-id')),
    );
    expect(ids).toEqual([rice.id, oil.id, soap.id]);
    await byTestId(page, 'scan-input').fill('0000000000000');
    await page.keyboard.press('Enter');
    await expect(byTestId(page, 'toast').textContent()).resolves.toBe('Code-barres inconnu : 0000000000000');
    // The unknown code stays in the field for the cashier to correct.
    await expect(byTestId(page, 'scan-input').inputValue()).resolves.toBe('0000000000000');
  });

  it('[security 5] renders a hostile product name as text on every screen that shows it: cart, receipt, history, products, reports', async () => {
    const page = await terminal(true);
    await login(page, 'Moussa Ndiaye', '5678');
    await scan(page, hostile.barcode!);
    await page.locator(`[data-testid="cart-line"][data-product-id="${hostile.id}"]`).waitFor();
    await byTestId(page, 'finalize-sale').click();
    await byTestId(page, 'last-sale-receipt').click();
    await expect(byTestId(page, 'receipt-preview').textContent()).resolves.toContain('<img src=x');
    await byTestId(page, 'receipt-close').click();
    await byTestId(page, 'nav-history').click();
    await byTestId(page, 'sale-row').first().click();
    await byTestId(page, 'sale-detail').getByText(hostile.name).waitFor();
    await byTestId(page, 'nav-products').click();
    await page.locator(`[data-testid="product-row"][data-product-id="${hostile.id}"] [data-testid="product-open"]`).click();
    await expect(page.locator('[data-testid="product-detail"] h2').textContent()).resolves.toBe(hostile.name);
    await byTestId(page, 'nav-reports').click();
    await expect(page.locator(`[data-testid="report-top-product"][data-product-id="${hostile.id}"] .top-products__name`).textContent()).resolves.toBe(hostile.name);
    // The receipt main printed carries the name as text too.
    const printed = await fakeMain(page, (main) => main.printed);
    expect(printed[0]?.text).toContain(hostile.name);
    await expect(page.locator('main img, dialog img').count()).resolves.toBe(0);
    await expect(page.evaluate('document.body.dataset.pwned ?? null')).resolves.toBeNull();
  });

  it('[I12] history and reports before the retention window say older periods come from the server reports', async () => {
    const page = await terminal(true);
    await login(page, 'Moussa Ndiaye', '5678');
    await byTestId(page, 'nav-history').click();
    await byTestId(page, 'history-from').waitFor();
    await expect(byTestId(page, 'older-period-notice').count()).resolves.toBe(0);
    const longAgo = new Date(Date.now() - 200 * 24 * 60 * 60 * 1000).toISOString().slice(0, 10);
    await byTestId(page, 'history-from').fill(longAgo);
    const notice = byTestId(page, 'older-period-notice');
    await notice.waitFor();
    await expect(notice.textContent()).resolves.toMatch(/garde les 90 derniers jours .*rapports du serveur/);
    await maybeScreenshot(page, '20-history-older-period');
    await byTestId(page, 'nav-reports').click();
    await byTestId(page, 'report-day').fill(longAgo);
    await byTestId(page, 'older-period-notice').waitFor();
    await expect(byTestId(page, 'older-period-notice').textContent()).resolves.toContain('console d');
    await maybeScreenshot(page, '21-reports-older-period');
  });

  it('locks the till after the idle time; the same cashier gets the cart back, another starts afresh', async () => {
    const opened = await openRenderer(browser, server.url, setup(true), { fakeClock: true });
    open.push(opened);
    const page = opened.page;
    await login(page, 'Awa Diop', '1234');
    await scan(page, rice.barcode!);
    await page.locator(`[data-testid="cart-line"][data-product-id="${rice.id}"]`).waitFor();
    // Five minutes without a key or a touch (the default).
    await page.clock.fastForward('05:01');
    await byTestId(page, 'lock-screen').waitFor();
    await expect(byTestId(page, 'lock-hint').textContent()).resolves.toContain('Awa Diop');
    await byTestId(page, 'login-pin').fill('1234');
    await byTestId(page, 'login-pin').press('Enter');
    await page.locator(`[data-testid="cart-line"][data-product-id="${rice.id}"]`).waitFor();
    await page.clock.fastForward('05:01');
    await byTestId(page, 'lock-screen').waitFor();
    await login(page, 'Moussa Ndiaye', '5678');
    await byTestId(page, 'scan-input').waitFor();
    await expect(byTestId(page, 'cart-line').count()).resolves.toBe(0);
  });

  it("shows the first download's progress bar from main's pull-progress events, with or without the remaining count", async () => {
    const opened = await openRenderer(browser, server.url, { ...setup(false), holdPages: true });
    open.push(opened);
    const page = opened.page;
    await byTestId(page, 'enroll-code').fill('SERI-2025');
    await byTestId(page, 'enroll-name').fill('Caisse 3');
    await byTestId(page, 'enroll-submit').click();
    await byTestId(page, 'bootstrap-progress').waitFor();
    await fakeMain(page, (main) => main.emit('sync:pull-progress', { received: 1500, remaining: 4500 }));
    await waitForAttribute(page, 'bootstrap-bar', 'aria-valuenow', '25');
    await expect(byTestId(page, 'bootstrap-received').textContent()).resolves.toMatch(/^1\s500 éléments reçus sur 6\s000 \(25 %\)$/);
    await maybeScreenshot(page, '02c-bootstrap-progress');
    await fakeMain(page, (main) => main.emit('sync:pull-progress', { received: 2000, remaining: null }));
    await byTestId(page, 'bootstrap-received').getByText(/^2\s000 éléments reçus$/).waitFor();
    await expect(byTestId(page, 'bootstrap-bar').getAttribute('aria-valuenow')).resolves.toBeNull();
    await fakeMain(page, (main) => main.releasePages());
    await byTestId(page, 'login-user').first().waitFor();
  });
});
