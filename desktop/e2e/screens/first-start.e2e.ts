import { startShopEnv, testOutputDir, type ShellTerminal, type ShopEnv } from '../support/shop-env';
import { waitForAttribute } from '../support/terminal-driver';

jest.setTimeout(240_000);

/**
 * First start (enrollment, the first download), Connexion (PIN, lock), and Paramètres /
 * Synchronisation, with a void refused by the server shown with its reason (I7).
 */
describe('First start, Connexion, Paramètres / Synchronisation', () => {
  let env: ShopEnv;
  let a: ShellTerminal;
  let b: ShellTerminal;
  let barcode: string;

  beforeAll(async () => {
    env = await startShopEnv('screens-first-start');
    [a, b] = await Promise.all([env.addTerminal('Caisse 1'), env.addTerminal('Caisse 2')]);
    const [row] = await env.backend.dataSource.query<Array<{ barcode: string }>>(
      `SELECT p.barcode FROM products p JOIN stock_levels l ON l.product_id = p.id WHERE p.barcode IS NOT NULL AND l.quantity >= 10 ORDER BY p.sku LIMIT 1`,
    );
    barcode = row!.barcode;
  });

  afterAll(async () => {
    await env?.close();
  });

  it('enrolls with the server address and a code, shows the first download, then the login', async () => {
    const demo = env.backend.demo!;
    await a.byTestId('enroll-code').waitFor();
    expect(await a.accessibilityViolations()).toEqual([]);
    await a.screenshot('first-start-enroll.png', testOutputDir);
    await a.byTestId('enroll-server-url').fill(a.link.url);
    await a.byTestId('enroll-code').fill('PAS-LE-BON');
    await a.byTestId('enroll-name').fill('Caisse 1');
    await a.byTestId('enroll-submit').click();
    await a.byTestId('enroll-error').waitFor();
    // A mistyped code says so and whom to ask, never "Réponse inattendue du serveur (HTTP 404)".
    const enrollError = (await a.byTestId('enroll-error').textContent()) ?? '';
    expect(enrollError).toContain("code d'enrôlement");
    expect(enrollError).toContain('responsable');
    expect(enrollError).not.toMatch(/HTTP|not found/);
    expect(await a.accessibilityViolations()).toEqual([]);
    await a.screenshot('first-start-enroll-error.png', testOutputDir);

    // A slow line, so the download can be seen.
    a.link.setFaults({ latencyMs: 250 });
    await a.byTestId('enroll-code').fill(demo.enrollmentCode);
    await a.byTestId('enroll-submit').click();
    await a.byTestId('bootstrap-progress').waitFor({ timeout: 30_000 });
    expect(await a.accessibilityViolations()).toEqual([]);
    await a.screenshot('first-start-download.png', testOutputDir);
    a.link.setFaults({});
    await a.byTestId('login-user').first().waitFor({ timeout: 60_000 });
    expect(await a.byTestId('bootstrap-progress').count()).toBe(0);
  });

  it('logs in by name and PIN (checked in main, offline), and locks and unlocks the till with the cart kept', async () => {
    const demo = env.backend.demo!;
    const cashier = demo.cashiers[0]!;
    expect(await a.accessibilityViolations()).toEqual([]);
    await a.screenshot('login.png', testOutputDir);
    // Offline: the PIN is checked against the hashes main pulled.
    a.link.setOnline(false);
    await a.byTestId('login-user').filter({ hasText: cashier.name }).click();
    await a.byTestId('login-pin').fill('0000');
    await a.byTestId('login-pin').press('Enter');
    expect(await a.byTestId('login-error').textContent()).toMatch(/^Code PIN incorrect : encore 4 essais avant le blocage\. .*responsable/);
    await a.screenshot('login-wrong-pin.png', testOutputDir);
    await a.login(cashier.name, cashier.pin);

    await a.scan(barcode);
    await a.byTestId('cart-line').waitFor();
    await a.lock();
    expect(await a.byTestId('lock-hint').textContent()).toContain(cashier.name);
    expect(await a.accessibilityViolations()).toEqual([]);
    await a.screenshot('login-locked.png', testOutputDir);
    await a.unlock(cashier.pin);
    // The same cashier finds the cart as they left it.
    await a.byTestId('cart-line').waitFor();
    expect(await a.byTestId('cart-line').count()).toBe(1);
    await a.finalizeSale();
    a.link.setOnline(true);
    a.terminal.core.worker.signalOnline();
    await a.waitForDot('green');
  });

  it('Paramètres: the dot, ops waiting, last sync, sync now, this terminal, its language', async () => {
    await a.open('settings');
    // Green once the pull the realtime socket may start on (re)connecting has ended.
    await waitForAttribute(a.byTestId('settings-sync-dot'), 'data-state', 'green');
    expect(await a.byTestId('settings-pending').textContent()).toBe('0 opération en attente');
    expect(await a.byTestId('settings-device-name').textContent()).toBe('Caisse 1');
    expect(await a.byTestId('settings-shop').textContent()).toBe(env.backend.demo!.shopName);
    expect(await a.byTestId('settings-last-sync').textContent()).not.toBe('Jamais');
    await a.byTestId('settings-sync-now').click();
    await a.toast('Synchronisation terminée');
    expect(await a.accessibilityViolations()).toEqual([]);
    await a.screenshot('settings.png', testOutputDir);

    await a.choose('settings-language', 'en');
    await a.page.getByTestId('nav-settings').getByText('Settings', { exact: true }).waitFor();
    expect(await a.byTestId('settings-pending').textContent()).toBe('0 operations waiting');
    expect(await a.accessibilityViolations()).toEqual([]);
    await a.screenshot('settings-english.png', testOutputDir);
    await a.open('checkout');
    await a.screenshot('checkout-english.png', testOutputDir);
    await a.open('settings');
    await a.choose('settings-language', 'fr');
    await a.page.getByTestId('nav-settings').getByText('Paramètres', { exact: true }).waitFor();
  });

  it('[I7] a void the server refuses (another till voided the sale first) shows REJECTED with its reason', async () => {
    const demo = env.backend.demo!;
    const manager = demo.manager;
    await b.enroll(b.link.url, demo.enrollmentCode);
    await b.login(manager.name, manager.pin);
    await b.syncNow();
    await b.open('history');
    const saleOnB = b.byTestId('sale-row').filter({ hasText: 'T01-000001' });
    await saleOnB.waitFor({ timeout: 30_000 });

    // B is offline when A voids the same sale.
    b.link.setOnline(false);
    await a.open('history');
    await a.byTestId('sale-row').filter({ hasText: 'T01-000001' }).click();
    await a.byTestId('sale-void').click();
    await a.byTestId('void-reason').fill('Erreur de saisie');
    await a.byTestId('void-submit').click();
    await a.approve(manager.name, manager.pin);
    await a.syncNow();
    await a.waitForDot('green');

    await saleOnB.click();
    await b.byTestId('sale-void').click();
    await b.byTestId('void-reason').fill('Client mécontent');
    await b.byTestId('void-submit').click();
    await b.approve(manager.name, manager.pin);
    b.link.setOnline(true);
    b.terminal.core.worker.signalOnline();
    await b.waitForDot('red');
    await b.open('settings');
    const problem = b.byTestId('sync-problem');
    await problem.waitFor();
    expect(await problem.getAttribute('data-state')).toBe('REJECTED');
    expect(await problem.textContent()).toContain('Annulation de vente');
    // The refusal is said in French with what to do with the cash; the server's code stays folded away.
    expect(await problem.getByTestId('sync-problem-todo').textContent()).toMatch(/argent.*responsable/);
    expect(await problem.getByTestId('sync-problem-reason').textContent()).toMatch(/déjà annulée/);
    expect(await problem.getByTestId('sync-problem-technical').isVisible()).toBe(false);
    expect(await problem.getByTestId('sync-problem-technical').textContent()).toMatch(/^BUSINESS_RULE — .*already voided/);
    expect(await b.accessibilityViolations()).toEqual([]);
    await b.screenshot('settings-rejected-void.png', testOutputDir);
    // And where the cashier voided it: the sale's detail says the same.
    await b.open('history');
    await b.byTestId('sale-row').filter({ hasText: 'T01-000001' }).click();
    const notice = b.byTestId('void-rejection');
    await notice.waitFor();
    expect(await notice.textContent()).toMatch(/refusé.*argent/);
    expect(await b.byTestId('sale-void').count()).toBe(0);
    await b.screenshot('history-rejected-void.png', testOutputDir);
  });
});
