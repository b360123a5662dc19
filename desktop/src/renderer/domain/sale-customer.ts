import type { SaleCustomer } from '@seri/shared';
import { foldText } from './product-search';

/** "Awa Diop · 77 123 45 67", or '' for no customer. */
export function customerText(customer: SaleCustomer | null | undefined): string {
  return [customer?.name, customer?.phone].filter((part): part is string => typeof part === 'string' && part !== '').join(' · ');
}

/**
 * The history's customer search: words of the name in any order, case and accents aside
 * ("diop awa" finds "Awa Diop"), or the phone's digits whatever the spaces ("771234" finds
 * "77 123 45 67", "+221 77 123…" too). An empty query matches every sale.
 */
export function customerMatches(customer: SaleCustomer | null | undefined, query: string): boolean {
  const text = query.trim();
  if (text === '') return true;
  if (!customer) return false;
  const digits = text.replace(/\D/g, '');
  if (digits.length >= 3 && digits.length === text.replace(/[\s+().-]/g, '').length) {
    return (customer.phone ?? '').replace(/\D/g, '').includes(digits);
  }
  const name = foldText(customer.name ?? '');
  return foldText(text)
    .split(/\s+/)
    .every((word) => name.includes(word));
}
