import {
  MAX_QUICK_KEY_PAGE_NAME,
  MAX_QUICK_KEY_PAGES,
  MAX_QUICK_KEYS_PER_PAGE,
  QUICK_KEY_COLORS,
  quickKeyLayoutProblems,
  quickKeyProductIds,
  type Op,
  type QuickKeyLayoutRecord,
  type QuickKeyPage,
} from '@seri/shared';
import type { SeriDb } from '../db/seri-db';
import { CommandRefusedError, commandIds, queueOp, type CommandOptions, type OpAuthor } from './local-ops';

/** The checks the server makes on a layout, made here first so the manager sees them at once, offline too. */
async function checkLayout(db: SeriDb, pages: readonly QuickKeyPage[]): Promise<void> {
  if (pages.length > MAX_QUICK_KEY_PAGES) throw new CommandRefusedError('QUICK_KEYS_TOO_MANY_PAGES', `at most ${MAX_QUICK_KEY_PAGES} pages`, { max: MAX_QUICK_KEY_PAGES });
  for (const page of pages) {
    if (page.name.trim() === '' || page.name.length > MAX_QUICK_KEY_PAGE_NAME) {
      throw new CommandRefusedError('QUICK_KEYS_BAD_NAME', `a page name is 1 to ${MAX_QUICK_KEY_PAGE_NAME} characters`, { max: MAX_QUICK_KEY_PAGE_NAME });
    }
    if (page.productIds.length > MAX_QUICK_KEYS_PER_PAGE) {
      throw new CommandRefusedError('QUICK_KEYS_PAGE_FULL', `a page holds at most ${MAX_QUICK_KEYS_PER_PAGE} products`, { max: MAX_QUICK_KEYS_PER_PAGE });
    }
    if (page.color !== null && !QUICK_KEY_COLORS.includes(page.color)) throw new CommandRefusedError('QUICK_KEYS_BAD_NAME', `unknown colour ${String(page.color)}`);
  }
  const problems = quickKeyLayoutProblems(pages);
  if (problems.length > 0) throw new CommandRefusedError('QUICK_KEYS_DUPLICATE', problems.join('; '));
  const ids = quickKeyProductIds(pages);
  const found = await db.products.bulkGet(ids);
  const missing = ids.filter((_, index) => !found[index]);
  if (missing.length > 0) throw new CommandRefusedError('NOT_FOUND', `product ${missing.join(', ')} is not in the catalogue`);
}

/**
 * A manager arranges the checkout's quick keys: the whole layout (pages in tab order, each
 * page's products in tile order) replaces the shop's, stamped with the terminal's HLC, in
 * one strict transaction with its `quick_keys/update` op. Shown here at once, offline too; at
 * sync the server keeps the layout with the newest stamp (I6) and every terminal pulls it.
 */
export async function saveQuickKeys(
  db: SeriDb,
  input: { pages: readonly QuickKeyPage[]; author: OpAuthor },
  options: CommandOptions = {},
): Promise<QuickKeyLayoutRecord> {
  const { newId, now } = commandIds(options);
  const pages = input.pages.map((page) => ({ id: page.id, name: page.name.trim(), color: page.color, productIds: [...page.productIds] }));
  const shopId = input.author.shopId;
  return db.transaction('rw', [db.products, db.quickKeys, db.meta, db.outbox], async () => {
    await checkLayout(db, pages);
    const op = await queueOp<Op<'quick_keys', 'update'>>(
      db,
      input.author,
      () => ({ opId: newId(), ...input.author, entity: 'quick_keys', kind: 'update', entityId: shopId, payload: { shopId, pages } }),
      now,
    );
    const layout: QuickKeyLayoutRecord = { shopId, pages, hlc: op.hlc, updatedAt: new Date(now()).toISOString() };
    await db.quickKeys.put(layout);
    return layout;
  });
}
