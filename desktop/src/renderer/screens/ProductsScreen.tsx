import { useLiveQuery } from 'dexie-react-hooks';
import { useMemo, useState, type FormEvent } from 'react';
import { LabelSheetScreen } from './labels/LabelSheetScreen';
import { useTranslation } from 'react-i18next';
import { PRODUCT_PRICINGS, minorExponent, parseMoney, type Minor, type ProductPricing, type ProductRecord } from '@seri/shared';
import { FormActions, Modal } from '../components/Modal';
import { TaxRatePicker } from '../components/TaxRatePicker';
import type { LocalStockMovement } from '../db/seri-db';
import { createProduct, updateProduct, type ProductFields } from '../domain/product-commands';
import { isLowStock, searchProducts, withStock, type ProductWithStock } from '../domain/product-search';
import { recordStockCount, recordStockMovement } from '../domain/stock-commands';
import { useAuthor } from '../hooks/use-author';
import { describeError } from '../hooks/describe-error';
import { useDebounced } from '../hooks/use-debounced';
import { useScanHandler } from '../hooks/use-scanner-wedge';
import { useShop } from '../hooks/use-shop';
import { useRuntime, useServices } from '../services';
import { useSeriStore } from '../store/seri-store';

const LIST_LIMIT = 200;
const MOVEMENTS_SHOWN = 50;

type Dialog = { kind: 'adjust' | 'count'; product: ProductWithStock } | { kind: 'edit'; product: ProductRecord } | { kind: 'create' } | null;

/** "Produits & stock": the catalogue with the stock this terminal displays (server level + its pending movements). */
export function ProductsScreen() {
  const { t } = useTranslation();
  const { db } = useServices();
  const { money } = useShop();
  const [query, setQuery] = useState('');
  const [lowOnly, setLowOnly] = useState(false);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [dialog, setDialog] = useState<Dialog>(null);
  const [labels, setLabels] = useState(false);
  const searched = useDebounced(query, 150);
  // A scan here looks the product up rather than selling it.
  useScanHandler((code) => setQuery(code));

  const products = useLiveQuery(
    async () => {
      if (lowOnly) {
        const stock = new Map((await db.stock.toArray()).map((row) => [row.productId, row.quantity]));
        const found = await db.products
          .orderBy('name')
          .filter((product) => !product.archived && (stock.get(product.id) ?? 0) <= product.lowStockThreshold)
          .filter((product) => searched.trim() === '' || product.name.toLowerCase().includes(searched.trim().toLowerCase()) || product.barcode === searched.trim())
          .limit(LIST_LIMIT)
          .toArray();
        return withStock(db, found);
      }
      const found =
        searched.trim() === ''
          ? await db.products
              .orderBy('name')
              .filter((product) => !product.archived)
              .limit(LIST_LIMIT)
              .toArray()
          : await searchProducts(db, searched, LIST_LIMIT);
      return withStock(db, found);
    },
    [db, searched, lowOnly],
    [] as ProductWithStock[],
  );
  const selected = useLiveQuery(async () => {
    const product = selectedId ? await db.products.get(selectedId) : undefined;
    return product ? (await withStock(db, [product]))[0] : undefined;
  }, [db, selectedId]);

  if (labels) return <LabelSheetScreen onClose={() => setLabels(false)} />;
  return (
    <main className="products">
      <section className="panel products__list" aria-labelledby="products-title">
        <div className="panel__header">
          <h1 id="products-title">{t('products.title')}</h1>
          <span className="muted">{t('products.shown', { count: products.length })}</span>
          <button type="button" className="button button--small push-right" data-testid="labels-open" onClick={() => setLabels(true)}>
            {t('labels.open')}
          </button>
          <button type="button" className="button button--primary button--small" data-testid="product-new" onClick={() => setDialog({ kind: 'create' })}>
            {t('products.new')}
          </button>
        </div>
        <div className="filters">
          <label className="field field--grow">
            <span className="field__label">{t('products.search')}</span>
            <input
              className="input"
              data-testid="product-search"
              type="search"
              autoComplete="off"
              spellCheck={false}
              autoFocus
              placeholder={t('products.searchPlaceholder')}
              value={query}
              onChange={(event) => setQuery(event.target.value)}
            />
          </label>
          <label className="check">
            <input type="checkbox" data-testid="products-low-stock" checked={lowOnly} onChange={(event) => setLowOnly(event.target.checked)} />
            <span>{t('products.lowOnly')}</span>
          </label>
        </div>
        {products.length === 0 ? (
          <p className="muted" data-testid="products-empty">
            {lowOnly ? t('products.noLowStock') : t('products.empty')}
          </p>
        ) : (
          <table className="table table--products">
            <thead>
              <tr>
                <th scope="col">{t('products.name')}</th>
                <th scope="col">{t('products.barcode')}</th>
                <th scope="col">{t('products.sku')}</th>
                <th scope="col" className="num">
                  {t('products.price')}
                </th>
                <th scope="col" className="num">
                  {t('products.stock')}
                </th>
              </tr>
            </thead>
            <tbody>
              {products.map((product) => (
                <tr
                  key={product.id}
                  data-testid="product-row"
                  data-product-id={product.id}
                  data-stock={product.stock}
                  aria-selected={product.id === selectedId}
                  className={product.id === selectedId ? 'row--selected' : undefined}
                >
                  <td>
                    <button type="button" className="cell-button" data-testid="product-open" onClick={() => setSelectedId(product.id)}>
                      {product.name}
                    </button>
                  </td>
                  <td className="mono">{product.barcode ?? '—'}</td>
                  <td className="mono">{product.sku}</td>
                  <td className="num">{money(product.price)}</td>
                  <td className="num">
                    <StockCell product={product} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <section className="panel products__detail" aria-label={t('products.detailLabel')}>
        {selected ? (
          <ProductDetail product={selected} onClose={() => setSelectedId(null)} onAction={setDialog} />
        ) : (
          <p className="muted">{t('products.select')}</p>
        )}
      </section>
      {dialog?.kind === 'adjust' && <StockDialog kind="adjust" product={dialog.product} onClose={() => setDialog(null)} />}
      {dialog?.kind === 'count' && <StockDialog kind="count" product={dialog.product} onClose={() => setDialog(null)} />}
      {dialog?.kind === 'edit' && <ProductDialog product={dialog.product} onClose={() => setDialog(null)} />}
      {dialog?.kind === 'create' && (
        <ProductDialog
          product={null}
          onClose={(created) => {
            setDialog(null);
            if (created) {
              setSelectedId(created.id);
              setQuery(created.name);
            }
          }}
        />
      )}
    </main>
  );
}

function StockCell({ product }: { product: ProductWithStock }) {
  const { t } = useTranslation();
  return (
    <span className="stock-cell">
      {product.stock <= 0 ? (
        <span className="badge badge--rejected">{t('products.outOfStock')}</span>
      ) : (
        isLowStock(product) && <span className="badge badge--pending">{t('products.lowStock')}</span>
      )}
      <strong>{product.stock}</strong>
    </span>
  );
}

function ProductDetail({ product, onClose, onAction }: { product: ProductWithStock; onClose: () => void; onAction: (dialog: Dialog) => void }) {
  const { t } = useTranslation();
  const { db } = useServices();
  const { money, locale } = useShop();
  const movements = useLiveQuery(
    async () => (await db.stockMovements.where('productId').equals(product.id).sortBy('createdAt')).reverse().slice(0, MOVEMENTS_SHOWN),
    [db, product.id],
    [] as LocalStockMovement[],
  );
  const users = useLiveQuery(() => db.users.toArray(), [db], []);
  const names = useMemo(() => new Map(users.map((user) => [user.id, user.name])), [users]);
  const timeFormat = useMemo(() => new Intl.DateTimeFormat(locale, { dateStyle: 'short', timeStyle: 'short' }), [locale]);
  return (
    <article data-testid="product-detail" data-product-id={product.id} aria-labelledby="product-detail-title">
      <div className="detail__header">
        <h2 id="product-detail-title">{product.name}</h2>
        <button type="button" className="icon-button" aria-label={t('products.closeDetail')} onClick={onClose}>
          ×
        </button>
      </div>
      <dl className="facts">
        <div>
          <dt>{t('products.stock')}</dt>
          <dd className="facts__big" data-testid="product-detail-stock">
            {product.stock}
          </dd>
        </div>
        <div>
          <dt>{t('products.price')}</dt>
          <dd>{money(product.price)}</dd>
        </div>
        <div>
          <dt>{t('products.cost')}</dt>
          <dd>{product.cost === null ? '—' : money(product.cost)}</dd>
        </div>
        <div>
          <dt>{t('products.threshold')}</dt>
          <dd>{product.lowStockThreshold}</dd>
        </div>
        <div>
          <dt>{t('products.sku')}</dt>
          <dd className="mono">{product.sku}</dd>
        </div>
        <div>
          <dt>{t('products.barcode')}</dt>
          <dd className="mono">{product.barcode ?? '—'}</dd>
        </div>
        <div>
          <dt>{t('products.category')}</dt>
          <dd>{product.category ?? '—'}</dd>
        </div>
      </dl>
      <div className="detail__actions">
        <button type="button" className="button button--small" data-testid="stock-adjust" onClick={() => onAction({ kind: 'adjust', product })}>
          {t('products.adjust')}
        </button>
        <button type="button" className="button button--small" data-testid="stock-count" onClick={() => onAction({ kind: 'count', product })}>
          {t('products.count')}
        </button>
        <button type="button" className="button button--small" data-testid="product-edit" onClick={() => onAction({ kind: 'edit', product })}>
          {t('products.edit')}
        </button>
      </div>
      <h3>{t('products.movements')}</h3>
      {movements.length === 0 ? (
        <p className="muted">{t('products.noMovements')}</p>
      ) : (
        <table className="table table--compact" data-testid="product-movements">
          <thead>
            <tr>
              <th scope="col">{t('products.when')}</th>
              <th scope="col">{t('products.movementType')}</th>
              <th scope="col" className="num">
                {t('products.quantity')}
              </th>
              <th scope="col">{t('products.note')}</th>
            </tr>
          </thead>
          <tbody>
            {movements.map((movement) => (
              <tr key={movement.id} data-testid="movement-row" data-type={movement.type} data-quantity={movement.quantity}>
                <td>{timeFormat.format(new Date(movement.createdAt))}</td>
                <td>
                  {t(`movement.${movement.type}`)}
                  {movement.pending === 1 && <span className="badge badge--pending badge--inline">{t('history.state.pending')}</span>}
                </td>
                <td className="num">{movement.quantity > 0 ? `+${movement.quantity}` : movement.quantity}</td>
                <td className="small">
                  {[movement.note, movement.userId ? names.get(movement.userId) : null].filter(Boolean).join(' · ')}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </article>
  );
}

function StockDialog({ kind, product, onClose }: { kind: 'adjust' | 'count'; product: ProductWithStock; onClose: () => void }) {
  const { t } = useTranslation();
  const { db } = useServices();
  const runtime = useRuntime();
  const author = useAuthor();
  const requestApproval = useSeriStore((state) => state.requestApproval);
  const pushToast = useSeriStore((state) => state.pushToast);
  const [type, setType] = useState<'ADJUSTMENT' | 'RECEIPT'>('ADJUSTMENT');
  const [quantityText, setQuantityText] = useState('');
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const quantity = /^[+-]?\d+$/.test(quantityText.trim()) ? Number(quantityText.trim()) : null;
  const after = quantity === null ? null : kind === 'count' ? quantity : product.stock + (type === 'RECEIPT' ? Math.abs(quantity) : quantity);

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    if (busy || !author) return;
    if (quantity === null || (kind === 'count' && quantity < 0) || (kind === 'adjust' && quantity === 0)) {
      setError(t('products.quantityInvalid'));
      return;
    }
    setBusy(true);
    try {
      const summary =
        kind === 'count'
          ? t('products.countSummary', { name: product.name, counted: quantity, shown: product.stock })
          : t('products.adjustSummary', { name: product.name, change: quantity > 0 ? `+${quantity}` : String(quantity) });
      const approval = await requestApproval(kind === 'count' ? 'STOCK_COUNT' : 'STOCK_ADJUSTMENT', summary);
      if (!approval) return;
      const managerAuthor = { ...author, userId: approval.approverId };
      const noteText = note.trim() === '' ? null : note;
      if (kind === 'count') await recordStockCount(db, { productId: product.id, counted: quantity, note: noteText ?? t('products.countNote', { counted: quantity }), author: managerAuthor });
      else await recordStockMovement(db, { productId: product.id, type, quantity: type === 'RECEIPT' ? Math.abs(quantity) : quantity, note: noteText, author: managerAuthor });
      runtime.relay.nudge();
      pushToast('success', t('products.stockSaved', { name: product.name }));
      onClose();
    } catch (failure) {
      setError(describeError(t, failure));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal labelledBy="stock-title" onClose={onClose} testId="stock-dialog">
      <form className="modal__body" onSubmit={(event) => void submit(event)} noValidate>
        <h2 id="stock-title">{kind === 'count' ? t('products.countTitle', { name: product.name }) : t('products.adjustTitle', { name: product.name })}</h2>
        <p className="muted">{t('products.currentStock', { count: product.stock })}</p>
        {kind === 'adjust' && (
          <fieldset className="radio-row">
            <legend className="field__label">{t('products.movementType')}</legend>
            {(['ADJUSTMENT', 'RECEIPT'] as const).map((value) => (
              <label key={value} className="check">
                <input type="radio" name="movement-type" data-testid={`stock-type-${value}`} checked={type === value} onChange={() => setType(value)} />
                <span>{t(`movement.${value}`)}</span>
              </label>
            ))}
          </fieldset>
        )}
        <label className="field">
          <span className="field__label">{kind === 'count' ? t('products.counted') : type === 'RECEIPT' ? t('products.received') : t('products.change')}</span>
          <input
            className="input"
            data-testid="stock-quantity"
            inputMode="numeric"
            autoComplete="off"
            autoFocus
            placeholder={kind === 'adjust' && type === 'ADJUSTMENT' ? t('products.changePlaceholder') : ''}
            value={quantityText}
            onChange={(event) => setQuantityText(event.target.value)}
          />
        </label>
        <label className="field">
          <span className="field__label">{t('products.note')}</span>
          <input className="input" data-testid="stock-note" autoComplete="off" maxLength={500} value={note} onChange={(event) => setNote(event.target.value)} />
        </label>
        {after !== null && (
          <p className="hint" data-testid="stock-after">
            {t('products.stockAfter', { count: after })}
          </p>
        )}
        <FormActions testId="stock" error={error} busy={busy} submitLabel={t('common.save')} onCancel={onClose} />
      </form>
    </Modal>
  );
}

interface ProductForm {
  name: string;
  sku: string;
  barcode: string;
  price: string;
  cost: string;
  category: string;
  lowStockThreshold: string;
  openingStock: string;
  archived: boolean;
  taxRateId: string | null;
  /** By the unit, open price or by weight (issue #15). */
  pricing: ProductPricing;
}

function formatAmount(amount: Minor | null, currency: string): string {
  if (amount === null) return '';
  const exponent = minorExponent(currency);
  return exponent === 0 ? String(amount) : (amount / 10 ** exponent).toFixed(exponent);
}

function ProductDialog({ product, onClose }: { product: ProductRecord | null; onClose: (created?: ProductRecord) => void }) {
  const { t } = useTranslation();
  const { db } = useServices();
  const runtime = useRuntime();
  const author = useAuthor();
  const { currency } = useShop();
  const requestApproval = useSeriStore((state) => state.requestApproval);
  const pushToast = useSeriStore((state) => state.pushToast);
  const categories = useLiveQuery(async () => (await db.products.orderBy('category').uniqueKeys()).map(String), [db], []);
  const [form, setForm] = useState<ProductForm>({
    name: product?.name ?? '',
    sku: product?.sku ?? '',
    barcode: product?.barcode ?? '',
    price: formatAmount(product?.price ?? null, currency),
    cost: formatAmount(product?.cost ?? null, currency),
    category: product?.category ?? '',
    lowStockThreshold: String(product?.lowStockThreshold ?? 2),
    openingStock: '0',
    archived: product?.archived ?? false,
    taxRateId: product?.taxRateId ?? null,
    pricing: product?.pricing ?? 'UNIT',
  });
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const set = (patch: Partial<ProductForm>): void => setForm((current) => ({ ...current, ...patch }));

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    if (busy || !author) return;
    const price = parseMoney(form.price, currency);
    const cost = form.cost.trim() === '' ? null : parseMoney(form.cost, currency);
    const threshold = /^\d+$/.test(form.lowStockThreshold.trim()) ? Number(form.lowStockThreshold.trim()) : null;
    const opening = /^\d+$/.test(form.openingStock.trim()) ? Number(form.openingStock.trim()) : null;
    if (form.name.trim() === '' || form.sku.trim() === '') return setError(t('products.nameSkuRequired'));
    if (price === null || (form.cost.trim() !== '' && cost === null)) return setError(t('products.priceInvalid'));
    if (threshold === null || opening === null) return setError(t('products.quantityInvalid'));
    const fields: ProductFields = {
      name: form.name,
      sku: form.sku,
      barcode: form.barcode.trim() === '' ? null : form.barcode,
      price,
      cost,
      category: form.category.trim() === '' ? null : form.category,
      lowStockThreshold: threshold,
      taxRateId: form.taxRateId,
      // Only a change of pricing travels: an older product without the field reads as UNIT.
      ...(form.pricing !== (product?.pricing ?? 'UNIT') ? { pricing: form.pricing } : {}),
    };
    setBusy(true);
    try {
      const approval = await requestApproval('PRODUCT_EDIT', product ? t('products.editSummary', { name: product.name }) : t('products.createSummary', { name: form.name.trim() }));
      if (!approval) return;
      const managerAuthor = { ...author, userId: approval.approverId };
      if (product) {
        const updated = await updateProduct(db, { productId: product.id, changes: { ...fields, archived: form.archived }, author: managerAuthor });
        pushToast(updated ? 'success' : 'info', updated ? t('products.saved', { name: updated.name }) : t('products.unchanged'));
        runtime.relay.nudge();
        onClose();
      } else {
        const created = await createProduct(db, { fields, openingStock: opening, author: managerAuthor });
        pushToast('success', t('products.created', { name: created.name }));
        runtime.relay.nudge();
        onClose(created);
      }
    } catch (failure) {
      setError(describeError(t, failure));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal labelledBy="product-form-title" onClose={() => onClose()} testId="product-dialog" wide>
      <form className="modal__body" onSubmit={(event) => void submit(event)} noValidate>
        <h2 id="product-form-title">{product ? t('products.editTitle', { name: product.name }) : t('products.newTitle')}</h2>
        <div className="form-grid">
          <label className="field form-grid__wide">
            <span className="field__label">{t('products.name')}</span>
            <input className="input" data-testid="product-name" autoFocus autoComplete="off" maxLength={200} value={form.name} onChange={(event) => set({ name: event.target.value })} />
          </label>
          <label className="field">
            <span className="field__label">{t('products.sku')}</span>
            <input className="input" data-testid="product-sku" autoComplete="off" maxLength={64} value={form.sku} onChange={(event) => set({ sku: event.target.value })} />
          </label>
          <label className="field">
            <span className="field__label">{t('products.barcode')}</span>
            <input className="input" data-testid="product-barcode" autoComplete="off" inputMode="numeric" maxLength={64} value={form.barcode} onChange={(event) => set({ barcode: event.target.value })} />
          </label>
          <div className="field form-grid__wide">
            <span className="field__label" id="product-pricing-label">
              {t('products.pricing')}
            </span>
            <div className="segmented" role="radiogroup" aria-labelledby="product-pricing-label">
              {PRODUCT_PRICINGS.map((pricing) => (
                <button
                  key={pricing}
                  type="button"
                  role="radio"
                  aria-checked={form.pricing === pricing}
                  className="segmented__option"
                  data-testid={`product-pricing-${pricing}`}
                  onClick={() => set({ pricing })}
                >
                  {t(`products.pricing${pricing}`)}
                </button>
              ))}
            </div>
          </div>
          <label className="field">
            <span className="field__label">{t('products.price')}</span>
            <input className="input input--money" data-testid="product-price" inputMode="decimal" autoComplete="off" value={form.price} onChange={(event) => set({ price: event.target.value })} />
          </label>
          <label className="field">
            <span className="field__label">{t('products.cost')}</span>
            <input className="input input--money" data-testid="product-cost" inputMode="decimal" autoComplete="off" value={form.cost} onChange={(event) => set({ cost: event.target.value })} />
          </label>
          <label className="field">
            <span className="field__label">{t('products.category')}</span>
            <input className="input" data-testid="product-category" list="product-categories" autoComplete="off" maxLength={100} value={form.category} onChange={(event) => set({ category: event.target.value })} />
            <datalist id="product-categories">
              {categories.map((category) => (
                <option key={category} value={category} />
              ))}
            </datalist>
          </label>
          <label className="field">
            <span className="field__label">{t('products.threshold')}</span>
            <input className="input" data-testid="product-threshold" inputMode="numeric" autoComplete="off" value={form.lowStockThreshold} onChange={(event) => set({ lowStockThreshold: event.target.value })} />
          </label>
          <TaxRatePicker value={form.taxRateId} onChange={(taxRateId) => set({ taxRateId })} />
          {product ? (
            <label className="check form-grid__wide">
              <input type="checkbox" data-testid="product-archived" checked={form.archived} onChange={(event) => set({ archived: event.target.checked })} />
              <span>{t('products.archived')}</span>
            </label>
          ) : (
            <label className="field">
              <span className="field__label">{t('products.openingStock')}</span>
              <input className="input" data-testid="product-opening" inputMode="numeric" autoComplete="off" value={form.openingStock} onChange={(event) => set({ openingStock: event.target.value })} />
            </label>
          )}
        </div>
        <FormActions testId="product" error={error} busy={busy} submitLabel={t('common.save')} onCancel={() => onClose()} />
      </form>
    </Modal>
  );
}
