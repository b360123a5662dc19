import type { Locator } from 'playwright-core';
import { startShopEnv, testOutputDir, type ShellTerminal, type ShopEnv } from '../support/shop-env';
import { waitForAttribute } from '../support/terminal-driver';

interface ShelfProduct {
  id: string;
  name: string;
  sku: string;
  price: number;
}

jest.setTimeout(300_000);

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

const overlaps = (a: Box, b: Box): boolean => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

/**
 * A cashier with a touch screen and no physical keyboard: every PIN, count, quantity, cash
 * amount and refund quantity goes through the on-screen keypad (clicks only, never
 * page.keyboard), against the real backend.
 */
describe('Pavé numérique: a sale and a refund with the on-screen keypad alone (headless shell, real backend)', () => {
  let env: ShopEnv;
  let till: ShellTerminal;
  let product: ShelfProduct;

  beforeAll(async () => {
    env = await startShopEnv('screens-keypad');
    till = await env.addTerminal('Caisse 1');
    const [row] = await env.backend.dataSource.query<Array<{ id: string; name: string; sku: string; price: string }>>(
      `SELECT p.id, p.name, p.sku, p.price FROM products p JOIN stock_levels l ON l.product_id = p.id
        WHERE l.quantity >= 20 AND p.price BETWEEN 700 AND 3000 AND p.price % 1000 <> 0 ORDER BY p.sku LIMIT 1`,
    );
    product = { ...row!, price: Number(row!.price) };
  });

  afterAll(async () => {
    await env?.close();
  });

  async function shoot(name: string, mustShow: Locator[] = []): Promise<void> {
    expect(await till.accessibilityViolations()).toEqual([]);
    for (const [width, height] of [[1024, 768], [1366, 768]] as const) {
      await till.page.setViewportSize({ width, height });
      await till.screenshot(`${name}-${width}x${height}.png`, testOutputDir);
      // Every key of an open keypad is at least 64 × 64 px, and nothing it must leave visible is under it.
      const small: string[] = [];
      for (const key of await till.page.locator('.keypad__key').all()) {
        const box = await key.boundingBox();
        if (box && Math.min(box.width, box.height) < 64) small.push(`${await key.getAttribute('data-testid')} ${box.width}×${box.height}`);
      }
      expect(small).toEqual([]);
      for (const pad of await till.page.locator('.checkout-keypad').all()) {
        const padBox = (await pad.boundingBox())!;
        for (const shown of mustShow) {
          const box = (await shown.boundingBox())!;
          expect(overlaps(padBox, box)).toBe(false);
          expect(box.y + box.height).toBeLessThanOrEqual(height);
        }
      }
    }
    await till.page.setViewportSize({ width: 1024, height: 768 });
  }

  const line = () => till.page.locator(`[data-testid="cart-line"][data-product-id="${product.id}"]`);

  it('logs in, opens the till, sells 3 with quick cash and refunds 1, all on the keypad; the server has the sale and the refund', async () => {
    const demo = env.backend.demo!;
    const cashier = demo.cashiers[0]!;
    await till.page.setViewportSize({ width: 1024, height: 768 });
    await till.enroll(till.link.url, demo.enrollmentCode);

    // Log in: the name, then the PIN on the keypad; the field shows dots, OK logs in.
    await till.byTestId('login-user').filter({ hasText: cashier.name }).click();
    await till.tap('login-pin-keypad', cashier.pin.slice(0, -1), false);
    await till.byTestId('login-pin-keypad-key-back').click();
    await till.tap('login-pin-keypad', cashier.pin.slice(-2), false);
    expect(await till.byTestId('login-pin').inputValue()).toBe(cashier.pin);
    await shoot('keypad-login');
    await till.byTestId('login-pin-keypad-enter').click();
    await till.byTestId('scan-input').waitFor();
    await till.waitForDot('green');

    // Open the session: 2 × 10 000 (OK goes on to 5 000), 1 × 5 000.
    await till.byTestId('session-bar-open').click();
    await till.byTestId('session-screen').waitFor();
    await till.tap('open-keypad', '2');
    await till.tap('open-keypad', '1', false);
    await till.byTestId('open-total').getByText(/25\s000/).waitFor();
    expect(await till.byTestId('open-N5000').inputValue()).toBe('1');
    await shoot('keypad-session-open');
    await till.byTestId('session-open-submit').click();
    await till.toast(/Caisse ouverte avec un fond de 25/);
    await waitForAttribute(till.byTestId('session-bar'), 'data-open', 'true');

    // The product from its search result (a click), then 3 on the keypad for its quantity.
    await till.byTestId('scan-input').fill(product.sku);
    await till.page.locator(`[data-testid="product-result"][data-product-id="${product.id}"]`).click();
    await line().waitFor();
    await line().getByTestId('cart-quantity').click();
    await waitForAttribute(till.byTestId('checkout-keypad-panel'), 'data-target', 'quantity');
    await till.tap('checkout-keypad', '3');
    await waitForAttribute(line(), 'data-quantity', '3');
    const total = 3 * product.price;

    // Cash received: the keypad with the quick-cash keys, the next 5 000 note above the total.
    await till.byTestId('tendered-input').click();
    await waitForAttribute(till.byTestId('checkout-keypad-panel'), 'data-target', 'tendered');
    const received = Math.ceil(total / 5000) * 5000;
    await till.page.locator(`[data-testid="checkout-keypad-quick"][data-value="${received}"]`).click();
    expect(Number((await till.byTestId('tendered-input').inputValue()).replace(/\D/g, ''))).toBe(received);
    expect((await till.byTestId('change-due').textContent())!.replace(/\D/g, '')).toBe(String(received - total));
    await shoot('keypad-checkout-cash', [till.byTestId('cart-total'), till.byTestId('finalize-sale')]);
    // Typed instead: clear, then the amount in thousands (000 key), and the change follows.
    await till.byTestId('checkout-keypad-key-clear').click();
    await till.tap('checkout-keypad', String(received / 1000), false);
    await till.byTestId('checkout-keypad-key-000').click();
    expect(Number(await till.byTestId('tendered-input').inputValue())).toBe(received);
    await till.byTestId('checkout-keypad-enter').click();
    await till.byTestId('checkout-keypad-panel').waitFor({ state: 'detached' });

    await till.byTestId('finalize-sale').click();
    await till.toast(/Vente enregistrée/);
    expect((await till.byTestId('last-sale-change').textContent())!.replace(/\D/g, '')).toBe(String(received - total));
    await till.syncNow();
    await till.waitForDot('green');
    const [sale] = await env.backend.dataSource.query<Array<{ number: string; total: string; payments: unknown }>>('SELECT number, total, payments FROM sales');
    expect(Number(sale!.total)).toBe(total);
    expect(sale!.payments).toEqual([{ method: 'CASH', amount: total, tendered: received }]);

    // Refund 1 of the 3: the keypad for the line, a reason by a tap, the manager's PIN on the keypad.
    await till.open('history');
    await till.page.locator('[data-testid="sale-row"]').filter({ hasText: sale!.number }).click();
    await till.byTestId('sale-refund').click();
    const dialog = till.byTestId('refund-dialog');
    await dialog.waitFor();
    await till.tap('refund-keypad', '5', false); // more than was sold: held at 3
    expect(await dialog.getByTestId('refund-quantity').inputValue()).toBe('3');
    await till.tap('refund-keypad', '1', false); // a new key past the limit starts afresh
    expect(await dialog.getByTestId('refund-quantity').inputValue()).toBe('1');
    await dialog.getByTestId('refund-reason-preset').first().click();
    expect(await dialog.getByTestId('refund-reason').inputValue()).toBe('Article défectueux');
    expect((await dialog.getByTestId('refund-amount').textContent())!.replace(/\D/g, '')).toBe(String(product.price));
    await shoot('keypad-refund');
    await dialog.getByTestId('refund-submit').click();
    const approval = till.byTestId('approval-dialog');
    await approval.waitFor();
    await approval.getByTestId('approval-user').filter({ hasText: demo.manager.name }).click();
    await till.tap('approval-pin-keypad', demo.manager.pin, false);
    await shoot('keypad-approval');
    await till.byTestId('approval-pin-keypad-enter').click();
    await approval.waitFor({ state: 'detached' });
    await till.toast(/remboursés sur la vente/);
    await till.syncNow();
    await till.page.locator('[data-testid="refund-row"][data-sync-state="synced"]').waitFor({ timeout: 60_000 });
    const refunds = await env.backend.dataSource.query<Array<{ total: string; reason: string }>>('SELECT total, reason FROM sale_refunds');
    expect(refunds.map((refund) => [Number(refund.total), refund.reason])).toEqual([[product.price, 'Article défectueux']]);
  });

  it('in English: the same keypads on the lock screen, the checkout, the close count and the refund', async () => {
    const cashier = env.backend.demo!.cashiers[0]!;
    await till.byTestId('lang-switch').click();
    await till.open('checkout');
    await till.byTestId('scan-input').fill(product.sku);
    await till.page.locator(`[data-testid="product-result"][data-product-id="${product.id}"]`).click();
    await line().getByTestId('cart-quantity').click();
    await till.tap('checkout-keypad', '2');
    await waitForAttribute(line(), 'data-quantity', '2');
    await till.byTestId('tendered-input').click();
    await till.byTestId('checkout-keypad-quick').nth(1).click();
    await shoot('keypad-checkout-cash-en', [till.byTestId('cart-total'), till.byTestId('finalize-sale')]);
    await line().getByTestId('cart-quantity').click();
    await shoot('keypad-checkout-quantity-en', [till.byTestId('cart-total'), till.byTestId('finalize-sale')]);

    await till.lock();
    await shoot('keypad-lock-en');
    await till.tap('login-pin-keypad', cashier.pin);
    await till.byTestId('lock-screen').waitFor({ state: 'detached' });
    await till.byTestId('finalize-sale').click();
    await till.toast(/Sale recorded/);

    await till.byTestId('session-bar-open').click();
    await till.byTestId('session-screen').waitFor();
    await till.byTestId('close-mode-amount').click();
    await till.tap('close-keypad', '3', false);
    await till.byTestId('close-keypad-key-000').click();
    expect(await till.byTestId('close-amount').inputValue()).toBe('3000');
    await shoot('keypad-session-close-en');
    await till.byTestId('close-mode-grid').click();
    await till.byTestId('close-N2000').click();
    await till.tap('close-keypad', '4', false);
    expect(await till.byTestId('close-N2000').inputValue()).toBe('4');
    await shoot('keypad-session-close-grid-en');

    await till.open('history');
    await till.page.locator('[data-testid="sale-row"]').first().click();
    await till.byTestId('sale-refund').click();
    await till.byTestId('refund-dialog').waitFor();
    await till.tap('refund-keypad', '1', false);
    await shoot('keypad-refund-en');
    await till.byTestId('refund-dialog').getByRole('button', { name: 'Cancel' }).click();
  });
});
