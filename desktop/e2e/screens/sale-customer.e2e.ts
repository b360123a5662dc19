import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { startShopEnv, testOutputDir, type ShellTerminal, type ShopEnv } from '../support/shop-env';

interface ShelfProduct {
  id: string;
  barcode: string;
  price: number;
}

jest.setTimeout(240_000);

const CUSTOMER = { name: 'Aïssatou Ba', phone: '+221 77 123 45 67' };

/** An optional customer on a sale (issue #15): taken at the till, printed, synced, found again in the history. */
describe('Client de la vente: taken at the till, on the receipt, found in the history', () => {
  let env: ShopEnv;
  let till: ShellTerminal;
  let product: ShelfProduct;

  beforeAll(async () => {
    env = await startShopEnv('screens-sale-customer');
    till = await env.addTerminal('Caisse 1');
    const [row] = await env.backend.dataSource.query<Array<{ id: string; barcode: string; price: string }>>(
      `SELECT p.id, p.barcode, p.price FROM products p JOIN stock_levels l ON l.product_id = p.id
        WHERE p.barcode IS NOT NULL AND l.quantity >= 10 ORDER BY p.sku LIMIT 1`,
    );
    product = { ...row!, price: Number(row!.price) };
  });

  afterAll(async () => {
    await env?.close();
  });

  const receipts = () => join(dirname(till.terminal.core.queue.path), 'receipts');

  async function shoot(name: string): Promise<void> {
    for (const size of [
      { width: 1024, height: 768 },
      { width: 1366, height: 768 },
    ]) {
      await till.page.setViewportSize(size);
      await till.screenshot(`${name}-${size.width}x${size.height}.png`, testOutputDir);
    }
    await till.page.setViewportSize({ width: 1280, height: 800 });
  }

  it('refuses a phone that is not one, then keeps the customer on the sale and prints it on the receipt', async () => {
    const demo = env.backend.demo!;
    await till.enroll(till.link.url, demo.enrollmentCode);
    await till.login(demo.cashiers[0]!.name, demo.cashiers[0]!.pin);
    await till.waitForDot('green');
    await till.scan(product.barcode);
    await till.page.locator(`[data-testid="cart-line"][data-product-id="${product.id}"]`).waitFor();

    await till.byTestId('sale-customer-open').click();
    const dialog = till.byTestId('customer-dialog');
    await dialog.waitFor();
    await till.byTestId('customer-name').fill(CUSTOMER.name);
    await till.byTestId('customer-phone').fill('appelez-moi');
    await till.byTestId('customer-submit').click();
    expect(await till.byTestId('customer-error').textContent()).toBe('Téléphone invalide : de 4 à 32 chiffres, espaces ou + ( ) . -');
    expect(await till.byTestId('sale-customer').count()).toBe(0);
    expect(await till.accessibilityViolations()).toEqual([]);
    await shoot('checkout-customer-dialog');

    await till.byTestId('customer-phone').fill(CUSTOMER.phone);
    await till.byTestId('customer-submit').click();
    await dialog.waitFor({ state: 'detached' });
    expect(await till.byTestId('sale-customer').textContent()).toBe(`Client : ${CUSTOMER.name} · ${CUSTOMER.phone}`);
    expect(await till.accessibilityViolations()).toEqual([]);
    await shoot('checkout-customer');

    const toast = await till.finalizeSale();
    const number = /T01-\d{6}/.exec(toast)?.[0] ?? '';
    expect(number).toBe('T01-000001');
    // The next customer starts with nobody on the sale.
    expect(await till.byTestId('sale-customer').count()).toBe(0);
    // Printed right after the sale is saved, by main (the shell writes a file).
    const receiptFile = join(receipts(), `${number}.txt`);
    for (let tries = 0; tries < 200 && !existsSync(receiptFile); tries += 1) await till.page.waitForTimeout(50);
    await expect(readFile(receiptFile, 'utf8')).resolves.toContain(`Client : ${CUSTOMER.name} · ${CUSTOMER.phone}`);

    // A second sale with no customer; both reach the server, which takes the sale op with its customer.
    await till.scan(product.barcode);
    await till.page.locator(`[data-testid="cart-line"][data-product-id="${product.id}"]`).waitFor();
    await till.finalizeSale();
    await till.syncNow();
    await till.waitForDot('green');
  });

  it('finds the sale in the history by the customer name (any case, any accent) or by the phone digits', async () => {
    await till.open('history');
    await till.waitForCount('sale-row', 2);
    await till.byTestId('history-customer').fill('aissatou');
    await till.waitForCount('sale-row', 1);
    expect(await till.byTestId('sale-row').textContent()).toContain('T01-000001');
    await till.byTestId('history-customer').fill('77 1234');
    await till.waitForCount('sale-row', 1);
    await till.byTestId('history-customer').fill('ba aïssatou');
    await till.waitForCount('sale-row', 1);
    await till.byTestId('sale-row').click();
    expect(await till.byTestId('sale-customer-detail').textContent()).toContain(`Client : ${CUSTOMER.name} · ${CUSTOMER.phone}`);
    expect(await till.accessibilityViolations()).toEqual([]);
    await shoot('history-customer');
    await till.byTestId('history-customer').fill('Diallo');
    await till.byTestId('history-empty').waitFor();
    await till.byTestId('history-customer').fill('');
    await till.waitForCount('sale-row', 2);
  });

  it('speaks English too', async () => {
    await till.open('settings');
    await till.choose('settings-language', 'en');
    await till.open('checkout');
    await till.scan(product.barcode);
    await till.page.locator(`[data-testid="cart-line"][data-product-id="${product.id}"]`).waitFor();
    await till.byTestId('sale-customer-open').click();
    await till.byTestId('customer-dialog').waitFor();
    expect(await till.byTestId('customer-dialog').textContent()).toContain('Customer of the sale');
    await shoot('checkout-customer-dialog-en');
    await till.byTestId('customer-name').fill('Moussa');
    await till.byTestId('customer-submit').click();
    expect(await till.byTestId('sale-customer').textContent()).toBe('Customer: Moussa');
    await till.open('history');
    await till.byTestId('history-customer').fill('aissatou');
    await till.waitForCount('sale-row', 1);
    await till.byTestId('sale-row').click();
    await shoot('history-customer-en');
  });
});
