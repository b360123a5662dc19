import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startShopEnv, testOutputDir, type ShellTerminal, type ShopEnv } from '../support/shop-env';
import type { TillScreen } from '../support/terminal-driver';

jest.setTimeout(240_000);

type Tree = { [key: string]: string | Tree };
const i18nDir = join(__dirname, '../../src/renderer/i18n');
const load = (language: string): Tree => JSON.parse(readFileSync(join(i18nDir, `${language}.json`), 'utf8')) as Tree;

function values(tree: Tree): string[] {
  return Object.values(tree).flatMap((value) => (typeof value === 'string' ? [value] : values(value)));
}

/** Words of a text, lower-cased, without {{placeholders}}; numbers and short words ("de", "F", "CFA") left out. */
function words(text: string): string[] {
  return text
    .replace(/\{\{[^}]*\}\}/g, ' ')
    .toLowerCase()
    .split(/[^\p{L}]+/u)
    .filter((word) => word.length >= 4);
}

/** Runs in the page (a string: the e2e project has no DOM types): visible targets under 44×44 CSS px. */
const SMALL_TARGETS = `(() => {
  const selector = 'button, a[href], input, select, textarea, summary, [role="button"], [role="radio"], [role="checkbox"], [role="option"], [tabindex="0"]';
  const out = [];
  for (const element of document.querySelectorAll(selector)) {
    // A checkbox or radio inside its label: the finger hits the whole label.
    const target = element instanceof HTMLInputElement && (element.type === 'checkbox' || element.type === 'radio') ? (element.closest('label') || element) : element;
    const box = target.getBoundingClientRect();
    const style = getComputedStyle(target);
    if (box.width === 0 || box.height === 0 || style.visibility === 'hidden' || style.display === 'none') continue;
    if (box.bottom < 0 || box.right < 0 || box.top > innerHeight || box.left > innerWidth) continue;
    if (box.width < 44 || box.height < 44) {
      const name = (target.getAttribute('data-testid') || target.getAttribute('aria-label') || target.textContent || target.tagName).trim().slice(0, 40);
      out.push(name + ' ' + Math.round(box.width) + '×' + Math.round(box.height));
    }
  }
  return out;
})()`;

const SCREENS: readonly TillScreen[] = ['checkout', 'history', 'products', 'expenses', 'reports', 'settings'];

/**
 * English screens must not show French left over from fr.json. The word list is every word of
 * fr.json's values that English does not use as well ("Total", "Stock", "Date", "Seri"), and
 * none of the shop's own data (product names, people, categories from the seed), which stays
 * in the shop's words in every language.
 */
describe('English screens', () => {
  let env: ShopEnv;
  let till: ShellTerminal;
  let french: Set<string>;

  beforeAll(async () => {
    env = await startShopEnv('screens-english');
    till = await env.addTerminal('Till 1');
    const english = new Set(values(load('en')).flatMap(words));
    const shopData = await env.backend.dataSource.query<Array<{ text: string }>>(
      `SELECT name AS text FROM products UNION ALL SELECT name FROM users UNION ALL SELECT name FROM shops
        UNION ALL SELECT COALESCE(category, '') FROM products UNION ALL SELECT category FROM expenses UNION ALL SELECT COALESCE(note, '') FROM expenses`,
    );
    const data = new Set(shopData.flatMap((row) => words(row.text)));
    french = new Set(values(load('fr')).flatMap(words).filter((word) => !english.has(word) && !data.has(word)));
  });

  afterAll(async () => {
    await env?.close();
  });

  it('show no French word from fr.json, on every screen, at 1024×768 and 1366×768', async () => {
    const demo = env.backend.demo!;
    await till.enroll(till.link.url, demo.enrollmentCode);
    await till.byTestId('lang-switch').click();
    await till.login(demo.manager.name, demo.manager.pin);
    const leftovers: string[] = [];
    for (const size of [
      { width: 1024, height: 768 },
      { width: 1366, height: 768 },
    ]) {
      await till.page.setViewportSize(size);
      for (const screen of SCREENS) {
        await till.open(screen);
        if (screen === 'history' && (await till.byTestId('sale-row').count()) > 0) await till.byTestId('sale-row').first().click();
        const text = await till.page.locator('body').innerText();
        for (const word of new Set(words(text))) if (french.has(word)) leftovers.push(`${screen} @${size.width}: ${word}`);
        await till.screenshot(`english-${screen}-${size.width}.png`, testOutputDir);
      }
    }
    expect(leftovers).toEqual([]);
  });

  it('[touch] every visible target on the main screens is at least 44×44 CSS px, at 1024×768 and 1366×768', async () => {
    // The same till, logged in as the manager (who sees every screen), a sale in the cart.
    const small: string[] = [];
    for (const size of [
      { width: 1024, height: 768 },
      { width: 1366, height: 768 },
    ]) {
      await till.page.setViewportSize(size);
      for (const screen of SCREENS) {
        await till.open(screen);
        if (screen === 'history' && (await till.byTestId('sale-row').count()) > 0) await till.byTestId('sale-row').first().click();
        if (screen === 'products' && (await till.page.locator('[data-testid="product-row"]').count()) > 0) await till.page.locator('[data-testid="product-row"]').first().click();
        const found = await till.page.evaluate<string[]>(SMALL_TARGETS);
        for (const entry of new Set(found)) small.push(`${screen} @${size.width}: ${entry}`);
      }
    }
    expect(small).toEqual([]);
  });
});
