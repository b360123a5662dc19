import { useLiveQuery } from 'dexie-react-hooks';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ProductRecord } from '@seri/shared';
import { findByBarcode, searchProducts } from '../../domain/product-search';
import { useDebounced } from '../../hooks/use-debounced';
import { SCAN_FIELD_ATTRIBUTE, useScanHandler } from '../../hooks/use-scanner-wedge';
import { useShop } from '../../hooks/use-shop';
import { labelBarcode, type LabelBarcode } from '../../labels/label-barcode';
import { useServices } from '../../services';
import { LabelBarcodeSvg } from './LabelBarcode';
import './labels.css';

/** One A4 sheet of 3 × 8 labels of 63.5 × 33.9 mm (the common "L7159" layout). */
export const LABELS_PER_SHEET = 24;
/** Labels of one product at most, and on one print: 100 sheets. */
export const MAX_LABELS_PER_PRODUCT = 240;
export const MAX_LABELS = 100 * LABELS_PER_SHEET;
const RESULT_LIMIT = 8;

interface Chosen {
  productId: string;
  count: number;
}

/** "Étiquettes code-barres": products and counts chosen on the left, the A4 sheets on the right, printed as they show. */
export function LabelSheetScreen({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const { db } = useServices();
  const { money } = useShop();
  const [query, setQuery] = useState('');
  const [chosen, setChosen] = useState<Chosen[]>([]);
  const searched = useDebounced(query, 120);
  const results = useLiveQuery(() => searchProducts(db, searched, RESULT_LIMIT), [db, searched], [] as ProductRecord[]);
  const chosenKey = chosen.map((entry) => entry.productId).join('|');
  const products = useLiveQuery(
    async () => {
      const found = await db.products.bulkGet(chosenKey === '' ? [] : chosenKey.split('|'));
      return new Map(found.filter((product) => product !== undefined).map((product) => [product.id, product]));
    },
    [db, chosenKey],
    new Map<string, ProductRecord>(),
  );

  const labels = useMemo(
    () =>
      chosen.flatMap(({ productId, count }) => {
        const product = products.get(productId);
        if (!product) return [];
        const barcode = labelBarcode(product.barcode);
        return Array.from({ length: count }, (_, index) => ({ key: `${productId}-${index}`, product, barcode }));
      }),
    [chosen, products],
  );
  // Counted from the labels the preview shows, so the summary never says "1 label · 0 pages" while a product loads.
  const total = labels.length;
  const sheets = Math.ceil(total / LABELS_PER_SHEET);

  const add = (productId: string): void => {
    setChosen((current) =>
      current.some((entry) => entry.productId === productId)
        ? current.map((entry) => (entry.productId === productId ? { ...entry, count: Math.min(entry.count + 1, MAX_LABELS_PER_PRODUCT) } : entry))
        : [...current, { productId, count: 1 }],
    );
    setQuery('');
  };
  const setCount = (productId: string, count: number): void => {
    if (!Number.isSafeInteger(count)) return;
    setChosen((current) => current.map((entry) => (entry.productId === productId ? { ...entry, count: Math.max(1, Math.min(count, MAX_LABELS_PER_PRODUCT)) } : entry)));
  };
  /** A scanned (or typed) barcode adds one label of its product; anything else stays in the search. */
  const addByCode = (code: string): void => {
    void findByBarcode(db, code).then((product) => {
      if (product) add(product.id);
      else setQuery(code);
    });
  };
  useScanHandler(addByCode);
  const remove = (productId: string): void => setChosen((current) => current.filter((entry) => entry.productId !== productId));

  const showResults = query.trim() !== '' && searched === query;
  const tooMany = total > MAX_LABELS;

  return (
    <main className="labels" data-testid="labels-screen">
      <section className="panel labels__tools" aria-labelledby="labels-title">
        <div className="panel__header">
          <h1 id="labels-title">{t('labels.title')}</h1>
          <button type="button" className="button button--small push-right" data-testid="labels-close" onClick={onClose}>
            {t('labels.back')}
          </button>
        </div>
        <label className="field">
          <span className="field__label">{t('labels.search')}</span>
          <input
            className="input"
            type="search"
            data-testid="labels-search"
            {...{ [SCAN_FIELD_ATTRIBUTE]: '' }}
            onKeyDown={(event) => {
              if (event.key !== 'Enter') return;
              event.preventDefault();
              const code = event.currentTarget.value.trim();
              if (code !== '') addByCode(code);
            }}
            autoComplete="off"
            spellCheck={false}
            autoFocus
            placeholder={t('products.searchPlaceholder')}
            value={query}
            onChange={(event) => setQuery(event.target.value)}
          />
        </label>
        {showResults && (
          <ul className="labels__results" aria-label={t('labels.results')}>
            {results.length === 0 && <li className="muted">{t('checkout.noResults')}</li>}
            {results.map((product) => (
              <li key={product.id}>
                <button type="button" className="labels__result" data-testid="labels-result" data-product-id={product.id} onClick={() => add(product.id)}>
                  <span className="labels__name">{product.name}</span>
                  <span className="muted">{product.barcode ?? product.sku}</span>
                  <span>{money(product.price)}</span>
                </button>
              </li>
            ))}
          </ul>
        )}
        {chosen.length === 0 ? (
          <p className="muted" data-testid="labels-empty">
            {t('labels.empty')}
          </p>
        ) : (
          <ul className="labels__chosen" aria-label={t('labels.chosen')}>
            {chosen.map(({ productId, count }) => {
              const product = products.get(productId);
              if (!product) return null;
              return (
                <li key={productId} className="labels__entry" data-testid="labels-entry" data-product-id={productId} data-count={count}>
                  <span className="labels__name">{product.name}</span>
                  <BarcodeNote barcode={labelBarcode(product.barcode)} />
                  <div className="stepper" role="group" aria-label={t('labels.countOf', { name: product.name })}>
                    <button type="button" className="stepper__button" aria-label={t('labels.fewer', { name: product.name })} onClick={() => setCount(productId, count - 1)}>
                      −
                    </button>
                    <input
                      className="stepper__value"
                      data-testid="labels-count"
                      inputMode="numeric"
                      autoComplete="off"
                      aria-label={t('labels.countOf', { name: product.name })}
                      value={count}
                      onChange={(event) => setCount(productId, Number(event.target.value.replace(/\D/g, '') || '1'))}
                    />
                    <button type="button" className="stepper__button" aria-label={t('labels.more', { name: product.name })} onClick={() => setCount(productId, count + 1)}>
                      +
                    </button>
                  </div>
                  <button type="button" className="icon-button" aria-label={t('labels.remove', { name: product.name })} onClick={() => remove(productId)}>
                    ×
                  </button>
                </li>
              );
            })}
          </ul>
        )}
        <p className="labels__summary" data-testid="labels-summary">
          {t('labels.summary', { count: total })} · {t('labels.sheets', { count: sheets })}
        </p>
        {tooMany && (
          <p className="form-error" role="alert">
            {t('labels.tooMany', { max: MAX_LABELS })}
          </p>
        )}
        <button type="button" className="button button--primary button--huge" data-testid="labels-print" disabled={total === 0 || tooMany} onClick={() => window.print()}>
          {t('labels.print')}
        </button>
      </section>
      <section className="labels__preview" aria-label={t('labels.preview')} data-testid="labels-preview" tabIndex={0}>
        {Array.from({ length: sheets }, (_, sheet) => (
          <div key={sheet} className="label-sheet" data-testid="label-sheet">
            {labels.slice(sheet * LABELS_PER_SHEET, (sheet + 1) * LABELS_PER_SHEET).map(({ key, product, barcode }) => (
              <div key={key} className="label" data-testid="label" data-product-id={product.id}>
                <span className="label__name">{product.name}</span>
                <span className="label__price" data-testid="label-price">
                  {money(product.price)}
                </span>
                {barcode.symbology === 'NONE' ? <span className="label__no-barcode">{product.sku}</span> : <LabelBarcodeSvg barcode={barcode} />}
              </div>
            ))}
          </div>
        ))}
      </section>
    </main>
  );
}

/** Says when a product's label will not carry an EAN-13, and why. */
function BarcodeNote({ barcode }: { barcode: LabelBarcode }) {
  const { t } = useTranslation();
  if (barcode.symbology === 'EAN13') return null;
  let text: string;
  if (barcode.symbology === 'NONE') text = t('labels.noBarcode');
  else if (barcode.reason === 'BAD_CHECK_DIGIT') text = t('labels.badCheckDigit', { code: barcode.code, digit: barcode.expectedCheckDigit });
  else text = t('labels.code128', { code: barcode.code });
  return (
    <span className="labels__note" data-testid="labels-note">
      {text}
    </span>
  );
}
