import { useLiveQuery } from 'dexie-react-hooks';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { MAX_QUICK_KEY_PAGES, MAX_QUICK_KEYS_PER_PAGE, uuidv7, type ProductRecord, type QuickKeyPage } from '@seri/shared';
import { saveQuickKeys } from '../../domain/quick-key-commands';
import { searchProducts } from '../../domain/product-search';
import { describeError } from '../../hooks/describe-error';
import { useAuthor } from '../../hooks/use-author';
import { useDebounced } from '../../hooks/use-debounced';
import { useShop } from '../../hooks/use-shop';
import { useRuntime, useServices } from '../../services';
import { useSeriStore } from '../../store/seri-store';
import { addProductToCart } from '../../store/add-product';
import { MeasureDialog } from './MeasureDialog';

/** Tiles on one category page at most (a category of thousands is searched, not browsed). */
const CATEGORY_TILES = 60;

type Tab = { kind: 'page'; id: string } | { kind: 'category'; name: string };

/** A layout never arranged: one empty favourites page, named in the till's language when it is first saved. */
const FIRST_PAGE_ID = 'favourites';

/**
 * Quick keys beside the search (issue #15): the manager's pages (favourites first), then one
 * tab per product category, each a grid of big tiles (name and price) a finger can hit. A
 * manager arranges the pages here (add, move, remove products; add, rename, remove pages):
 * the whole layout is saved in one `quick_keys/update` op, offline too, and reaches the shop's
 * other tills by pull. A product priced by weight or at an open price asks for the weight or
 * the amount before it goes in the cart (MeasureDialog).
 */
export function QuickKeysPanel() {
  const { t } = useTranslation();
  const { db } = useServices();
  const runtime = useRuntime();
  const { shop, money } = useShop();
  const author = useAuthor();
  const cashier = useSeriStore((state) => state.cashier);
  const pushToast = useSeriStore((state) => state.pushToast);
  const isManager = cashier?.role === 'MANAGER' || cashier?.role === 'ADMIN';
  const shopId = shop?.id ?? author?.shopId ?? '';

  const layout = useLiveQuery(async () => (shopId ? ((await db.quickKeys.get(shopId)) ?? null) : null), [db, shopId]);
  const categories = useLiveQuery(async () => (await db.products.orderBy('category').uniqueKeys()).filter((key): key is string => typeof key === 'string'), [db], [] as string[]);
  const [draft, setDraft] = useState<QuickKeyPage[] | null>(null);
  const [saving, setSaving] = useState(false);
  const arranging = draft !== null;
  const pages: QuickKeyPage[] = draft ?? (layout && layout.pages.length > 0 ? layout.pages : [{ id: FIRST_PAGE_ID, name: t('quickKeys.favourites'), color: null, productIds: [] }]);
  const [tab, setTab] = useState<Tab | null>(null);
  const activeTab: Tab = tab && (tab.kind === 'category' ? categories.includes(tab.name) : pages.some((page) => page.id === tab.id)) ? tab : { kind: 'page', id: pages[0]!.id };
  const activePage = activeTab.kind === 'page' ? pages.find((page) => page.id === activeTab.id) : undefined;

  const pageIds = activePage ? activePage.productIds.join('|') : '';
  const categoryName = activeTab.kind === 'category' ? activeTab.name : null;
  const tiles = useLiveQuery(async () => {
    if (categoryName !== null) {
      const found = await db.products.where('category').equals(categoryName).filter((product) => !product.archived).limit(CATEGORY_TILES).toArray();
      return found.sort((a, b) => a.name.localeCompare(b.name));
    }
    const found = await db.products.bulkGet(pageIds === '' ? [] : pageIds.split('|'));
    // In arrange mode an archived product still shows, so the manager can take it off.
    return found.filter((product): product is ProductRecord => product !== undefined && (arranging || !product.archived));
  }, [db, categoryName, pageIds, arranging], [] as ProductRecord[]);

  const editPage = (id: string, change: (page: QuickKeyPage) => QuickKeyPage | null): void =>
    setDraft((current) => (current ?? pages).flatMap((page) => (page.id === id ? (change(page) ?? []) : [page])));

  const startArranging = (): void => {
    // The implicit first page gets a real id when the layout is first arranged.
    setDraft(pages.map((page) => (page.id === FIRST_PAGE_ID ? { ...page, id: uuidv7() } : { ...page, productIds: [...page.productIds] })));
    setTab(null);
  };

  const save = async (): Promise<void> => {
    if (!draft || !author) return;
    setSaving(true);
    try {
      await saveQuickKeys(db, { pages: draft, author });
      runtime.relay.nudge();
      setDraft(null);
      pushToast('success', t('quickKeys.saved'));
    } catch (error) {
      pushToast('error', describeError(t, error));
    } finally {
      setSaving(false);
    }
  };

  const addPage = (): void => {
    const page: QuickKeyPage = { id: uuidv7(), name: t('quickKeys.newPage', { number: pages.length + 1 }), color: null, productIds: [] };
    setDraft([...(draft ?? pages), page]);
    setTab({ kind: 'page', id: page.id });
  };

  const move = (productId: string, by: number): void => {
    if (!activePage) return;
    editPage(activePage.id, (page) => {
      const ids = [...page.productIds];
      const from = ids.indexOf(productId);
      const to = from + by;
      if (from < 0 || to < 0 || to >= ids.length) return page;
      ids.splice(from, 1);
      ids.splice(to, 0, productId);
      return { ...page, productIds: ids };
    });
  };

  return (
    <section className="quick-keys" aria-label={t('quickKeys.title')} data-testid="quick-keys">
      <div className="quick-keys__bar">
        <div className="quick-keys__tabs" role="tablist" aria-label={t('quickKeys.title')}>
          {pages.map((page) => (
            <button
              key={page.id}
              type="button"
              role="tab"
              className={`quick-keys__tab quick-keys__tab--${page.color ?? 'default'}`}
              aria-selected={activeTab.kind === 'page' && activeTab.id === page.id}
              data-testid="quick-keys-tab"
              // A long name ends in an ellipsis: the whole of it on hover.
              title={page.name}
              onClick={() => setTab({ kind: 'page', id: page.id })}
            >
              {page.name}
            </button>
          ))}
          {!arranging &&
            categories.map((name) => (
              <button
                key={`category:${name}`}
                type="button"
                role="tab"
                className="quick-keys__tab quick-keys__tab--category"
                aria-selected={activeTab.kind === 'category' && activeTab.name === name}
                data-testid="quick-keys-category"
                title={name}
                onClick={() => setTab({ kind: 'category', name })}
              >
                {name}
              </button>
            ))}
        </div>
        {arranging && pages.length < MAX_QUICK_KEY_PAGES && (
          <button type="button" className="quick-keys__tab quick-keys__tab--add" data-testid="quick-keys-add-page" onClick={addPage}>
            {t('quickKeys.addPage')}
          </button>
        )}
        {isManager && !arranging && (
          <button type="button" className="button button--small quick-keys__arrange" data-testid="quick-keys-arrange" onClick={startArranging}>
            {t('quickKeys.arrange')}
          </button>
        )}
      </div>

      {arranging && activePage && (
        <PageEditor
          page={activePage}
          canRemove={pages.length > 1}
          onRename={(name) => editPage(activePage.id, (page) => ({ ...page, name }))}
          onRemove={() => editPage(activePage.id, () => null)}
          onAdd={(productId) => editPage(activePage.id, (page) => (page.productIds.includes(productId) || page.productIds.length >= MAX_QUICK_KEYS_PER_PAGE ? page : { ...page, productIds: [...page.productIds, productId] }))}
        />
      )}

      {tiles.length === 0 ? (
        <p className="quick-keys__empty" data-testid="quick-keys-empty">
          {activeTab.kind === 'category' ? t('quickKeys.emptyCategory') : isManager ? t('quickKeys.emptyPageManager') : t('quickKeys.emptyPage')}
        </p>
      ) : (
        <ul className="quick-keys__grid">
          {tiles.map((product, index) => (
            <li key={product.id} className="quick-keys__cell">
              <button
                type="button"
                className={`quick-key${product.archived ? ' quick-key--archived' : ''}`}
                data-testid="quick-key"
                data-product-id={product.id}
                disabled={arranging}
                onClick={() => addProductToCart(product)}
              >
                <span className="quick-key__name">{product.name}</span>
                <span className="quick-key__price">
                  {product.pricing === 'OPEN' ? t('quickKeys.openPrice') : product.pricing === 'WEIGHT' ? t('quickKeys.perKg', { price: money(product.price) }) : money(product.price)}
                </span>
              </button>
              {arranging && activePage && (
                <span className="quick-key__tools">
                  <button type="button" className="icon-button" data-testid="quick-key-left" aria-label={t('quickKeys.moveLeft', { name: product.name })} disabled={index === 0} onClick={() => move(product.id, -1)}>
                    ‹
                  </button>
                  <button
                    type="button"
                    className="icon-button"
                    data-testid="quick-key-right"
                    aria-label={t('quickKeys.moveRight', { name: product.name })}
                    disabled={index === tiles.length - 1}
                    onClick={() => move(product.id, 1)}
                  >
                    ›
                  </button>
                  <button
                    type="button"
                    className="icon-button"
                    data-testid="quick-key-remove"
                    aria-label={t('quickKeys.removeKey', { name: product.name })}
                    onClick={() => editPage(activePage.id, (page) => ({ ...page, productIds: page.productIds.filter((id) => id !== product.id) }))}
                  >
                    ×
                  </button>
                </span>
              )}
            </li>
          ))}
        </ul>
      )}

      {arranging && (
        <div className="quick-keys__actions">
          <button type="button" className="button" data-testid="quick-keys-cancel" onClick={() => setDraft(null)}>
            {t('common.cancel')}
          </button>
          <button type="button" className="button button--primary" data-testid="quick-keys-save" disabled={saving} aria-busy={saving} onClick={() => void save()}>
            {t('quickKeys.save')}
          </button>
        </div>
      )}
      <MeasureDialog />
    </section>
  );
}

/** The page being arranged: its name, a product search to add tiles, and removing the page. */
function PageEditor({ page, canRemove, onRename, onRemove, onAdd }: { page: QuickKeyPage; canRemove: boolean; onRename: (name: string) => void; onRemove: () => void; onAdd: (productId: string) => void }) {
  const { t } = useTranslation();
  const { db } = useServices();
  const { money } = useShop();
  const [query, setQuery] = useState('');
  const searched = useDebounced(query, 120);
  const found = useLiveQuery(() => searchProducts(db, searched, 6), [db, searched], [] as ProductRecord[]);
  const onPage = useMemo(() => new Set(page.productIds), [page.productIds]);
  return (
    <div className="quick-keys__editor" data-testid="quick-keys-editor">
      <div className="quick-keys__editor-row">
        <label className="field field--inline">
          <span className="field__label">{t('quickKeys.pageName')}</span>
          <input className="input input--small" data-testid="quick-keys-page-name" maxLength={40} value={page.name} onChange={(event) => onRename(event.target.value)} />
        </label>
        {canRemove && (
          <button type="button" className="button button--small" data-testid="quick-keys-remove-page" onClick={onRemove}>
            {t('quickKeys.removePage')}
          </button>
        )}
      </div>
      <label className="field">
        <span className="field__label">{t('quickKeys.addProduct')}</span>
        <input className="input input--small" data-testid="quick-keys-search" type="search" autoComplete="off" placeholder={t('quickKeys.searchPlaceholder')} value={query} onChange={(event) => setQuery(event.target.value)} />
      </label>
      {query.trim() !== '' && (
        <ul className="quick-keys__found">
          {found.map((product) => (
            <li key={product.id}>
              <button type="button" className="quick-keys__found-item" data-testid="quick-keys-found" data-product-id={product.id} disabled={onPage.has(product.id)} onClick={() => onAdd(product.id)}>
                <span>{product.name}</span>
                <span className="muted">{onPage.has(product.id) ? t('quickKeys.onPage') : money(product.price)}</span>
              </button>
            </li>
          ))}
          {found.length === 0 && searched === query && <li className="muted">{t('checkout.noResults')}</li>}
        </ul>
      )}
    </div>
  );
}
