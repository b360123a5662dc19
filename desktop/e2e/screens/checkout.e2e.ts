import { readFile, readdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { startShopEnv, testOutputDir, type ShellTerminal, type ShopEnv } from '../support/shop-env';
import { waitForAttribute } from '../support/terminal-driver';

interface ShelfProduct {
  id: string;
  name: string;
  sku: string;
  barcode: string;
  price: number;
}

jest.setTimeout(240_000);

/** "Caisse" driven as a cashier would, with a manager approving a big discount, against the real backend. */
describe('Caisse: scanner, search, cart, discounts, payments, receipts', () => {
  let env: ShopEnv;
  let till: ShellTerminal;
  let shelf: ShelfProduct[];

  beforeAll(async () => {
    env = await startShopEnv('screens-checkout');
    till = await env.addTerminal('Caisse 1');
    shelf = (
      await env.backend.dataSource.query<Array<{ id: string; name: string; sku: string; barcode: string; price: string }>>(
        `SELECT p.id, p.name, p.sku, p.barcode, p.price FROM products p JOIN stock_levels l ON l.product_id = p.id
          WHERE p.barcode IS NOT NULL AND l.quantity >= 10 AND p.price BETWEEN 1000 AND 20000 ORDER BY p.sku LIMIT 4`,
      )
    ).map((row) => ({ ...row, price: Number(row.price) }));
  });

  afterAll(async () => {
    await env?.close();
  });

  const line = (product: ShelfProduct) => till.page.locator(`[data-testid="cart-line"][data-product-id="${product.id}"]`);
  const receiptsDir = () => join(dirname(till.terminal.core.queue.path), 'receipts');

  it('sells as a cashier: scans wherever the focus is, searches by SKU, edits the cart, takes cash and prints the receipt', async () => {
    const demo = env.backend.demo!;
    const cashier = demo.cashiers[0]!;
    const [first, second, third] = shelf as [ShelfProduct, ShelfProduct, ShelfProduct];
    await till.enroll(till.link.url, demo.enrollmentCode);
    await till.login(cashier.name, cashier.pin);
    await till.waitForDot('green');
    expect(await till.accessibilityViolations()).toEqual([]);
    await till.screenshot('checkout-empty.png', testOutputDir);

    // The scanner into the scan field, twice the same article.
    await till.scan(first.barcode);
    await till.scan(first.barcode);
    await waitForAttribute(line(first), 'data-quantity', '2');

    // The focus is in the cash field: the scan still goes to the cart, and the field keeps its text.
    await till.byTestId('tendered-input').fill('5');
    await till.byTestId('tendered-input').focus();
    await till.scanAnywhere(second.barcode);
    await line(second).waitFor();
    expect(await till.byTestId('tendered-input').inputValue()).toBe('5');
    await till.byTestId('tendered-input').fill('');

    // Search by SKU (typed, not scanned), Enter takes the best match.
    await till.byTestId('scan-input').fill(third.sku);
    await till.page.locator(`[data-testid="product-result"][data-product-id="${third.id}"]`).waitFor();
    await till.byTestId('scan-input').press('Enter');
    await line(third).waitFor();

    // Quantity typed, a line removed, a small discount that needs nobody's approval.
    await line(first).getByTestId('cart-quantity').fill('3');
    await line(first).getByTestId('cart-quantity').press('Enter');
    await waitForAttribute(line(first), 'data-quantity', '3');
    await line(third).getByTestId('cart-remove').click();
    await line(third).waitFor({ state: 'detached' });
    await line(first).getByTestId('line-discount-toggle').click();
    await line(first).getByTestId('line-discount-input').fill('100');
    await line(first).getByTestId('line-discount-input').press('Enter');
    await waitForAttribute(line(first), 'data-discount', '100');
    expect(await till.byTestId('approval-dialog').count()).toBe(0);

    const total = 3 * first.price - 100 + second.price;
    await till.byTestId('tendered-input').fill(String(total + 1000));
    await till.page.getByTestId('change-due').filter({ hasText: /1\s000/ }).waitFor();
    expect(await till.accessibilityViolations()).toEqual([]);
    await till.screenshot('checkout-cart.png', testOutputDir);

    const toast = await till.finalizeSale();
    expect(toast).toContain('T01-000001');
    await till.byTestId('last-sale').waitFor();
    expect(await till.byTestId('last-sale-change').textContent()).toMatch(/1\s000/);
    expect(await till.byTestId('cart-line').count()).toBe(0);

    // Printed by main (in the shell, a file under the terminal's folder), then previewed and printed again.
    await expect(readdir(receiptsDir())).resolves.toContain('T01-000001.txt');
    const printed = await readFile(join(receiptsDir(), 'T01-000001.txt'), 'utf8');
    expect(printed).toContain('Ticket T01-000001');
    expect(printed).toContain(first.name.slice(0, 20));
    await till.byTestId('last-sale-receipt').click();
    await till.byTestId('receipt-preview').waitFor();
    const preview = (await till.byTestId('receipt-preview').textContent()) ?? '';
    // The original went out automatically: what the preview offers is the duplicate, line for line.
    expect(preview.replace(/^ *\*\*\* DUPLICATA \*\*\*\n/m, '')).toBe(printed);
    expect(await till.accessibilityViolations()).toEqual([]);
    await till.screenshot('checkout-receipt-preview.png', testOutputDir);
    await till.byTestId('receipt-print').click();
    await till.toast(/imprimante/);
    await till.byTestId('receipt-close').click();
    await expect(readFile(join(receiptsDir(), 'T01-000001.copy-2.txt'), 'utf8')).resolves.toBe(preview);
    await till.screenshot('checkout-sale-recorded.png', testOutputDir);
  });

  it('needs a manager PIN for a discount above the threshold, and takes mobile money, card and split payments', async () => {
    const demo = env.backend.demo!;
    const [first, second, , fourth] = shelf as [ShelfProduct, ShelfProduct, ShelfProduct, ShelfProduct];

    // A 20 % discount on the sale: above the 10 % a cashier may give alone.
    await till.scan(first.barcode);
    await line(first).waitFor();
    await till.byTestId('sale-discount-toggle').click();
    await till.byTestId('sale-discount-input').fill('20%');
    await till.byTestId('sale-discount-input').press('Enter');
    const dialog = till.byTestId('approval-dialog');
    await dialog.waitFor();
    expect(await till.byTestId('approval-summary').textContent()).toContain('Remise');
    await dialog.getByTestId('approval-user').filter({ hasText: demo.manager.name }).click();
    await dialog.getByTestId('approval-pin').fill('0000');
    await dialog.getByTestId('approval-submit').click();
    expect(await dialog.getByTestId('approval-error').textContent()).toMatch(/^PIN incorrect : encore \d essais? avant le blocage\.$/);
    expect(await till.accessibilityViolations()).toEqual([]);
    await till.screenshot('checkout-discount-approval.png', testOutputDir);
    await dialog.getByTestId('approval-pin').fill(demo.manager.pin);
    await dialog.getByTestId('approval-submit').click();
    await dialog.waitFor({ state: 'detached' });
    const discounted = first.price - Math.round(first.price * 0.2);
    await till.page.getByTestId('sale-discount').waitFor();

    // Mobile money: the reference is required; F9 finalizes from the keyboard.
    await till.byTestId('payment-mode-MOBILE_MONEY').click();
    expect(await till.byTestId('finalize-sale').isDisabled()).toBe(true);
    await till.byTestId('payment-reference').fill('OM-20250601-0042');
    await till.page.keyboard.press('F9');
    await till.toast('T01-000002');

    // Card.
    await till.scan(second.barcode);
    await line(second).waitFor();
    await till.byTestId('payment-mode-CARD').click();
    await till.byTestId('finalize-sale').click();
    await till.toast('T01-000003');

    // Split: part cash, part mobile money. Change comes only from cash and never for a split with
    // mobile money (I10): 2 000 cash against a 1 000 cash part is refused at the till.
    await till.scan(fourth.barcode);
    await till.scan(second.barcode);
    await line(second).waitFor();
    const splitTotal = fourth.price + second.price;
    await till.byTestId('payment-mode-SPLIT').click();
    const rows = till.byTestId('split-row');
    await rows.nth(1).getByTestId('split-amount').fill(String(splitTotal - 1000));
    await rows.nth(1).getByTestId('split-reference').fill('WAVE-77');
    await rows.nth(0).getByTestId('split-amount').fill('2000');
    await till.page.locator('[data-testid="finalize-sale"]:disabled').waitFor();
    await rows.nth(0).getByTestId('split-amount').fill('1000');
    await till.page.locator('[data-testid="finalize-sale"]:enabled').waitFor();
    expect(await till.accessibilityViolations()).toEqual([]);
    await till.screenshot('checkout-split-payment.png', testOutputDir);
    await till.byTestId('finalize-sale').click();
    await till.toast('T01-000004');

    // All four reach PostgreSQL, numbered without gaps, with their payments.
    await till.syncNow();
    await till.waitForDot('green');
    const sales = await env.backend.dataSource.query<Array<{ number: string; total: string; discount: string; payments: Array<{ method: string; amount: number; tendered?: number; reference?: string }> }>>(
      `SELECT number, total, discount, payments FROM sales ORDER BY number`,
    );
    expect(sales.map((sale) => sale.number)).toEqual(['T01-000001', 'T01-000002', 'T01-000003', 'T01-000004']);
    expect(sales[0]!.payments).toEqual([{ method: 'CASH', amount: 3 * first.price - 100 + second.price, tendered: 3 * first.price - 100 + second.price + 1000 }]);
    expect(Number(sales[1]!.total)).toBe(discounted);
    expect(sales[1]!.payments).toEqual([{ method: 'MOBILE_MONEY', amount: discounted, reference: 'OM-20250601-0042' }]);
    expect(sales[2]!.payments).toEqual([{ method: 'CARD', amount: second.price }]);
    expect(sales[3]!.payments).toEqual([
      { method: 'CASH', amount: 1000 },
      { method: 'MOBILE_MONEY', amount: splitTotal - 1000, reference: 'WAVE-77' },
    ]);
  });
});
