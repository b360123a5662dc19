import { ERROR_CODES, REJECTION_CODES } from '@seri/shared';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import i18next, { type TFunction } from 'i18next';

type Tree = { [key: string]: string | Tree };
const load = (language: string): Tree => JSON.parse(readFileSync(join(__dirname, '../../src/renderer/i18n', `${language}.json`), 'utf8')) as Tree;
const fr = load('fr');
const en = load('en');

/** The same resources and plural rules the renderer's createI18n loads (it is bundled for Chromium, not for Node). */
function createI18n(language: 'fr' | 'en'): { t: TFunction } {
  const instance = i18next.createInstance();
  void instance.init({ resources: { fr: { translation: fr }, en: { translation: en } }, lng: language, fallbackLng: false, interpolation: { escapeValue: false }, initAsync: false });
  return { t: instance.t };
}

const LANGUAGES = { fr, en } as const;
const PLURAL_SUFFIX = /_(zero|one|two|few|many|other)$/;

function flatten(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') out.set(path, value);
    else for (const [inner, text] of flatten(value, path)) out.set(inner, text);
  }
  return out;
}

/** Keys with their plural forms folded into one ("sync.pending"), each with the forms it has. */
function baseKeys(tree: Tree): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const key of flatten(tree).keys()) {
    const match = PLURAL_SUFFIX.exec(key);
    const base = match ? key.slice(0, match.index) : key;
    const forms = out.get(base) ?? new Set<string>();
    if (match?.[1]) forms.add(match[1]);
    out.set(base, forms);
  }
  return out;
}

function variables(text: string): string[] {
  return [...text.matchAll(/\{\{\s*(\w+)/g)].map((match) => match[1] ?? '').sort();
}

describe('i18n: French and English complete', () => {
  const frKeys = baseKeys(LANGUAGES.fr);
  const enKeys = baseKeys(LANGUAGES.en);

  it('every key of one language exists in the other (a key in one language only fails)', () => {
    expect([...frKeys.keys()].filter((key) => !enKeys.has(key))).toEqual([]);
    expect([...enKeys.keys()].filter((key) => !frKeys.has(key))).toEqual([]);
  });

  it("a plural key has exactly the forms its language's CLDR rules use, no bare form beside them", () => {
    for (const [language, keys] of [['fr', frKeys], ['en', enKeys]] as const) {
      const categories = new Intl.PluralRules(language).resolvedOptions().pluralCategories.filter((c) => c !== 'zero' || language !== 'fr');
      const flat = flatten(LANGUAGES[language]);
      for (const [key, forms] of keys) {
        if (forms.size === 0) continue;
        // i18next's own "_zero" form (a count of 0: "aucune vente annulée") may stand beside the CLDR ones.
        expect({ key, forms: [...forms].filter((form) => form !== 'zero').sort() }).toEqual({ key, forms: [...categories].sort() });
        expect({ key, bare: flat.has(key) }).toEqual({ key, bare: false });
      }
    }
  });

  it('a wording for zero exists in both languages or in neither, and reads as words, not "0 …"', () => {
    const zeros = (keys: Map<string, Set<string>>): string[] => [...keys].filter(([, forms]) => forms.has('zero')).map(([key]) => key).sort();
    expect(zeros(enKeys)).toEqual(zeros(frKeys));
    expect(zeros(frKeys)).toEqual(expect.arrayContaining(['reports.voidedCount', 'reports.salesCount']));
    const frT = createI18n('fr').t;
    const enT = createI18n('en').t;
    expect([frT('reports.voidedCount', { count: 0 }), frT('reports.voidedCount', { count: 1 }), frT('reports.voidedCount', { count: 2 })]).toEqual(['aucune vente annulée', '1 vente annulée', '2 ventes annulées']);
    expect([enT('reports.voidedCount', { count: 0 }), enT('reports.voidedCount', { count: 1 }), enT('reports.voidedCount', { count: 2 })]).toEqual(['no voided sales', '1 voided sale', '2 voided sales']);
    for (const key of zeros(frKeys)) for (const t of [frT, enT]) expect({ key, digits: /^0\s/.test(t(key, { count: 0, amount: '0 F CFA' })) }).toEqual({ key, digits: false });
  });

  it('a key takes the same values ({{…}}) in both languages', () => {
    const frFlat = flatten(LANGUAGES.fr);
    const enFlat = flatten(LANGUAGES.en);
    for (const [key, frText] of frFlat) {
      const base = key.replace(PLURAL_SUFFIX, '');
      const enText = enFlat.get(key) ?? enFlat.get(`${base}_other`) ?? '';
      const strip = (names: string[]): string[] => [...new Set(names.filter((name) => name !== 'count'))];
      expect({ key, vars: strip(variables(enText)) }).toEqual({ key, vars: strip(variables(frText)) });
    }
  });

  it('every error code main can answer and every server refusal code has its words in both languages', () => {
    for (const language of ['fr', 'en'] as const) {
      const flat = flatten(LANGUAGES[language]);
      for (const code of ERROR_CODES) expect({ language, code, has: flat.has(`errors.${code}`) }).toEqual({ language, code, has: true });
      for (const code of REJECTION_CODES) expect({ language, code, has: flat.has(`rejection.what.${code}`) }).toEqual({ language, code, has: true });
    }
  });

  it('English has no value left in French: "Synchronisation", "terminée", plural of "No … operations"', () => {
    const i18n = createI18n('en');
    // fallbackLng is off here, so a key missing in English comes back as the key itself.
    expect(i18n.t('settings.syncTitle')).toBe('Sync');
    expect(i18n.t('settings.synced')).toBe('Sync finished');
    expect(i18n.t('settings.noProblems')).toBe('No failed or rejected operations.');
    expect(i18n.t('history.summaryVoided', { count: 2 })).toBe('2 voided');
    expect(createI18n('fr').t('history.summary', { count: 0, total: '0 F CFA' })).toBe('0 vente · 0 F CFA');
  });
});

describe('server refusals in the cashier words (the keys hooks/describe-error.ts describeRejection reads)', () => {
  const WHAT_TO_DO_KEYS = ['saleCreate', 'saleVoid', 'saleRefund', 'other'];

  it('every refusal code says what happened, and every kind of op what to do, without the raw code', () => {
    for (const language of ['fr', 'en'] as const) {
      const { t } = createI18n(language);
      for (const code of [...REJECTION_CODES, 'unknown']) {
        const what = t(`rejection.what.${code}`);
        expect(what).not.toBe(`rejection.what.${code}`);
        expect(what).not.toContain(code);
        for (const kind of WHAT_TO_DO_KEYS) {
          const text = t(`rejection.todo.${kind}`);
          expect(text).not.toBe(`rejection.todo.${kind}`);
          expect(`${what} ${text}`).not.toMatch(/\{\{|[A-Z]{2,}_[A-Z]/);
        }
      }
    }
  });

  it('a refused void or refund, already shown as done, says what to do with the cash', () => {
    const frT = createI18n('fr').t;
    expect(frT('rejection.todo.saleVoid')).toMatch(/argent.*responsable/);
    expect(frT('rejection.todo.saleRefund')).toMatch(/argent.*responsable/);
    const enT = createI18n('en').t;
    expect(enT('rejection.todo.saleVoid')).toMatch(/money.*manager/);
    expect(enT('rejection.todo.saleRefund')).toMatch(/money.*manager/);
  });
});
