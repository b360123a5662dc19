import type { Page } from 'playwright-core';
import { startShopEnv, testOutputDir, type ShellTerminal, type ShopEnv } from '../support/shop-env';
import { TerminalDriver, waitForAttribute, waitForCountOf } from '../support/terminal-driver';

interface ShelfProduct {
  id: string;
  name: string;
  barcode: string;
  price: number;
}

jest.setTimeout(240_000);

const DISPLAY_SIZES = [
  { width: 1024, height: 768 },
  { width: 1366, height: 768 },
  { width: 1920, height: 1080 },
] as const;

/** The customer display (issue #15): a second page opened from the settings that follows the till's sale. */
describe('Écran client: the display page follows a sale, in the shop language', () => {
  let env: ShopEnv;
  let till: ShellTerminal;
  let shelf: ShelfProduct[];

  beforeAll(async () => {
    env = await startShopEnv('screens-customer-display');
    till = await env.addTerminal('Caisse 1');
    shelf = (
      await env.backend.dataSource.query<Array<{ id: string; name: string; barcode: string; price: string }>>(
        `SELECT p.id, p.name, p.barcode, p.price FROM products p JOIN stock_levels l ON l.product_id = p.id
          WHERE p.barcode IS NOT NULL AND l.quantity >= 10 AND p.price BETWEEN 500 AND 5000 ORDER BY p.sku LIMIT 2`,
      )
    ).map((row) => ({ ...row, price: Number(row.price) }));
  });

  afterAll(async () => {
    await env?.close();
  });

  const displayPage = (): Page => {
    const page = till.terminal.customerDisplay.page();
    if (!page) throw new Error('the customer display page is not open');
    return page;
  };
  const display = () => new TerminalDriver(displayPage(), 'écran client');
  const line = (product: ShelfProduct) => displayPage().locator(`[data-testid="display-line"][data-product-id="${product.id}"]`);
  const digits = (text: string | null) => (text ?? '').replace(/\D/g, '');

  /** The box follows the saved setting, after main has opened or closed the display. */
  async function setDisplay(enabled: boolean): Promise<void> {
    const box = till.byTestId('settings-display-enabled');
    await box.click();
    for (let tries = 0; tries < 100 && (await box.isChecked()) !== enabled; tries += 1) await till.page.waitForTimeout(50);
    expect(await till.byTestId('settings-display-problem').count()).toBe(0);
    expect(await box.isChecked()).toBe(enabled);
  }

  async function shoot(name: string): Promise<void> {
    for (const size of DISPLAY_SIZES) {
      await displayPage().setViewportSize(size);
      await display().screenshot(`customer-display-${name}-${size.width}x${size.height}.png`, testOutputDir);
    }
    await displayPage().setViewportSize({ width: 1920, height: 1080 });
  }

  async function shootTill(name: string): Promise<void> {
    for (const size of [DISPLAY_SIZES[0], DISPLAY_SIZES[1]]) {
      await till.page.setViewportSize(size);
      await till.byTestId('settings-display-test').scrollIntoViewIfNeeded();
      await till.screenshot(`${name}-${size.width}x${size.height}.png`, testOutputDir);
    }
    await till.page.setViewportSize({ width: 1280, height: 800 });
  }

  it('is switched on in the settings, opens as a second page and shows the test card', async () => {
    const demo = env.backend.demo!;
    await till.enroll(till.link.url, demo.enrollmentCode);
    await till.login(demo.cashiers[0]!.name, demo.cashiers[0]!.pin);
    await till.waitForDot('green');
    await till.open('settings');
    const settings = till.byTestId('settings-display');
    await settings.waitFor();
    await settings.locator('[data-screen-id="2"]').waitFor();
    expect(till.terminal.customerDisplay.page()).toBeNull();

    await setDisplay(true);
    for (let tries = 0; tries < 100 && !till.terminal.customerDisplay.page(); tries += 1) await till.page.waitForTimeout(50);
    await displayPage().getByTestId('display-welcome').waitFor();
    expect(await displayPage().getByTestId('customer-display').textContent()).toContain(demo.shopName);

    await till.byTestId('settings-display-test').click();
    await displayPage().getByTestId('display-test').waitFor();
    // The card shows for a few seconds only: its picture first, at the display's own size.
    await display().screenshot('customer-display-test-1920x1080.png', testOutputDir);
    expect(await display().accessibilityViolations()).toEqual([]);
    expect(await till.accessibilityViolations()).toEqual([]);
    await shootTill('settings-customer-display');
    await displayPage().getByTestId('display-test').waitFor({ state: 'detached', timeout: 10_000 });
  });

  it('shows the lines and the total as the cashier scans, then the amount received, the change and a thank-you', async () => {
    const [first, second] = shelf as [ShelfProduct, ShelfProduct];
    await till.open('checkout');
    await till.scan(first.barcode);
    await line(first).waitFor();
    await till.scan(second.barcode);
    await till.scan(second.barcode);
    await waitForAttribute(line(second), 'data-quantity', '2');
    const total = first.price + 2 * second.price;
    await waitForCountOf(displayPage().getByTestId('display-line'), 2);
    expect(await line(first).textContent()).toContain(first.name);
    expect(digits(await till.byTestId('cart-total').textContent())).toBe(String(total));
    await waitForAttribute(displayPage().getByTestId('customer-display'), 'data-view', 'cart');
    for (let tries = 0; tries < 100 && digits(await displayPage().getByTestId('display-total').textContent()) !== String(total); tries += 1) await displayPage().waitForTimeout(50);
    expect(digits(await displayPage().getByTestId('display-total').textContent())).toBe(String(total));
    expect(await display().accessibilityViolations()).toEqual([]);
    await shoot('cart');

    // Reloaded mid-sale (a cable pulled and put back): the till sends what is on its screen.
    await displayPage().reload();
    await line(second).waitFor();

    const tendered = Math.ceil((total + 1) / 1000) * 1000 + 1000;
    await till.byTestId('tendered-input').fill(String(tendered));
    await till.finalizeSale();
    const paid = displayPage().getByTestId('display-paid');
    await paid.waitFor();
    expect(digits(await paid.getByTestId('display-total').textContent())).toBe(String(total));
    expect(digits(await paid.getByTestId('display-tendered').textContent())).toBe(String(tendered));
    expect(digits(await paid.getByTestId('display-change').textContent())).toBe(String(tendered - total));
    expect(digits(await till.byTestId('last-sale-change').textContent())).toBe(String(tendered - total));
    expect(await displayPage().getByTestId('display-thanks').textContent()).toBe('Merci de votre visite !');
    expect(await paid.textContent()).toContain(env.backend.demo!.shopName);
    expect(await display().accessibilityViolations()).toEqual([]);
    await shoot('paid');

    // The next customer: the thank-you gives way to the new cart.
    await till.scan(first.barcode);
    await line(first).waitFor();
    await waitForCountOf(displayPage().getByTestId('display-line'), 1);
    await till.byTestId('cart-clear').click();
    await displayPage().getByTestId('display-welcome').waitFor();
  });

  it('speaks the language the till is set to, and closes when switched off', async () => {
    const [first] = shelf as [ShelfProduct];
    await till.open('settings');
    await till.choose('settings-language', 'en');
    await displayPage().getByText('Welcome').waitFor();
    await shootTill('settings-customer-display-en');
    await till.open('checkout');
    await till.scan(first.barcode);
    await line(first).waitFor();
    // The display follows the till over its own channel: wait for it rather than read it once.
    await displayPage().locator('.customer-display__count').filter({ hasText: /^1 item$/ }).waitFor();
    await shoot('cart-en');
    await till.byTestId('tendered-input').fill(String(first.price + 500));
    await till.byTestId('finalize-sale').click();
    await displayPage().getByTestId('display-paid').waitFor();
    expect(await displayPage().getByTestId('display-thanks').textContent()).toBe('Thank you for your visit!');
    expect(digits(await displayPage().getByTestId('display-change').textContent())).toBe('500');
    await shoot('paid-en');

    await till.open('settings');
    await till.choose('settings-language', 'fr');
    await setDisplay(false);
    for (let tries = 0; tries < 100 && till.terminal.customerDisplay.page(); tries += 1) await till.page.waitForTimeout(50);
    expect(till.terminal.customerDisplay.page()).toBeNull();
  });
});
