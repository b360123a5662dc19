import { useLiveQuery } from 'dexie-react-hooks';
import { useCallback, useMemo } from 'react';
import { DEFAULT_CURRENCY, formatAmountText, formatMoney, type Minor, type ShopRecord } from '@seri/shared';
import { formattingLocale, shopFormattingLocale } from '../i18n/i18n';
import { useServices } from '../services';
import { useSeriStore } from '../store/seri-store';
import { usePreferences } from './use-preferences';

export interface ShopView {
  shop: ShopRecord | null;
  currency: string;
  /** BCP 47 tag for Intl numbers, money and numeric dates: the shop's, in every UI language (receipts too). */
  locale: string;
  /** BCP 47 tag for dates with month or day names, in the UI language ("Wednesday 2 December"). */
  wordsLocale: string;
  money: (amount: Minor) => string;
  /** An amount as a field shows it once typed: grouped digits, no currency ("20 750"), which parseMoney reads back. */
  amountText: (amount: Minor) => string;
}

/** The shop as last pulled (falls back to what enrollment returned), with money formatting in its currency. */
export function useShop(): ShopView {
  const { db } = useServices();
  const device = useSeriStore((state) => state.device);
  const language = usePreferences().preferences.locale;
  const pulled = useLiveQuery(() => db.getMeta('shop'), [db]);
  const shop = pulled ?? device?.shop ?? null;
  const currency = shop?.currency ?? DEFAULT_CURRENCY;
  const locale = shopFormattingLocale(language, shop?.locale);
  const wordsLocale = formattingLocale(language, shop?.locale);
  const money = useCallback((amount: Minor) => formatMoney(amount, currency, locale), [currency, locale]);
  const amountText = useCallback((amount: Minor) => formatAmountText(amount, currency, locale), [currency, locale]);
  return useMemo(() => ({ shop, currency, locale, wordsLocale, money, amountText }), [shop, currency, locale, wordsLocale, money, amountText]);
}
