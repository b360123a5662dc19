import { weighedLinePrice } from '@seri/shared';
import { serverRow, setPricing, startShopEnv, testOutputDir, type ShellTerminal, type ShopEnv } from '../support/shop-env';
import { waitForAttribute } from '../support/terminal-driver';

jest.setTimeout(300_000);

interface Shelf {
  id: string;
  name: string;
  price: number;
  category: string | null;
}

/**
 * Quick keys (issue #15): a manager arranges a page on the till, a cashier sells a quick-key
 * item, a weighed item and an open-price item with clicks alone, and the sale reaches the
 * server with the lines and totals the till showed.
 */
describe('Caisse: quick keys, sold by weight, open price', () => {
  let env: ShopEnv;
  let till: ShellTerminal;
  let unit: Shelf;
  let weighed: Shelf;
  let loose: Shelf;

  beforeAll(async () => {
    env = await startShopEnv('screens-quick-keys');
    const rows = await env.backend.dataSource.query<Array<{ id: string; name: string; price: string; category: string | null }>>(
      `SELECT p.id, p.name, p.price::text AS price, p.category FROM products p JOIN stock_levels l ON l.product_id = p.id
        WHERE l.quantity >= 10 AND p.price BETWEEN 500 AND 5000 AND p.category IS NOT NULL ORDER BY p.sku LIMIT 3`,
    );
    [unit, weighed, loose] = rows.map((row) => ({ ...row, price: Number(row.price) })) as [Shelf, Shelf, Shelf];
    // Another till of the shop marks two products: one sold by weight (price per kg), one at an open price.
    await setPricing(env, [
      { id: weighed.id, pricing: 'WEIGHT' },
      { id: loose.id, pricing: 'OPEN' },
    ]);
    till = await env.addTerminal('Caisse 1');
  });

  afterAll(async () => {
    await env?.close();
  });

  const tile = (product: Shelf) => till.page.locator(`[data-testid="quick-key"][data-product-id="${product.id}"]`);
  const line = (product: Shelf) => till.page.locator(`[data-testid="cart-line"][data-product-id="${product.id}"]`);

  it('shows categories and an empty favourites page with a hint before any layout; a manager arranges a page, saved as one op', async () => {
    const demo = env.backend.demo!;
    await till.enroll(till.link.url, demo.enrollmentCode);
    await till.login(demo.manager.name, demo.manager.pin);
    await till.waitForDot('green');

    await till.byTestId('quick-keys-empty').waitFor();
    expect(await till.byTestId('quick-keys-tab').allTextContents()).toEqual(['Favoris']);
    expect(await till.byTestId('quick-keys-category').count()).toBeGreaterThan(1);
    await till.page.setViewportSize({ width: 1024, height: 768 });
    await till.screenshot('quick-keys-none-1024.png', testOutputDir);

    // A category tab lists its products as tiles, big enough for a finger.
    await till.byTestId('quick-keys-category').filter({ hasText: unit.category! }).first().click();
    await tile(unit).waitFor();
    const box = await tile(unit).boundingBox();
    expect(box!.width).toBeGreaterThanOrEqual(72);
    expect(box!.height).toBeGreaterThanOrEqual(72);

    await till.byTestId('quick-keys-arrange').click();
    await till.byTestId('quick-keys-page-name').fill('Comptoir');
    for (const product of [loose, unit, weighed]) {
      await till.byTestId('quick-keys-search').fill(product.name);
      await till.page.locator(`[data-testid="quick-keys-found"][data-product-id="${product.id}"]`).click();
      await tile(product).waitFor();
    }
    // Moves the unit item first, then saves.
    await tile(unit).locator('xpath=..').getByTestId('quick-key-left').click();
    await waitForAttribute(till.byTestId('quick-key').first(), 'data-product-id', unit.id);
    expect(await till.accessibilityViolations()).toEqual([]);
    await till.screenshot('quick-keys-arrange-1024.png', testOutputDir);
    await till.byTestId('quick-keys-save').click();
    await till.toast('Touches rapides enregistrées');
    expect(await till.byTestId('quick-keys-tab').allTextContents()).toEqual(['Comptoir']);

    const layout = await serverRow<{ pages: Array<{ name: string; productIds: string[] }> }>(env, 'SELECT pages FROM quick_key_layouts WHERE shop_id = $1', [demo.shopId]);
    expect(layout.pages.map((page) => [page.name, page.productIds])).toEqual([['Comptoir', [unit.id, loose.id, weighed.id]]]);
  });

  it('a cashier sells a quick-key item, a weighed item and an open-price item with clicks alone; the server has the lines and totals', async () => {
    const demo = env.backend.demo!;
    const cashier = demo.cashiers[0]!;
    await till.lock();
    await till.byTestId('logout').click();
    await till.login(cashier.name, cashier.pin);
    await tile(unit).waitFor();
    expect(await till.byTestId('quick-keys-arrange').count()).toBe(0);

    await tile(unit).click();
    await tile(unit).click();
    await waitForAttribute(line(unit), 'data-quantity', '2');

    // By weight: 750 g at the product's price per kg.
    await tile(weighed).click();
    const dialog = till.byTestId('measure-dialog');
    await dialog.waitFor();
    await dialog.getByTestId('measure-input').fill('750');
    const weighedPrice = weighedLinePrice(weighed.price, 750);
    await dialog.getByTestId('measure-price').filter({ hasText: /\d/ }).waitFor();
    expect(await till.accessibilityViolations()).toEqual([]);
    await till.screenshot('quick-keys-weight-1024.png', testOutputDir);
    await dialog.getByTestId('measure-submit').click();
    await waitForAttribute(line(weighed), 'data-grams', '750');
    expect(await line(weighed).getByTestId('line-weight').textContent()).toMatch(/0,750 kg/);

    // Open price: the cashier types the amount (a plain field until the on-screen keypad plugs in).
    await tile(loose).click();
    await dialog.waitFor();
    await dialog.getByTestId('measure-input').fill('250');
    await dialog.getByTestId('measure-submit').click();
    await line(loose).waitFor();

    const total = 2 * unit.price + weighedPrice + 250;
    await till.waitForCount('cart-line', 3);
    expect((await till.byTestId('cart-total').textContent())?.replace(/\D/g, '')).toBe(String(total));
    await till.screenshot('quick-keys-cart-1024.png', testOutputDir);
    await till.page.setViewportSize({ width: 1366, height: 768 });
    await till.screenshot('quick-keys-cart-1366.png', testOutputDir);
    await till.byTestId('payment-mode-CASH').click();
    const toast = await till.finalizeSale();
    const number = /T\d\d-000001/.exec(toast)?.[0];
    expect(number).toBeDefined();

    const sale = await serverRow<{ id: string; total: string; subtotal: string }>(env, 'SELECT id, total::text AS total, subtotal::text AS subtotal FROM sales WHERE number = $1', [number]);
    expect(sale).toMatchObject({ total: String(total), subtotal: String(total) });
    const lines = await env.backend.dataSource.query<Array<{ product_id: string; quantity: number; unit_price: string; total: string; measure: unknown }>>(
      'SELECT product_id, quantity, unit_price::text AS unit_price, total::text AS total, measure FROM sale_lines WHERE sale_id = $1 ORDER BY line_no',
      [sale.id],
    );
    expect(lines).toEqual([
      { product_id: unit.id, quantity: 2, unit_price: String(unit.price), total: String(2 * unit.price), measure: null },
      { product_id: weighed.id, quantity: 1, unit_price: String(weighedPrice), total: String(weighedPrice), measure: { grams: 750, pricePerKg: weighed.price } },
      { product_id: loose.id, quantity: 1, unit_price: '250', total: '250', measure: null },
    ]);
  });

  it('keyboard shortcuts: F3 or * for the quantity, Suppr for the last line, F4/F5/F11 for the payment method, F10 for a discount', async () => {
    await tile(unit).click();
    await tile(loose).click();
    await till.byTestId('measure-dialog').getByTestId('measure-input').fill('100');
    await till.byTestId('measure-submit').click();
    await line(loose).waitFor();
    // F3: the last line's quantity, selected, so the number typed replaces it.
    await till.page.keyboard.press('F3');
    await till.page.keyboard.type('3');
    await till.page.keyboard.press('Enter');
    await waitForAttribute(line(loose), 'data-quantity', '3');
    // Suppr with the search empty: the last line goes.
    await till.byTestId('scan-input').focus();
    await till.page.keyboard.press('Delete');
    await line(loose).waitFor({ state: 'detached' });
    // * in the empty search: the (new) last line's quantity.
    await till.page.keyboard.press('*');
    await till.page.keyboard.type('4');
    await till.page.keyboard.press('Enter');
    await waitForAttribute(line(unit), 'data-quantity', '4');
    for (const [key, mode] of [
      ['F11', 'CARD'],
      ['F5', 'MOBILE_MONEY'],
      ['F4', 'CASH'],
    ] as const) {
      await till.page.keyboard.press(key);
      await waitForAttribute(till.byTestId(`payment-mode-${mode}`), 'aria-checked', 'true');
    }
    await till.page.keyboard.press('F10');
    await till.byTestId('sale-discount-input').waitFor();
    await till.byTestId('cart-clear').click();
  });

  it('looks right in French and English at 1024×768 and 1366×768', async () => {
    for (const [width, height] of [
      [1024, 768],
      [1366, 768],
    ] as const) {
      await till.page.setViewportSize({ width, height });
      await tile(unit).waitFor();
      await till.screenshot(`quick-keys-grid-fr-${width}.png`, testOutputDir);
    }
    await till.byTestId('lang-switch').click();
    await till.byTestId('quick-keys-tab').filter({ hasText: 'Comptoir' }).waitFor();
    await till.page.getByText('changes the last line’s quantity', { exact: false }).waitFor();
    for (const [width, height] of [
      [1024, 768],
      [1366, 768],
    ] as const) {
      await till.page.setViewportSize({ width, height });
      await till.screenshot(`quick-keys-grid-en-${width}.png`, testOutputDir);
    }
    expect(await till.accessibilityViolations()).toEqual([]);
    await till.byTestId('lang-switch').click();
  });
});
