import { weighedLinePrice } from '@seri/shared';
import { serverRow, setPricing, startShopEnv, testOutputDir, type ShellTerminal, type ShopEnv } from '../support/shop-env';
import { waitForAttribute } from '../support/terminal-driver';

jest.setTimeout(300_000);

interface Shelf {
  id: string;
  name: string;
  price: number;
  category: string;
}

/**
 * A counter with a touch screen and no physical keyboard (issue #15): after enrollment (IT's
 * job), every step of a sale is a tap — the PIN, the float, items from the quick keys (one by
 * the unit, one weighed, one at an open price, their weight and price on the keypad), a
 * quantity, the cash received — and the server has the sale as the till showed it.
 */
describe('Caisse tactile: a sale with the quick keys and the keypad alone', () => {
  let env: ShopEnv;
  let till: ShellTerminal;
  let unit: Shelf;
  let weighed: Shelf;
  let loose: Shelf;

  beforeAll(async () => {
    env = await startShopEnv('screens-touch-sale');
    // Three products of one category, so one quick-key tab holds them all.
    const rows = await env.backend.dataSource.query<Array<{ id: string; name: string; price: string; category: string }>>(
      `SELECT id, name, price::text AS price, category FROM (
         SELECT p.id, p.name, p.price, p.category, p.sku, count(*) OVER (PARTITION BY p.category) AS n
           FROM products p JOIN stock_levels l ON l.product_id = p.id
          WHERE l.quantity >= 10 AND p.price BETWEEN 500 AND 5000 AND p.category IS NOT NULL) t
        WHERE n >= 3 ORDER BY category, sku LIMIT 3`,
    );
    [unit, weighed, loose] = rows.map((row) => ({ ...row, price: Number(row.price) })) as [Shelf, Shelf, Shelf];
    expect(new Set(rows.map((row) => row.category)).size).toBe(1);
    // The manager's office till marks one product sold by weight, one at an open price.
    await setPricing(env, [
      { id: weighed.id, pricing: 'WEIGHT' },
      { id: loose.id, pricing: 'OPEN' },
    ]);
    till = await env.addTerminal('Caisse 1');
  });

  afterAll(async () => {
    await env?.close();
  });

  async function shoot(name: string): Promise<void> {
    expect(await till.accessibilityViolations()).toEqual([]);
    await till.screenshot(`touch-sale-${name}-1024x768.png`, testOutputDir);
  }

  const tile = (product: Shelf) => till.page.locator(`[data-testid="quick-key"][data-product-id="${product.id}"]`);
  const line = (product: Shelf) => till.page.locator(`[data-testid="cart-line"][data-product-id="${product.id}"]`);
  const digitsOf = async (testId: string): Promise<string> => ((await till.byTestId(testId).textContent()) ?? '').replace(/\D/g, '');

  it('logs in, opens the till, rings up three quick-key items with a weight, a price and a quantity on the keypad, takes cash and finalises: the server has it', async () => {
    const demo = env.backend.demo!;
    const cashier = demo.cashiers[0]!;
    await till.page.setViewportSize({ width: 1024, height: 768 });
    await till.enroll(till.link.url, demo.enrollmentCode);
    // From here on, taps only: no page.keyboard, no fill.
    await till.byTestId('login-user').filter({ hasText: cashier.name }).click();
    await till.tap('login-pin-keypad', cashier.pin);
    await till.byTestId('scan-input').waitFor();
    await till.waitForDot('green');

    // The float: 1 × 10 000 on the denomination grid's keypad.
    await till.byTestId('session-bar-open').click();
    await till.byTestId('session-screen').waitFor();
    await till.tap('open-keypad', '1');
    await till.byTestId('open-total').getByText(/10\s000/).waitFor();
    await till.byTestId('session-open-submit').click();
    await waitForAttribute(till.byTestId('session-bar'), 'data-open', 'true');

    // The category's tab, then its tiles.
    await till.byTestId('quick-keys-category').filter({ hasText: unit.category }).first().click();
    await tile(unit).click();
    await line(unit).waitFor();
    await shoot('tiles');

    // Weighed: 750 g typed on the weight dialog's keypad; the price follows as it is typed.
    await tile(weighed).click();
    const dialog = till.byTestId('measure-dialog');
    await dialog.waitFor();
    await till.tap('measure-keypad', '750', false);
    expect(await dialog.getByTestId('measure-input').inputValue()).toBe('750');
    const weighedPrice = weighedLinePrice(weighed.price, 750);
    expect(await digitsOf('measure-price')).toBe(String(weighedPrice));
    await shoot('weight');
    await till.byTestId('measure-keypad-enter').click();
    await dialog.waitFor({ state: 'detached' });
    await waitForAttribute(line(weighed), 'data-grams', '750');

    // Open price: 1 250 F on the keypad (1, 2, 5, 0), a mistake corrected with ⌫ first.
    await tile(loose).click();
    await dialog.waitFor();
    await till.tap('measure-keypad', '19', false);
    await till.byTestId('measure-keypad-key-back').click(); // "1" left
    await till.tap('measure-keypad', '250', false);
    expect(await digitsOf('measure-price')).toBe('1250');
    await shoot('open-price');
    await till.byTestId('measure-keypad-enter').click();
    await dialog.waitFor({ state: 'detached' });
    await line(loose).waitFor();

    // The unit item's quantity: 3 on the checkout keypad.
    await line(unit).getByTestId('cart-quantity').click();
    await waitForAttribute(till.byTestId('checkout-keypad-panel'), 'data-target', 'quantity');
    await till.tap('checkout-keypad', '3');
    await waitForAttribute(line(unit), 'data-quantity', '3');
    const total = 3 * unit.price + weighedPrice + 1250;
    expect(await digitsOf('cart-total')).toBe(String(total));

    // Cash received: the next 5 000 note above the total, from the quick-cash keys.
    await till.byTestId('payment-mode-CASH').click();
    await till.byTestId('tendered-input').click();
    await waitForAttribute(till.byTestId('checkout-keypad-panel'), 'data-target', 'tendered');
    const received = Math.ceil(total / 5000) * 5000 === total ? total + 5000 : Math.ceil(total / 5000) * 5000;
    await till.page.locator(`[data-testid="checkout-keypad-quick"][data-value="${received}"]`).click();
    expect(await digitsOf('change-due')).toBe(String(received - total));
    await shoot('cash');
    // The finalize button stays in sight beside the open keypad (1024×768).
    const finalize = (await till.byTestId('finalize-sale').boundingBox())!;
    expect(finalize.y + finalize.height).toBeLessThanOrEqual(768);
    await till.byTestId('checkout-keypad-enter').click();
    await till.byTestId('checkout-keypad-panel').waitFor({ state: 'detached' });
    await till.byTestId('finalize-sale').click();
    await till.toast(/Vente enregistrée/);
    expect((await till.byTestId('last-sale-change').textContent())!.replace(/\D/g, '')).toBe(String(received - total));
    await shoot('sold');

    // The server: the sale, its three lines with the weight, and the cash with its change.
    await till.byTestId('sync-now').click();
    await till.waitForDot('green');
    const sale = await serverRow<{ id: string; total: string; payments: unknown }>(env, 'SELECT id, total::text AS total, payments FROM sales');
    expect([sale.total, sale.payments]).toEqual([String(total), [{ method: 'CASH', amount: total, tendered: received }]]);
    expect(await env.backend.dataSource.query('SELECT id FROM sales')).toHaveLength(1);
    const lines = await env.backend.dataSource.query<Array<{ product_id: string; quantity: number; total: string; measure: unknown }>>(
      'SELECT product_id, quantity, total::text AS total, measure FROM sale_lines WHERE sale_id = $1 ORDER BY line_no',
      [sale.id],
    );
    expect(lines).toEqual([
      { product_id: unit.id, quantity: 3, total: String(3 * unit.price), measure: null },
      { product_id: weighed.id, quantity: 1, total: String(weighedPrice), measure: { grams: 750, pricePerKg: weighed.price } },
      { product_id: loose.id, quantity: 1, total: '1250', measure: null },
    ]);
  });
});
