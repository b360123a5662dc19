import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isValidEan13 } from '@seri/shared';
import { decodeEan13, modulesFromBars } from '../../test/renderer/support/ean13-decode';
import { startShopEnv, testOutputDir, type ShellTerminal, type ShopEnv } from '../support/shop-env';
import { waitForAttribute } from '../support/terminal-driver';

interface ShelfProduct {
  id: string;
  name: string;
  barcode: string;
  price: number;
}

jest.setTimeout(240_000);

/** What one label's SVG says and draws, read in the page. */
interface DrawnBarcode {
  symbology: string | null;
  code: string | null;
  quietLeft: number;
  bars: Array<{ x: number; width: number }>;
}

/** Barcode label sheets (issue #15): chosen on the products screen, A4 pages of EAN-13 labels, printed. */
describe('Étiquettes: a sheet of EAN-13 labels from the products screen, printed', () => {
  let env: ShopEnv;
  let till: ShellTerminal;
  let shelf: ShelfProduct[];

  beforeAll(async () => {
    env = await startShopEnv('screens-labels');
    till = await env.addTerminal('Caisse 1');
    shelf = (
      await env.backend.dataSource.query<Array<{ id: string; name: string; barcode: string; price: string }>>(
        `SELECT id, name, barcode, price FROM products WHERE barcode IS NOT NULL ORDER BY sku LIMIT 2`,
      )
    ).map((row) => ({ ...row, price: Number(row.price) }));
  });

  afterAll(async () => {
    await env?.close();
  });

  const entry = (product: ShelfProduct) => till.page.locator(`[data-testid="labels-entry"][data-product-id="${product.id}"]`);

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

  it('builds 25 labels on two A4 sheets, each with the name, the price and an EAN-13 that decodes to the product barcode', async () => {
    const demo = env.backend.demo!;
    const [first, second] = shelf as [ShelfProduct, ShelfProduct];
    await till.enroll(till.link.url, demo.enrollmentCode);
    await till.login(demo.manager.name, demo.manager.pin);
    await till.waitForDot('green');
    await till.open('products');
    await till.byTestId('labels-open').click();
    await till.byTestId('labels-empty').waitFor();
    expect(await till.accessibilityViolations()).toEqual([]);

    // One by its name, one by its barcode (as a scanner types it in the field), twice.
    await till.byTestId('labels-search').fill(first.name);
    await till.page.locator(`[data-testid="labels-result"][data-product-id="${first.id}"]`).click();
    await entry(first).waitFor();
    for (let scan = 0; scan < 2; scan += 1) {
      await till.byTestId('labels-search').fill(second.barcode);
      await till.byTestId('labels-search').press('Enter');
    }
    await waitForAttribute(entry(second), 'data-count', '2');
    await entry(first).getByTestId('labels-count').fill('23');
    await waitForAttribute(entry(first), 'data-count', '23');
    await till.waitForText('labels-summary', '25 étiquettes · 2 pages A4');
    expect(await till.byTestId('label-sheet').count()).toBe(2);
    expect(await till.byTestId('label').count()).toBe(25);
    expect(await till.byTestId('labels-note').count()).toBe(0);

    const labels = till.byTestId('label');
    const firstLabel = labels.first();
    expect(await firstLabel.textContent()).toContain(first.name);
    expect((await firstLabel.getByTestId('label-price').textContent())?.replace(/\D/g, '')).toBe(String(first.price));

    // Every barcode: its bars read back (GS1 tables) to the product's own code, check digit right.
    const drawn = await till.byTestId('label-barcode').evaluateAll((svgs) =>
      svgs.map((svg) => {
        const element = svg as unknown as { getAttribute(name: string): string | null; querySelectorAll(selector: string): ArrayLike<{ getAttribute(name: string): string | null }> };
        return {
          symbology: element.getAttribute('data-symbology'),
          code: element.getAttribute('data-code'),
          quietLeft: Number(element.getAttribute('data-quiet-left')),
          bars: Array.from(element.querySelectorAll('rect[data-bar]'), (rect) => ({ x: Number(rect.getAttribute('x')), width: Number(rect.getAttribute('width')) })),
        };
      }),
    );
    expect(drawn).toHaveLength(25);
    const decoded = (drawn as DrawnBarcode[]).map((barcode) => ({ symbology: barcode.symbology, code: barcode.code, read: decodeEan13(modulesFromBars(barcode.bars, barcode.quietLeft, 95)) }));
    expect(decoded.filter((barcode) => barcode.read === first.barcode)).toHaveLength(23);
    expect(decoded.filter((barcode) => barcode.read === second.barcode)).toHaveLength(2);
    for (const barcode of decoded) {
      expect(barcode.symbology).toBe('EAN13');
      expect(barcode.read).toBe(barcode.code);
      expect(isValidEan13(barcode.read ?? '')).toBe(true);
    }
    expect(await till.accessibilityViolations()).toEqual([]);
    await shoot('labels-sheet');
  });

  it('prints: the print button calls the browser print, and the printed PDF is two A4 pages holding only the labels', async () => {
    await till.page.evaluate(() => {
      const target = globalThis as unknown as { print: () => void; printed?: number };
      target.printed = 0;
      target.print = () => {
        target.printed = (target.printed ?? 0) + 1;
      };
    });
    await till.byTestId('labels-print').click();
    expect(await till.page.evaluate(() => (globalThis as unknown as { printed?: number }).printed)).toBe(1);

    // What Chromium prints (printToPDF): the sheets at A4, the header, tools and toasts left out.
    await till.page.emulateMedia({ media: 'print' });
    expect(await till.byTestId('labels-search').isVisible()).toBe(false);
    expect(await till.page.locator('.app-header').isVisible()).toBe(false);
    await till.screenshot('labels-print.png', testOutputDir);
    const pdfPath = join(testOutputDir, 'labels.pdf');
    await till.page.pdf({ path: pdfPath, preferCSSPageSize: true, printBackground: true });
    await till.page.emulateMedia({ media: 'screen' });
    const pdf = await readFile(pdfPath, 'latin1');
    expect(pdf.match(/\/Type\s*\/Page\b/g)).toHaveLength(2);
    // A4 in PDF points (595.28 × 841.89), whatever the rounding.
    const box = /\/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]/.exec(pdf);
    expect(Math.round(Number(box?.[1]))).toBe(595);
    expect(Math.round(Number(box?.[2]))).toBe(842);
  });

  it('reads in English', async () => {
    const [first] = shelf as [ShelfProduct];
    await till.byTestId('labels-close').click();
    await till.open('settings');
    await till.choose('settings-language', 'en');
    await till.open('products');
    await till.byTestId('labels-open').click();
    await till.byTestId('labels-search').fill(first.name);
    await till.page.locator(`[data-testid="labels-result"][data-product-id="${first.id}"]`).click();
    await till.waitForText('labels-summary', '1 label · 1 A4 page');
    await shoot('labels-sheet-en');
    await till.byTestId('labels-close').click();
    await till.byTestId('product-search').waitFor();
    await till.open('settings');
    await till.choose('settings-language', 'fr');
  });
});
