import i18next, { type i18n as I18n } from 'i18next';
import { initReactI18next } from 'react-i18next';
import en from './en.json';
import fr from './fr.json';

export const resources = { fr: { translation: fr }, en: { translation: en } } as const;

/**
 * French first (the shops are francophone), English selectable. Plurals follow CLDR via
 * Intl.PluralRules (French counts 0 as singular: "0 opération en attente").
 * React escapes every interpolated value, so i18next's own escaping is off.
 */
export function createI18n(language: 'fr' | 'en' = 'fr'): I18n {
  const instance = i18next.createInstance();
  void instance.use(initReactI18next).init({
    resources,
    lng: language,
    fallbackLng: 'fr',
    supportedLngs: ['fr', 'en'],
    interpolation: { escapeValue: false },
    initAsync: false,
    returnNull: false,
  });
  return instance;
}

/**
 * BCP 47 tag for amounts and numeric dates: the shop's own locale whatever the UI language, so
 * a screen, a picker and the printed receipt write "1 500 F CFA" and "02/12/2026" the same way.
 */
export function shopFormattingLocale(language: string, shopLocale: string | null | undefined): string {
  return shopLocale ?? formattingLocale(language, null);
}

/** BCP 47 tag for dates written with words ("mercredi 2 décembre"): the shop's own locale when it matches the UI language. */
export function formattingLocale(language: string, shopLocale: string | null | undefined): string {
  if (shopLocale && shopLocale.split('-')[0] === language) return shopLocale;
  return language === 'en' ? 'en-GB' : 'fr-FR';
}
