import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { taxOf, type ReceiptDocument } from '@seri/shared';
import { receiptHtml } from '../../src/main/printing/receipt-html';
import { startShopEnv, testOutputDir, type ShellTerminal, type ShopEnv } from '../support/shop-env';
import { waitForAttribute } from '../support/terminal-driver';

jest.setTimeout(300_000);

const LEGAL = { legalName: 'Seri Démo SARL', taxNumber: '0012345 2G3', address: 'Rue 10 x Blaise Diagne, Médina, Dakar', phone: '+221 33 800 00 00' };
const AT = '0001700000000000-0000-server';
const VAT = { id: '0193a000-0000-7000-8000-000000000018', name: 'TVA 18 %', rateBp: 1800, archived: false, hlc: AT, updatedAt: '2025-01-01T00:00:00.000Z' };
const EXEMPT = { id: '0193a000-0000-7000-8000-000000000000', name: 'Exonéré', rateBp: 0, archived: false, hlc: AT, updatedAt: '2025-01-01T00:00:00.000Z' };

/**
 * Taxes at the till (issue #11 part 2), in the headless shell against the real backend: the
 * shop's rates in Paramètres → Taxes, a rate picked in the product form, a taxed sale whose
 * receipt (text and printable page) prints the breakdown per rate and the shop's legal
 * identity, accepted by the server's own arithmetic, and a Z report with the taxes per rate.
 */
describe('Taxes at the till: settings, product rate, receipt and Z report (headless shell, real backend)', () => {
  let env: ShopEnv;
  let till: ShellTerminal;
  let shelf: Array<{ id: string; barcode: string; name: string; price: number }>;
  const printed: ReceiptDocument[] = [];

  beforeAll(async () => {
    env = await startShopEnv('screens-taxes');
    till = await env.addTerminal('Caisse 1');
    shelf = (
      await env.backend.dataSource.query<Array<{ id: string; barcode: string; name: string; price: string }>>(
        `SELECT p.id, p.barcode, p.name, p.price FROM products p JOIN stock_levels l ON l.product_id = p.id
          WHERE p.barcode IS NOT NULL AND l.quantity >= 10 AND p.price BETWEEN 1000 AND 5000 ORDER BY p.sku LIMIT 2`,
      )
    ).map((row) => ({ ...row, price: Number(row.price) }));
    // What main is asked to print, to render the printable page Electron's print window loads.
    const core = till.terminal.core as unknown as { handle: (channel: string, payload: unknown, sender: unknown) => Promise<unknown> };
    const handle = core.handle.bind(core);
    core.handle = (channel, payload, sender) => {
      if (channel === 'receipt:print') printed.push((payload as { receipt: ReceiptDocument }).receipt);
      return handle(channel, payload, sender);
    };
  });

  afterAll(async () => {
    await env?.close();
  });

  async function shoot(name: string): Promise<void> {
    expect(await till.accessibilityViolations()).toEqual([]);
    for (const [width, height] of [[1024, 768], [1366, 768]] as const) {
      await till.page.setViewportSize({ width, height });
      await till.screenshot(`${name}-${width}x${height}.png`, testOutputDir);
    }
    await till.page.setViewportSize({ width: 1024, height: 768 });
  }

  /** The printable page of a receipt, as Electron's hidden print window loads it. */
  async function shootPage(receipt: ReceiptDocument, name: string): Promise<void> {
    const page = await till.page.context().newPage();
    await page.setViewportSize({ width: 420, height: 800 });
    await page.setContent(receiptHtml(receipt));
    await page.screenshot({ path: join(testOutputDir, `${name}.png`), fullPage: true });
    await page.close();
  }

  /**
   * The shop's tax settings and its default rate, as the back office sets them and the pull
   * brings them (PATCH /api/admin/shops/:id and the tax_rate feed, helper taxsrv): written into
   * the terminal's IndexedDB here, then the page reloads, as after a pull.
   */
  async function backOfficeTaxes(shopPatch: Record<string, unknown>, productRates: Record<string, string>): Promise<void> {
    await till.page.evaluate(
      async ({ patch, rates, products }) => {
        // In the page (DOM types are not in this Node project's lib): the IndexedDB API, typed as used.
        type Request<T> = { result: T; error: unknown; onsuccess: (() => void) | null; onerror: (() => void) | null };
        type Store = { get(key: string): Request<unknown>; put(value: unknown): void };
        type Transaction = { objectStore(name: string): Store; oncomplete: (() => void) | null; onerror: (() => void) | null; error: unknown };
        type Database = { transaction(names: string[], mode: 'readwrite'): Transaction; close(): void };
        const indexedDB = (globalThis as unknown as { indexedDB: { open(name: string): Request<Database> } }).indexedDB;
        const db = await new Promise<Database>((resolve, reject) => {
          const request = indexedDB.open('seri-pos');
          request.onsuccess = () => resolve(request.result);
          request.onerror = () => reject(new Error(String(request.error)));
        });
        const tx = db.transaction(['meta', 'taxRates', 'products'], 'readwrite');
        const read = <T,>(store: Store, key: string) =>
          new Promise<T>((resolve) => {
            const request = store.get(key);
            request.onsuccess = () => resolve(request.result as T);
          });
        const meta = tx.objectStore('meta');
        const current = await read<{ key: string; value: Record<string, unknown> }>(meta, 'shop');
        meta.put({ key: 'shop', value: { ...current.value, ...patch } });
        for (const rate of rates) tx.objectStore('taxRates').put({ ...rate, shopId: current.value.id });
        const catalogue = tx.objectStore('products');
        for (const [id, taxRateId] of Object.entries(products)) {
          const product = await read<Record<string, unknown>>(catalogue, id);
          catalogue.put({ ...product, taxRateId });
        }
        await new Promise<void>((resolve, reject) => {
          tx.oncomplete = () => resolve();
          tx.onerror = () => reject(new Error(String(tx.error)));
        });
        db.close();
      },
      { patch: shopPatch, rates: [VAT, EXEMPT], products: productRates },
    );
    await till.page.reload();
    await till.byTestId('login-user').first().waitFor({ timeout: 60_000 });
  }

  const productRow = (id: string) => till.page.locator(`[data-testid="product-row"][data-product-id="${id}"]`);

  async function openProduct(product: { id: string; barcode: string }): Promise<void> {
    await till.open('products');
    await till.byTestId('product-search').fill(product.barcode);
    await waitForAttribute(productRow(product.id), 'data-product-id', product.id);
    await productRow(product.id).getByTestId('product-open').click();
    await till.byTestId('product-edit').click();
    await till.byTestId('product-dialog').waitFor();
  }

  it('[I10] a taxed sale printed with its breakdown and accepted by the server, the Z with taxes, the rates in Settings and the product form', async () => {
    const demo = env.backend.demo!;
    const cashier = demo.cashiers[0]!;
    const [first, second] = shelf as [(typeof shelf)[number], (typeof shelf)[number]];
    await till.page.setViewportSize({ width: 1024, height: 768 });
    await till.enroll(till.link.url, demo.enrollmentCode);
    await till.byTestId('login-user').first().waitFor();
    // The first product has no rate of its own (the shop's default, 18 %); the second is exempt.
    await backOfficeTaxes({ ...LEGAL, pricesIncludeTax: true, defaultTaxRateId: VAT.id }, { [second.id]: EXEMPT.id });
    await till.login(cashier.name, cashier.pin);

    // Offline from here to the close (the till works without the server), then online.
    till.link.setOnline(false);
    // Open the till, then a sale: 2 × the first product and 1 × the second.
    await till.page.keyboard.press('F6');
    await till.byTestId('session-screen').waitFor();
    await till.byTestId('open-mode-amount').click();
    await till.byTestId('open-amount').fill('20000');
    await till.byTestId('session-open-submit').click();
    await till.toast(/Caisse ouverte/);
    await till.open('checkout');
    await till.scan(first.barcode);
    await till.scan(first.barcode);
    await till.scan(second.barcode);
    await till.waitForCount('cart-line', 2);
    await till.byTestId('cart-taxes').getByText(/dont TVA 18/).waitFor();
    await shoot('taxes-cart-fr');
    await till.page.keyboard.press('F9');
    await till.toast(/Vente enregistrée/);
    await till.byTestId('last-sale').waitFor();

    // The printed receipt (a text file in the shell) has the breakdown and the shop's identity.
    const receipts = join(dirname(till.terminal.core.queue.path), 'receipts');
    let text = '';
    for (let tries = 0; tries < 100 && text === ''; tries += 1) {
      text = await readFile(join(receipts, 'T01-000001.txt'), 'utf8').catch(() => '');
      if (text === '') await till.page.waitForTimeout(100);
    }
    const total = 2 * first.price + second.price;
    // 18 % inside 2 × the first price, split by the one definition (I10).
    const vat = taxOf(2 * first.price, 1800, true);
    const vatTax = vat.tax;
    const flat = text.replace(/[\s\u202f]/g, '');
    expect(text).toContain(LEGAL.legalName);
    expect(text).toContain(`NINEA/NCC : ${LEGAL.taxNumber}`);
    expect(text).toContain(LEGAL.address);
    expect(flat).toContain(`dontTVA18%(HT${2 * first.price - vatTax}FCFA)${vatTax}FCFA`);
    expect(flat).toContain(`dontExonéré0%(HT${second.price}FCFA)0FCFA`);
    expect(flat).toContain(`TOTAL${total}FCFA`);
    const sale = printed.find((receipt) => receipt.kind === 'SALE')!;
    await shootPage(sale, 'taxes-receipt-page-fr');
    await till.byTestId('last-sale-receipt').click();
    await till.byTestId('receipt-preview').getByText(/dont TVA 18/).waitFor();
    await shoot('taxes-receipt-fr');
    await till.page.keyboard.press('Escape');
    await till.byTestId('receipt-dialog').waitFor({ state: 'detached' });

    // Close the day: the Z report lists the taxes per rate.
    await till.page.keyboard.press('F6');
    await till.byTestId('session-screen').waitFor();
    await till.byTestId('close-mode-amount').click();
    await till.byTestId('close-amount').fill(String(20_000 + total));
    await till.byTestId('session-close-submit').click();
    const z = till.byTestId('receipt-preview');
    await z.getByText(/RAPPORT Z/).waitFor();
    const zText = ((await z.textContent()) ?? '').replace(/[\s\u202f]/g, '');
    expect(zText).toContain(`TVA18%baseHT${2 * first.price - vatTax}FCFA,taxe${vatTax}FCFA`);
    expect(zText).toContain(`Exonéré0%baseHT${second.price}FCFA,taxe0FCFA`);
    expect(zText).toContain(`NINEA/NCC:${LEGAL.taxNumber.replace(/\s/g, "")}`);
    await shoot('taxes-z-report-fr');
    const zDocument = printed.find((receipt) => receipt.kind === 'Z_REPORT')!;
    expect(zDocument.items.map((item) => item.name.replace(/\s/g, ' '))).toEqual(['TVA 18 %', 'Exonéré 0 %']);
    await shootPage(zDocument, 'taxes-z-report-page-fr');
    await till.page.keyboard.press('Escape');

    // The same receipt and Z in English (reprints), still offline.
    await till.open('settings');
    await till.choose('settings-language', 'en');
    await till.open('history');
    await till.byTestId('sale-row').first().click();
    await till.byTestId('sale-receipt').click();
    await till.byTestId('receipt-preview').getByText(/incl\. TVA 18/).waitFor();
    await shoot('taxes-receipt-en');
    await till.page.keyboard.press('Escape');
    await till.byTestId('receipt-dialog').waitFor({ state: 'detached' });
    await till.open('checkout');
    await till.page.keyboard.press('F6');
    await till.byTestId('session-screen').waitFor();
    await till.byTestId('session-reprint-z').click();
    await till.byTestId('receipt-preview').getByText(/Z REPORT|REPORT Z|Z T01/).waitFor();
    await shoot('taxes-z-report-en');
    await till.page.keyboard.press('Escape');
    await till.open('settings');
    await till.choose('settings-language', 'fr');

    // Online: the server takes the sale, its own check of the taxes (checkSaleArithmetic → saleTaxes) passed.
    till.link.setOnline(true);
    await till.syncNow();
    let rows: Array<{ total: string }> = [];
    for (let tries = 0; tries < 100 && rows.length === 0; tries += 1) {
      rows = await env.backend.dataSource.query(`SELECT total FROM sales WHERE number = 'T01-000001'`);
      if (rows.length === 0) await till.page.waitForTimeout(100);
    }
    expect(rows.map((row) => Number(row.total))).toEqual([total]);


    // Paramètres → Taxes: the back office's rates and settings; a manager adds a reduced rate.
    await till.open('settings');
    const taxes = till.byTestId('settings-taxes');
    await till.byTestId('tax-rate').getByText('TVA 18 %').waitFor();
    await till.byTestId('tax-rate-new').click();
    await till.byTestId('tax-rate-name').fill('TVA 10 %');
    await till.byTestId('tax-rate-percent').fill('10');
    await shoot('taxes-rate-dialog-fr');
    await till.byTestId('tax-rate-submit').click();
    await till.approve(demo.manager.name, demo.manager.pin);
    await till.toast(/Taux TVA 10 % ajouté/);
    await till.waitForCount('tax-rate', 3);
    expect(await till.byTestId('settings-prices-include-tax').textContent()).toMatch(/TTC/);
    await taxes.getByText(LEGAL.taxNumber).waitFor();
    await taxes.scrollIntoViewIfNeeded();
    await shoot('taxes-settings-fr');

    // The product form: a rate chosen with a finger (buttons ≥ 44 px), the shop's default first.
    await openProduct(first);
    await waitForAttribute(till.byTestId('product-tax-default'), 'aria-checked', 'true');
    const reduced = till.byTestId('product-tax-rate').getByRole('radio', { name: /TVA 10/ });
    expect((await reduced.boundingBox())?.height ?? 0).toBeGreaterThanOrEqual(44);
    await reduced.click();
    await waitForAttribute(reduced, 'aria-checked', 'true');
    await shoot('taxes-product-picker-fr');
    await till.page.keyboard.press('Escape');
    await till.byTestId('product-dialog').waitFor({ state: 'detached' });

    // English: the same screens.
    await till.open('settings');
    await till.choose('settings-language', 'en');
    await till.byTestId('settings-taxes').getByText('Tax number (NINEA / NCC)').waitFor();
    await till.byTestId('settings-taxes').scrollIntoViewIfNeeded();
    await shoot('taxes-settings-en');
    await openProduct(second);
    await till.byTestId('product-tax-rate').getByText("The shop's default rate").waitFor();
    await shoot('taxes-product-picker-en');
    await till.page.keyboard.press('Escape');
    await till.byTestId('product-dialog').waitFor({ state: 'detached' });
  });
});
