import { useLiveQuery } from 'dexie-react-hooks';
import { useCallback, useMemo } from 'react';
import type { SaleTaxLine, TaxRateRecord } from '@seri/shared';
import { rateName, taxContext, type TaxContext } from '../domain/tax-rates';
import { useServices } from '../services';
import { useShop } from './use-shop';

/** The shop's rates as this terminal holds them, sorted for lists (live). Undefined until read. */
export function useTaxRates(): TaxRateRecord[] | undefined {
  const { db } = useServices();
  return useLiveQuery(async () => (await db.taxRates.toArray()).sort((a, b) => Number(a.archived) - Number(b.archived) || b.rateBp - a.rateBp || a.name.localeCompare(b.name)), [db]);
}

/** How the till taxes a cart (live); null until the rates are read, so nothing is charged on a guess. */
export function useTaxContext(): TaxContext | null {
  const { shop } = useShop();
  const rates = useTaxRates();
  return useMemo(() => (rates === undefined ? null : taxContext(shop, rates)), [shop, rates]);
}

export function useRateName(): (rate: Pick<SaleTaxLine, 'name' | 'rateBp'>) => string {
  const { locale } = useShop();
  return useCallback((rate) => rateName(rate, locale), [locale]);
}
