import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startShopEnv, testOutputDir, type ShellTerminal, type ShopEnv } from '../support/shop-env';
import { walkScreens } from '../support/screen-walk';

jest.setTimeout(600_000);

type Tree = { [key: string]: string | Tree };
const i18nDir = join(__dirname, '../../src/renderer/i18n');
const load = (language: string): Tree => JSON.parse(readFileSync(join(i18nDir, `${language}.json`), 'utf8')) as Tree;

function values(tree: Tree): string[] {
  return Object.values(tree).flatMap((value) => (typeof value === 'string' ? [value] : values(value)));
}

/** Words of a text, lower-cased, without {{placeholders}}; numbers and words under 4 letters ("de", "F", "CFA") left out. */
function words(text: string): string[] {
  return text
    .replace(/\{\{[^}]*\}\}/g, ' ')
    .toLowerCase()
    .split(/[^\p{L}]+/u)
    .filter((word) => word.length >= 4);
}

/** Runs in the page: the placeholders of the visible fields, words the body's text does not hold. */
const PLACEHOLDERS = `[...document.querySelectorAll('input[placeholder], textarea[placeholder]')].map((field) => field.getAttribute('placeholder'))`;

/** Words French shares with English, or that name a thing in both ("Français" on the language choice, "Mobile Money"). */
const BOTH_LANGUAGES = new Set(['français', 'english', 'seri']);

/**
 * English screens must not show French left over from fr.json. The word list is every word of
 * fr.json's values that en.json does not use as well ("Total", "Stock", "Date"), and none of
 * the shop's own data (product names, people, categories, the notes typed in the walk), which
 * stays in the shop's words in every language.
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
        UNION ALL SELECT COALESCE(category, '') FROM products`,
    );
    const data = new Set([...shopData.flatMap((row) => words(row.text)), ...words('Transport Erreur de caisse')]);
    french = new Set(values(load('fr')).flatMap(words).filter((word) => !english.has(word) && !data.has(word) && !BOTH_LANGUAGES.has(word)));
  });

  afterAll(async () => {
    await env?.close();
  });

  it('show no French word from fr.json on any screen or dialog (screenshots at 1024×768, 1366×768, 1920×1080)', async () => {
    const leftovers = new Set<string>();
    expect(french.size).toBeGreaterThan(100);
    const walked = await walkScreens(
      env,
      till,
      async (stop, viewport) => {
        await till.screenshot(`english-${stop}-${viewport.width}x${viewport.height}.png`, testOutputDir);
        if (viewport.width !== 1024) return;
        const text = await till.page.locator('body').innerText();
        const placeholders = await till.page.evaluate<string[]>(PLACEHOLDERS);
        for (const word of new Set(words([text, ...placeholders].join(' ')))) if (french.has(word)) leftovers.add(`${stop}: ${word}`);
      },
      { english: true },
    ).then(
      () => null,
      (error: unknown) => error,
    );
    expect({ walk: walked instanceof Error ? walked.message : walked === null ? 'done' : 'failed', leftovers: [...leftovers] }).toEqual({ walk: 'done', leftovers: [] });
  });
});
