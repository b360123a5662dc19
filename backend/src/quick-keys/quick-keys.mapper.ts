import type { QuickKeyLayoutRecord } from '@seri/shared';
import type { QuickKeyLayout } from './quick-key-layout.entity';

export function toQuickKeyLayoutRecord(layout: QuickKeyLayout): QuickKeyLayoutRecord {
  return { shopId: layout.shopId, pages: layout.pages, hlc: layout.hlc, updatedAt: layout.updatedAt.toISOString() };
}
