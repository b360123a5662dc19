import { useLiveQuery } from 'dexie-react-hooks';
import { useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { parseMoney } from '@seri/shared';
import { createSale, type DeviceContext } from '../domain/create-sale';
import { findByBarcode, searchProducts, withStock, type ProductWithStock } from '../domain/product-search';
import { changeDue, priceLines } from '../domain/sale-totals';
import { describeError } from '../hooks/describe-error';
import { useDebounced } from '../hooks/use-debounced';
import { useShop } from '../hooks/use-shop';
import { useRuntime, useServices } from '../services';
import { useSeriStore } from '../store/seri-store';

const RESULT_LIMIT = 12;

/** "Caisse": scan or search, build the cart, take the cash, finalize. Everything works offline. */
export function CheckoutScreen() {
  const { t } = useTranslation();
  const { db } = useServices();
  const runtime = useRuntime();
  const { shop, currency, money } = useShop();
  const device = useSeriStore((state) => state.device);
  const cashier = useSeriStore((state) => state.cashier);
  const cartLines = useSeriStore((state) => state.cartLines);
  const tenderedText = useSeriStore((state) => state.tenderedText);
  const addToCart = useSeriStore((state) => state.addToCart);
  const changeQuantity = useSeriStore((state) => state.changeQuantity);
  const removeFromCart = useSeriStore((state) => state.removeFromCart);
  const setTenderedText = useSeriStore((state) => state.setTenderedText);
  const clearCart = useSeriStore((state) => state.clearCart);
  const pushToast = useSeriStore((state) => state.pushToast);

  const [query, setQuery] = useState('');
  // The result picked with the arrows, for the search it was picked in.
  const [picked, setPicked] = useState({ search: '', index: 0 });
  const [finalizing, setFinalizing] = useState(false);
  const scanRef = useRef<HTMLInputElement>(null);
  // Scans are handled one after another, in the order they were typed.
  const scanQueue = useRef<Promise<void>>(Promise.resolve());
  const searched = useDebounced(query, 120);

  const results = useLiveQuery(
    async () => withStock(db, await searchProducts(db, searched, RESULT_LIMIT)),
    [db, searched],
    [] as ProductWithStock[],
  );
  const highlight = picked.search === searched ? picked.index : 0;
  const setHighlight = (next: (index: number) => number): void => setPicked({ search: searched, index: next(highlight) });

  const cartKey = cartLines.map((line) => line.productId).join('|');
  const cartProducts = useLiveQuery(
    async () => {
      const found = await db.products.bulkGet(cartKey === '' ? [] : cartKey.split('|'));
      return withStock(db, found.filter((product) => product !== undefined));
    },
    [db, cartKey],
  );
  const productById = useMemo(() => new Map((cartProducts ?? []).map((product) => [product.id, product])), [cartProducts]);
  const pricedReady = cartLines.every((line) => productById.has(line.productId));
  const totals = useMemo(
    () =>
      priceLines(
        cartLines.filter((line) => productById.has(line.productId)).map((line) => ({ ...line, unitPrice: productById.get(line.productId)?.price ?? 0 })),
      ),
    [cartLines, productById],
  );
  const itemCount = cartLines.reduce((sum, line) => sum + line.quantity, 0);

  const tendered = tenderedText.trim() === '' ? totals.total : parseMoney(tenderedText, currency);
  const change = tendered === null ? null : changeDue(totals.total, tendered);
  const canFinalize = cartLines.length > 0 && pricedReady && tendered !== null && change !== null && !finalizing && device !== null && cashier !== null;

  const focusScan = (): void => scanRef.current?.focus();

  const addProduct = useCallback(
    (productId: string) => {
      addToCart(productId);
      setPicked({ search: '', index: 0 });
    },
    [addToCart],
  );

  /** Enter in the scan field: an exact barcode goes straight to the cart (keyboard-wedge scanner). */
  const handleScan = (code: string, picked: ProductWithStock | undefined): void => {
    // Cleared at once, so the next barcode the scanner types lands in an empty field.
    setQuery('');
    scanQueue.current = scanQueue.current.then(async () => {
      try {
        const product = picked ?? (await findByBarcode(db, code)) ?? (await searchProducts(db, code, 1))[0];
        if (product) {
          addProduct(product.id);
          return;
        }
        pushToast('error', t('checkout.unknownBarcode', { code }));
        setQuery((current) => (current === '' ? code : current));
      } catch (error) {
        pushToast('error', describeError(t, error));
      }
    });
  };

  const onScanKeyDown = (event: KeyboardEvent<HTMLInputElement>): void => {
    const code = event.currentTarget.value.trim();
    if (event.key === 'Enter') {
      event.preventDefault();
      if (code === '') return;
      // A result the cashier moved to with the arrows wins; otherwise barcode, then best match.
      const picked = searched === query && highlight > 0 ? results[highlight] : undefined;
      handleScan(code, picked);
    } else if (event.key === 'ArrowDown') {
      event.preventDefault();
      setHighlight((index) => Math.min(index + 1, Math.max(results.length - 1, 0)));
    } else if (event.key === 'ArrowUp') {
      event.preventDefault();
      setHighlight((index) => Math.max(index - 1, 0));
    } else if (event.key === 'Escape') {
      setQuery('');
    }
  };

  const finalize = async (): Promise<void> => {
    if (!canFinalize || !device || !cashier || tendered === null) return;
    const context: DeviceContext = {
      deviceId: device.deviceId ?? '',
      shopId: shop?.id ?? device.shop?.id ?? '',
      terminalCode: device.terminalCode ?? 'T00',
      currency,
    };
    setFinalizing(true);
    try {
      const total = totals.total;
      const payments = total > 0 ? [{ method: 'CASH' as const, amount: total, ...(tendered > total ? { tendered } : {}) }] : [];
      const sale = await createSale(db, { lines: cartLines, payments, cashierId: cashier.userId, device: context });
      // Only now, with the sale on disk, does the cashier get the confirmation.
      clearCart();
      pushToast('success', t('checkout.saleSaved', { number: sale.number }));
      runtime.relay.nudge();
    } catch (error) {
      pushToast('error', t('checkout.saleFailed', { message: describeError(t, error) }));
    } finally {
      setFinalizing(false);
      focusScan();
    }
  };

  useEffect(() => {
    const onKey = (event: globalThis.KeyboardEvent): void => {
      if (event.key === 'F9') {
        event.preventDefault();
        void finalize();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });

  const showResults = query.trim() !== '' && searched === query;

  return (
    <main className="checkout">
      <section className="checkout__search" aria-labelledby="scan-label">
        <label className="field">
          <span id="scan-label" className="field__label">
            {t('checkout.scanLabel')}
          </span>
          <input
            ref={scanRef}
            className="input input--scan"
            data-testid="scan-input"
            type="search"
            autoComplete="off"
            spellCheck={false}
            autoFocus
            placeholder={t('checkout.scanPlaceholder')}
            value={query}
            role="combobox"
            aria-expanded={showResults && results.length > 0}
            aria-controls="scan-results"
            aria-activedescendant={showResults && results[highlight] ? `result-${results[highlight].id}` : undefined}
            onChange={(event) => setQuery(event.target.value)}
            onKeyDown={onScanKeyDown}
          />
        </label>
        {query.trim() === '' && (
          <div className="scan-help">
            <p>{t('checkout.helpTitle')}</p>
            <ul>
              <li>
                <kbd>{t('checkout.keyEnter')}</kbd>
                {t('checkout.helpEnter')}
              </li>
              <li>
                <kbd>↑ ↓</kbd>
                {t('checkout.helpArrows')}
              </li>
              <li>
                <kbd>{t('checkout.keyEscape')}</kbd>
                {t('checkout.helpEscape')}
              </li>
              <li>
                <kbd>F9</kbd>
                {t('checkout.helpFinalize')}
              </li>
            </ul>
          </div>
        )}
        {showResults && (
          <ul id="scan-results" className="results" role="listbox" aria-label={t('checkout.results')}>
            {results.length === 0 && <li className="results__empty">{t('checkout.noResults')}</li>}
            {results.map((product, index) => (
              <li key={product.id} id={`result-${product.id}`} role="option" aria-selected={index === highlight}>
                <button
                  type="button"
                  className={`result${index === highlight ? ' result--active' : ''}`}
                  data-testid="product-result"
                  data-product-id={product.id}
                  data-stock={product.stock}
                  onClick={() => {
                    addProduct(product.id);
                    setQuery('');
                    focusScan();
                  }}
                >
                  <span className="result__name">{product.name}</span>
                  <span className="result__meta">
                    {product.barcode ?? product.sku} · {t('checkout.stock', { count: product.stock })}
                  </span>
                  <span className="result__price">{money(product.price)}</span>
                </button>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section className="checkout__cart" aria-labelledby="cart-title">
        <div className="cart__header">
          <h2 id="cart-title">{t('checkout.cart')}</h2>
          <span className="muted">{t('checkout.items', { count: itemCount })}</span>
          {cartLines.length > 0 && (
            <button type="button" className="button button--ghost-dark button--small" data-testid="cart-clear" onClick={clearCart}>
              {t('checkout.clear')}
            </button>
          )}
        </div>
        {cartLines.length === 0 ? (
          <p className="cart__empty">{t('checkout.emptyCart')}</p>
        ) : (
          <ul className="cart__lines">
            {cartLines.map((line) => {
              const product = productById.get(line.productId);
              const name = product?.name ?? '…';
              const lineTotal = product ? product.price * line.quantity : 0;
              return (
                <li key={line.productId} className="cart-line" data-testid="cart-line" data-product-id={line.productId} data-quantity={line.quantity}>
                  <div className="cart-line__info">
                    <span className="cart-line__name">{name}</span>
                    <span className="muted">
                      {product ? money(product.price) : ''}
                      {product && product.stock - line.quantity < 0 ? ` · ${t('checkout.lowStock')}` : ''}
                    </span>
                  </div>
                  <div className="stepper" role="group" aria-label={t('checkout.quantity')}>
                    <button type="button" className="stepper__button" data-testid="cart-decrease" aria-label={t('checkout.decrease', { name })} onClick={() => changeQuantity(line.productId, -1)}>
                      −
                    </button>
                    <span className="stepper__value" aria-live="polite">
                      {line.quantity}
                    </span>
                    <button type="button" className="stepper__button" data-testid="cart-increase" aria-label={t('checkout.increase', { name })} onClick={() => changeQuantity(line.productId, 1)}>
                      +
                    </button>
                  </div>
                  <span className="cart-line__total">{money(lineTotal)}</span>
                  <button type="button" className="icon-button" data-testid="cart-remove" aria-label={t('checkout.remove', { name })} onClick={() => removeFromCart(line.productId)}>
                    ×
                  </button>
                </li>
              );
            })}
          </ul>
        )}

        <div className="payment">
          <div className="payment__total">
            <span>{t('checkout.total')}</span>
            <strong data-testid="cart-total">{money(totals.total)}</strong>
          </div>
          <label className="field field--inline">
            <span className="field__label">{t('checkout.tendered')}</span>
            <input
              className="input input--money"
              data-testid="tendered-input"
              inputMode="decimal"
              autoComplete="off"
              placeholder={money(totals.total)}
              aria-describedby="tendered-hint"
              aria-invalid={tendered === null || change === null}
              value={tenderedText}
              onChange={(event) => setTenderedText(event.target.value)}
              onKeyDown={(event) => {
                if (event.key === 'Enter') {
                  event.preventDefault();
                  void finalize();
                }
              }}
            />
          </label>
          <p id="tendered-hint" className="hint">
            {tendered === null
              ? t('checkout.tenderedInvalid')
              : change === null
                ? t('checkout.tenderedShort', { amount: money(totals.total - tendered) })
                : t('checkout.tenderedHint')}
          </p>
          <div className="payment__change">
            <span>{t('checkout.change')}</span>
            <strong data-testid="change-due">{money(change ?? 0)}</strong>
          </div>
          <button
            type="button"
            className="button button--primary button--huge"
            data-testid="finalize-sale"
            aria-keyshortcuts="F9"
            disabled={!canFinalize}
            aria-busy={finalizing}
            onClick={() => void finalize()}
          >
            {t('checkout.finalize')}
          </button>
          <p className="hint hint--center">
            <kbd>{t('checkout.finalizeShortcut')}</kbd>
          </p>
        </div>
      </section>
    </main>
  );
}
