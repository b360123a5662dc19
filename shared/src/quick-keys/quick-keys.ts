import type { QuickKeyPage } from '../protocol/entities';

/** Bounds of a shop's quick-key layout (issue #15): what fits a counter screen, and a bounded record (I12). */
export const MAX_QUICK_KEY_PAGES = 12;
export const MAX_QUICK_KEYS_PER_PAGE = 60;
export const MAX_QUICK_KEY_PAGE_NAME = 40;

/** Tile colours a manager may give a page (the till maps each to its own palette). */
export const QUICK_KEY_COLORS = ['green', 'blue', 'orange', 'red', 'purple', 'teal', 'grey'] as const;
export type QuickKeyColor = (typeof QUICK_KEY_COLORS)[number];

/**
 * What a layout's DTO cannot express: page ids unique, a product at most once per page.
 * Empty when the layout is well formed (the terminal, the push and the admin API use it).
 */
export function quickKeyLayoutProblems(pages: readonly QuickKeyPage[]): string[] {
  const problems: string[] = [];
  const pageIds = new Set<string>();
  pages.forEach((page, index) => {
    if (pageIds.has(page.id)) problems.push(`pages.${index}.id ${page.id} is used by another page`);
    pageIds.add(page.id);
    const products = new Set<string>();
    for (const productId of page.productIds) {
      if (products.has(productId)) problems.push(`pages.${index}.productIds holds ${productId} twice`);
      products.add(productId);
    }
  });
  return problems;
}

/** Every product a layout names, once. */
export function quickKeyProductIds(pages: readonly QuickKeyPage[]): string[] {
  return [...new Set(pages.flatMap((page) => page.productIds))];
}
