import { useLiveQuery } from 'dexie-react-hooks';
import { useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { PAYMENT_METHODS, parseMoney, type Minor, type PaymentMethod, type SaleTaxLine } from '@seri/shared';
import { ChoiceGroup } from '../components/ChoiceGroup';
import { ReceiptPreview } from '../components/ReceiptPreview';
import { useCustomerDisplayFeed } from '../customer-display/use-customer-display-feed';
import { sessionForSale } from '../domain/cash-session-commands';
import { createSale, type DeviceContext } from '../domain/create-sale';
import { PAYMENT_MODES, discountNeedsApproval, needsReference, parseDiscount, planPayments, type PaymentPlan } from '../domain/payments';
import { searchProducts, withStock, type ProductWithStock } from '../domain/product-search';
import { saleReceipt } from '../domain/receipt-document';
import { cartAmounts, type SaleTotals as CartTotals } from '../domain/sale-totals';
import { rateForProduct } from '../domain/tax-rates';
import { describeError } from '../hooks/describe-error';
import { useDebounced } from '../hooks/use-debounced';
import { usePreferences } from '../hooks/use-preferences';
import { usePrintReceipt, useReceiptContext } from '../hooks/use-receipts';
import { MeasuredPrice } from './checkout/MeasuredPrice';
import { SCAN_FIELD_ATTRIBUTE } from '../hooks/use-scanner-wedge';
import { useShop } from '../hooks/use-shop';
import { useRateName, useTaxContext } from '../hooks/use-taxes';
import { useRuntime, useServices } from '../services';
import type { CartLine } from '../store/cart.slice';
import { scanIntoCart, scannedProducts } from '../store/scan-into-cart';
import { useSeriStore } from '../store/seri-store';
import { CheckoutKeypad, useCheckoutKeypad, useIsKeypadTarget } from './checkout/CheckoutKeypad';
import { SaleCustomerButton } from './checkout/SaleCustomerButton';
import { SessionBar } from './checkout/SessionBar';
// Quick keys, loose goods and shortcuts (issue #15).
import { cartLineKey, lineUnitPrice } from '../domain/line-pricing';
import { addProductToCart } from '../store/add-product';
import { QuickKeysPanel } from './checkout/QuickKeysPanel';
import { ShortcutHints, useCheckoutShortcuts } from './checkout/use-checkout-shortcuts';

const RESULT_LIMIT = 12;

/** A cart line priced from the catalogue, its discount never more than its amount. */
interface PricedCartLine extends CartLine {
  product: ProductWithStock;
  gross: Minor;
  appliedDiscount: Minor;
  total: Minor;
}

/** "Caisse": scan or search, build the cart, take the payment, finalize. Everything works offline. */
export function CheckoutScreen() {
  const { t } = useTranslation();
  const { db } = useServices();
  const runtime = useRuntime();
  const { shop, currency, money } = useShop();
  const { preferences } = usePreferences();
  const device = useSeriStore((state) => state.device);
  const cashier = useSeriStore((state) => state.cashier);
  const cartLines = useSeriStore((state) => state.cartLines);
  const saleDiscount = useSeriStore((state) => state.saleDiscount);
  const payment = useSeriStore((state) => state.payment);
  const lastSale = useSeriStore((state) => state.lastSale);
  const saleCustomer = useSeriStore((state) => state.saleCustomer);
  const clearCart = useSeriStore((state) => state.clearCart);
  const setLastSale = useSeriStore((state) => state.setLastSale);
  const pushToast = useSeriStore((state) => state.pushToast);
  const print = usePrintReceipt();
  const receiptContext = useReceiptContext();
  const taxes = useTaxContext();

  const [query, setQuery] = useState('');
  // The result picked with the arrows, for the search it was picked in.
  const [picked, setPicked] = useState({ search: '', index: 0 });
  const [finalizing, setFinalizing] = useState(false);
  const [previewing, setPreviewing] = useState(false);
  const scanRef = useRef<HTMLInputElement>(null);
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
  const productById = useMemo(() => {
    const known = new Map<string, ProductWithStock>();
    // A line just scanned shows at once from the scan's own read; the live query then takes over.
    for (const line of cartLines) {
      const scanned = scannedProducts.get(line.productId);
      if (scanned) known.set(scanned.id, { ...scanned, stock: Number.POSITIVE_INFINITY });
    }
    for (const product of cartProducts ?? []) known.set(product.id, product);
    return known;
  }, [cartProducts, cartLines]);
  const pricedReady = cartLines.every((line) => productById.has(line.productId));
  const priced: PricedCartLine[] = useMemo(
    () =>
      cartLines.flatMap((line) => {
        const product = productById.get(line.productId);
        if (!product) return [];
        const gross = lineUnitPrice(line, product.price) * line.quantity;
        const appliedDiscount = Math.min(line.discount, gross);
        return [{ ...line, product, gross, appliedDiscount, total: gross - appliedDiscount }];
      }),
    [cartLines, productById],
  );
  // The rate of each line as the till shows it (null while the rates are read: the sale then reads them itself).
  const lineRates = useMemo(() => priced.map((line) => (taxes ? rateForProduct(line.product, taxes) : null)), [priced, taxes]);
  const totals = useMemo(() => {
    const lines = priced.map((line, index) => ({ productId: line.productId, quantity: line.quantity, discount: line.appliedDiscount, unitPrice: lineUnitPrice(line, line.product.price), rate: lineRates[index] ?? null }));
    const inclusive = taxes?.pricesIncludeTax ?? true;
    const subtotal = cartAmounts(lines, 0, inclusive).subtotal;
    return cartAmounts(lines, Math.min(saleDiscount, subtotal), inclusive);
  }, [priced, lineRates, taxes, saleDiscount]);
  const itemCount = cartLines.reduce((sum, line) => sum + line.quantity, 0);
  useCustomerDisplayFeed(priced, totals, lastSale);
  const plan = planPayments(totals.total, payment, currency);
  const canFinalize = cartLines.length > 0 && pricedReady && plan.ok && !finalizing && device !== null && cashier !== null;

  const focusScan = (): void => scanRef.current?.focus();

  const addProduct = useCallback((product: ProductWithStock) => {
    addProductToCart(product);
    setPicked({ search: '', index: 0 });
  }, []);
  useCheckoutShortcuts();

  /** Enter in the scan field: an exact barcode goes straight to the cart (keyboard-wedge scanner). */
  const handleScan = (code: string, chosen: ProductWithStock | undefined): void => {
    // Cleared at once, so the next barcode the scanner types lands in an empty field.
    setQuery('');
    if (chosen) {
      addProduct(chosen);
      return;
    }
    void scanIntoCart(db, t, code).then((added) => {
      if (added) setPicked({ search: '', index: 0 });
      // An unknown code stays in the field for the cashier to correct.
      else setQuery((current) => (current === '' ? code : current));
    });
  };

  const onScanKeyDown = (event: KeyboardEvent<HTMLInputElement>): void => {
    const code = event.currentTarget.value.trim();
    if (event.key === 'Enter') {
      event.preventDefault();
      if (code === '') return;
      // A result the cashier moved to with the arrows wins; otherwise barcode, then best match.
      handleScan(code, searched === query && highlight > 0 ? results[highlight] : undefined);
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
    if (!canFinalize || !device || !cashier || !plan.ok) return;
    const context: DeviceContext = {
      deviceId: device.deviceId ?? '',
      shopId: shop?.id ?? device.shop?.id ?? '',
      terminalCode: device.terminalCode ?? 'T00',
      currency,
    };
    setFinalizing(true);
    try {
      const lines = priced.map((line) => ({ productId: line.productId, quantity: line.quantity, discount: line.appliedDiscount, grams: line.grams, openPrice: line.openPrice }));
      // What the cashier sees lets the sale skip a read; createSale checks it all the same.
      const shown = new Map(
        priced.map((line, index) => [line.productId, { price: line.product.price, name: line.product.name, stock: line.product.stock, ...(taxes ? { rate: lineRates[index] ?? null } : {}) }]),
      );
      // The open cash session, or the next one when the shop lets the till sell before opening (refused otherwise).
      const sessionId = await sessionForSale(db, context.deviceId);
      const sale = await createSale(db, {
        lines,
        payments: plan.payments,
        discount: totals.discount,
        cashierId: cashier.userId,
        device: context,
        shown,
        sessionId,
        customer: saleCustomer,
        ...(taxes ? { pricesIncludeTax: taxes.pricesIncludeTax } : {}),
      });
      // Only now, with the sale on disk, does the cashier get the confirmation.
      clearCart();
      setLastSale({ saleId: sale.id, number: sale.number, change: plan.change });
      pushToast('success', t('checkout.saleSaved', { number: sale.number }));
      runtime.relay.nudge();
      if (preferences.autoPrint) {
        const { lines: saleLines, ...row } = sale;
        void print(saleReceipt({ ...row, syncState: 'pending' }, saleLines, receiptContext(sale.cashierId)), false);
      }
    } catch (error) {
      pushToast('error', t('checkout.saleFailed', { message: describeError(t, error) }));
    } finally {
      setFinalizing(false);
      focusScan();
    }
  };

  useEffect(() => {
    const onKey = (event: globalThis.KeyboardEvent): void => {
      if (document.querySelector('dialog[open]')) return;
      if (event.key === 'F9') {
        event.preventDefault();
        void finalize();
      } else if (event.key === 'F2') {
        event.preventDefault();
        focusScan();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });

  const showResults = query.trim() !== '' && searched === query;

  return (
    <main className="checkout">
      <section className="checkout__search" aria-labelledby="scan-label">
        <CheckoutKeypad total={totals.total} />
        <SessionBar />
        <label className="field">
          <span id="scan-label" className="field__label">
            {t('checkout.scanLabel')}
          </span>
          <input
            ref={scanRef}
            className="input input--scan"
            data-testid="scan-input"
            {...{ [SCAN_FIELD_ATTRIBUTE]: '' }}
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
            aria-keyshortcuts="F2"
            onChange={(event) => setQuery(event.target.value)}
            onKeyDown={onScanKeyDown}
          />
        </label>
        {query.trim() === '' && <QuickKeysPanel />}
        {query.trim() === '' && <ScanHelp />}
        {showResults && (
          <ul id="scan-results" className="results" role="listbox" aria-label={t('checkout.results')}>
            {results.length === 0 && (
              <li className="results__empty" role="option" aria-selected={false} aria-disabled>
                {t('checkout.noResults')}
              </li>
            )}
            {results.map((product, index) => (
              <li
                key={product.id}
                id={`result-${product.id}`}
                role="option"
                aria-selected={index === highlight}
                className={`result${index === highlight ? ' result--active' : ''}`}
                data-testid="product-result"
                data-product-id={product.id}
                data-stock={product.stock}
                onClick={() => {
                  addProduct(product);
                  setQuery('');
                  focusScan();
                }}
              >
                <span className="result__name">{product.name}</span>
                <span className="result__meta">
                  {product.barcode ?? product.sku} · {t('checkout.stock', { count: product.stock })}
                </span>
                <span className="result__price">{money(product.price)}</span>
              </li>
            ))}
          </ul>
        )}
        {lastSale && (
          <div className="last-sale" data-testid="last-sale" role="status">
            <div>
              <p className="last-sale__title">{t('checkout.lastSale', { number: lastSale.number })}</p>
              {lastSale.change > 0 && (
                <p className="last-sale__change">
                  {t('checkout.changeToGive')} <strong data-testid="last-sale-change">{money(lastSale.change)}</strong>
                </p>
              )}
            </div>
            <button type="button" className="button" data-testid="last-sale-receipt" onClick={() => setPreviewing(true)}>
              {t('checkout.showReceipt')}
            </button>
          </div>
        )}
        {previewing && lastSale && <LastSaleReceipt saleId={lastSale.saleId} onClose={() => setPreviewing(false)} />}
      </section>

      <section className="checkout__cart" aria-labelledby="cart-title">
        <div className="cart__header">
          <h2 id="cart-title">{t('checkout.cart')}</h2>
          <span className="muted">{t('checkout.items', { count: itemCount })}</span>
          <div className="cart__actions">
            <SaleCustomerButton />
            {cartLines.length > 0 && (
              <button type="button" className="button button--ghost-dark button--small" data-testid="cart-clear" onClick={clearCart}>
                {t('checkout.clear')}
              </button>
            )}
          </div>
        </div>
        {cartLines.length === 0 ? (
          <p className="cart__empty">{t('checkout.emptyCart')}</p>
        ) : (
          <ul className="cart__lines">
            {priced.map((line) => (
              <CartLineRow key={cartLineKey(line)} line={line} threshold={preferences.discountApprovalPercent} />
            ))}
          </ul>
        )}

        <div className="payment">
          <SaleTotals totals={totals} threshold={preferences.discountApprovalPercent} disabled={cartLines.length === 0} />
          <PaymentPanel total={totals.total} plan={plan} onSubmit={() => void finalize()} />
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
        </div>
      </section>
    </main>
  );
}

function ScanHelp() {
  const { t } = useTranslation();
  return (
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
          <kbd>F2</kbd>
          {t('checkout.helpSearch')}
        </li>
        <li>
          <kbd>F9</kbd>
          {t('checkout.helpFinalize')}
        </li>
        <ShortcutHints />
        <li>
          <kbd>F6</kbd>
          {t('session.help.session')}
        </li>
        <li>
          <kbd>F7</kbd>
          {t('session.help.park')}
        </li>
        <li>
          <kbd>F8</kbd>
          {t('session.help.parked')}
        </li>
      </ul>
      <p className="muted">{t('checkout.helpScanner')}</p>
    </div>
  );
}

/** The last sale's receipt; a copy when it was printed already (automatic printing). */
function LastSaleReceipt({ saleId, onClose }: { saleId: string; onClose: () => void }) {
  const { db } = useServices();
  const receiptContext = useReceiptContext();
  const { preferences } = usePreferences();
  const data = useLiveQuery(async () => {
    const sale = await db.sales.get(saleId);
    return sale ? { sale, lines: await db.saleLines.where('saleId').equals(saleId).toArray() } : null;
  }, [db, saleId]);
  if (!data) return null;
  return <ReceiptPreview receipt={saleReceipt(data.sale, data.lines, receiptContext(data.sale.cashierId), preferences.autoPrint)} onClose={onClose} />;
}

/** Asks for a manager's PIN when a discount is above the threshold; resolves with the approver, undefined when none is needed, null when refused. */
function useDiscountApproval(threshold: number): (discount: Minor, base: Minor, summary: string) => Promise<string | undefined | null> {
  const requestApproval = useSeriStore((state) => state.requestApproval);
  return useCallback(
    async (discount, base, summary) => {
      if (!discountNeedsApproval(discount, base, threshold)) return undefined;
      const approval = await requestApproval('DISCOUNT', summary);
      return approval ? approval.approverId : null;
    },
    [requestApproval, threshold],
  );
}

function CartLineRow({ line, threshold }: { line: PricedCartLine; threshold: number }) {
  const { t } = useTranslation();
  const { currency, money } = useShop();
  const changeQuantity = useSeriStore((state) => state.changeQuantity);
  const setQuantity = useSeriStore((state) => state.setQuantity);
  const removeFromCart = useSeriStore((state) => state.removeFromCart);
  const setLineDiscount = useSeriStore((state) => state.setLineDiscount);
  const pushToast = useSeriStore((state) => state.pushToast);
  const approve = useDiscountApproval(threshold);
  const [editingDiscount, setEditingDiscount] = useState(false);
  const [discountText, setDiscountText] = useState('');
  const [quantityText, setQuantityText] = useState<string | null>(null);
  const name = line.product.name;
  const key = cartLineKey(line);
  const openKeypad = useCheckoutKeypad((state) => state.open);
  const onKeypad = useIsKeypadTarget({ kind: 'quantity', lineKey: key, name });

  const applyDiscount = async (): Promise<void> => {
    const discount = parseDiscount(discountText, line.gross, currency);
    if (discount === null || discount > line.gross) {
      pushToast('error', t('checkout.discountInvalid'));
      return;
    }
    const approvedBy = await approve(discount, line.gross, t('checkout.discountSummary', { amount: money(discount), name }));
    if (approvedBy === null) return;
    setLineDiscount(key, discount, approvedBy);
    setEditingDiscount(false);
  };

  const commitQuantity = (): void => {
    if (quantityText === null) return;
    const quantity = Number(quantityText);
    if (Number.isSafeInteger(quantity) && quantity >= 0 && quantity <= 100_000) setQuantity(key, quantity);
    setQuantityText(null);
  };

  return (
    <li className={`cart-line${onKeypad ? ' cart-line--keypad' : ''}`} data-testid="cart-line" data-product-id={line.productId} data-quantity={line.quantity} data-discount={line.appliedDiscount} data-grams={line.grams}>
      <div className="cart-line__info">
        <span className="cart-line__name">{name}</span>
        <span className="cart-line__meta">
          <span className="muted">
            <MeasuredPrice line={line} price={line.product.price} />
            {line.product.stock - line.quantity < 0 ? ` · ${t('checkout.lowStock')}` : ''}
          </span>
          {line.appliedDiscount > 0 && !editingDiscount && (
            <span className="cart-line__discount" data-testid="line-discount">
              {t('checkout.lineDiscount', { amount: money(line.appliedDiscount) })}
            </span>
          )}
          {!editingDiscount && (
            <button
              type="button"
              className="link-button"
              data-testid="line-discount-toggle"
              aria-label={`${line.discount > 0 ? t('checkout.discountChange') : t('checkout.discount')} — ${name}`}
              onClick={() => {
                setDiscountText(line.discount > 0 ? String(line.discount) : '');
                setEditingDiscount(true);
              }}
            >
              {line.discount > 0 ? t('checkout.discountChange') : t('checkout.discount')}
            </button>
          )}
        </span>
      </div>
      <div className="stepper" role="group" aria-label={t('checkout.quantityOf', { name })}>
        <button type="button" className="stepper__button" data-testid="cart-decrease" aria-label={t('checkout.decrease', { name })} onClick={() => changeQuantity(key, -1)}>
          −
        </button>
        <input
          className="stepper__value"
          data-testid="cart-quantity"
          inputMode="none"
          autoComplete="off"
          aria-label={t('checkout.quantityOf', { name })}
          readOnly={line.grams !== undefined}
          value={quantityText ?? String(line.quantity)}
          onChange={(event) => setQuantityText(event.target.value.replace(/\D/g, ''))}
          onFocus={() => openKeypad({ kind: 'quantity', lineKey: key, name })}
          onBlur={commitQuantity}
          onKeyDown={(event) => {
            if (event.key === 'Enter') {
              event.preventDefault();
              commitQuantity();
            }
          }}
        />
        <button
          type="button"
          className="stepper__button"
          data-testid="cart-increase"
          aria-label={t('checkout.increase', { name })}
          // A weighing is one line of one: weigh again for more (issue #15).
          disabled={line.grams !== undefined}
          onClick={() => changeQuantity(key, 1)}
        >
          +
        </button>
      </div>
      <span className="cart-line__total">
        {line.appliedDiscount > 0 && <s className="muted cart-line__gross">{money(line.gross)}</s>}
        {money(line.total)}
      </span>
      <button type="button" className="icon-button" data-testid="cart-remove" aria-label={t('checkout.remove', { name })} onClick={() => removeFromCart(key)}>
        ×
      </button>
      {editingDiscount && (
        <span className="inline-edit">
          <input
            className="input input--small"
            data-testid="line-discount-input"
            aria-label={t('checkout.discountFor', { name })}
            placeholder={t('checkout.discountPlaceholder')}
            autoFocus
            autoComplete="off"
            value={discountText}
            onChange={(event) => setDiscountText(event.target.value)}
            onKeyDown={(event) => {
              if (event.key === 'Enter') {
                event.preventDefault();
                void applyDiscount();
              } else if (event.key === 'Escape') {
                event.stopPropagation();
                setEditingDiscount(false);
              }
            }}
          />
          <button type="button" className="button button--small" data-testid="line-discount-apply" onClick={() => void applyDiscount()}>
            {t('common.apply')}
          </button>
        </span>
      )}
    </li>
  );
}

/**
 * The cart's taxes per rate: on top of the prices (a net row, then each rate added before the
 * total), or inside them ("dont TVA 18 %" under the total). Nothing when no line carries a rate.
 */
function TaxRows({ taxes, net, inclusive }: { taxes: readonly SaleTaxLine[]; net: Minor; inclusive: boolean }) {
  const { t } = useTranslation();
  const { money } = useShop();
  const rateName = useRateName();
  if (taxes.length === 0) return null;
  return (
    <div className={inclusive ? 'totals__taxes totals__taxes--inside' : 'totals__taxes'} data-testid="cart-taxes" data-inclusive={inclusive}>
      {!inclusive && (
        <div className="totals__row">
          <span>{t('checkout.netBeforeTax')}</span>
          <span data-testid="cart-net">{money(net)}</span>
        </div>
      )}
      {taxes.map((tax) => (
        <div className="totals__row" key={`${tax.rateId ?? ''}|${tax.rateBp}|${tax.name}`} data-testid="cart-tax">
          <span>{t(inclusive ? 'checkout.taxIncluded' : 'checkout.taxAdded', { name: rateName(tax) })}</span>
          <span>{inclusive ? money(tax.tax) : `+${money(tax.tax)}`}</span>
        </div>
      ))}
    </div>
  );
}

function SaleTotals({ totals, threshold, disabled }: { totals: CartTotals; threshold: number; disabled: boolean }) {
  const { subtotal, discount, total } = totals;
  const { t } = useTranslation();
  const { currency, money } = useShop();
  const setSaleDiscount = useSeriStore((state) => state.setSaleDiscount);
  const pushToast = useSeriStore((state) => state.pushToast);
  const approve = useDiscountApproval(threshold);
  const [editing, setEditing] = useState(false);
  const [text, setText] = useState('');

  const apply = async (): Promise<void> => {
    const amount = parseDiscount(text, subtotal, currency);
    if (amount === null || amount >= subtotal) {
      pushToast('error', t('checkout.discountInvalid'));
      return;
    }
    const approvedBy = await approve(amount, subtotal, t('checkout.saleDiscountSummary', { amount: money(amount) }));
    if (approvedBy === null) return;
    setSaleDiscount(amount, approvedBy);
    setEditing(false);
  };

  return (
    <div className="totals">
      {discount > 0 && (
        <>
          <div className="totals__row">
            <span>{t('checkout.subtotal')}</span>
            <span data-testid="cart-subtotal">{money(subtotal)}</span>
          </div>
          <div className="totals__row">
            <span>{t('checkout.saleDiscount')}</span>
            <span data-testid="sale-discount">−{money(discount)}</span>
          </div>
        </>
      )}
      {!totals.pricesIncludeTax && <TaxRows taxes={totals.taxes} net={subtotal - discount} inclusive={false} />}
      <div className="payment__total">
        <span>{t('checkout.total')}</span>
        <strong data-testid="cart-total">{money(total)}</strong>
      </div>
      {totals.pricesIncludeTax && <TaxRows taxes={totals.taxes} net={subtotal - discount} inclusive />}
      {editing ? (
        <span className="inline-edit">
          <input
            className="input input--small"
            data-testid="sale-discount-input"
            aria-label={t('checkout.saleDiscount')}
            placeholder={t('checkout.discountPlaceholder')}
            autoFocus
            autoComplete="off"
            value={text}
            onChange={(event) => setText(event.target.value)}
            onKeyDown={(event) => {
              if (event.key === 'Enter') {
                event.preventDefault();
                void apply();
              } else if (event.key === 'Escape') {
                event.stopPropagation();
                setEditing(false);
              }
            }}
          />
          <button type="button" className="button button--small" data-testid="sale-discount-apply" onClick={() => void apply()}>
            {t('common.apply')}
          </button>
        </span>
      ) : (
        <button
          type="button"
          className="link-button"
          data-testid="sale-discount-toggle"
          disabled={disabled}
          onClick={() => {
            setText(discount > 0 ? String(discount) : '');
            setEditing(true);
          }}
        >
          {t('checkout.addSaleDiscount')}
        </button>
      )}
    </div>
  );
}

function PaymentPanel({ total, plan, onSubmit }: { total: Minor; plan: PaymentPlan; onSubmit: () => void }) {
  const { t } = useTranslation();
  const { currency, money, amountText } = useShop();
  const payment = useSeriStore((state) => state.payment);
  const setPaymentMode = useSeriStore((state) => state.setPaymentMode);
  const setTenderedText = useSeriStore((state) => state.setTenderedText);
  const setPaymentReference = useSeriStore((state) => state.setPaymentReference);
  const addSplitRow = useSeriStore((state) => state.addSplitRow);
  const updateSplitRow = useSeriStore((state) => state.updateSplitRow);
  const removeSplitRow = useSeriStore((state) => state.removeSplitRow);
  const openKeypad = useCheckoutKeypad((state) => state.open);

  const submitOnEnter = (event: KeyboardEvent<HTMLInputElement>): void => {
    if (event.key === 'Enter') {
      event.preventDefault();
      onSubmit();
    }
  };

  // Between sales the cart is empty: nothing is wrong, so nothing shows red.
  const showsProblem = !plan.ok && !(plan.problem.code === 'NOTHING_TO_PAY' && total >= 0);
  let hint: string;
  if (plan.ok) hint = payment.mode === 'CASH' ? t('checkout.tenderedHint') : t('checkout.paymentReady');
  else {
    const problem = plan.problem;
    switch (problem.code) {
      case 'NOTHING_TO_PAY':
        hint = total < 0 ? t('checkout.discountTooBig') : t('checkout.nothingToPay');
        break;
      case 'AMOUNT_INVALID':
        hint = t('checkout.tenderedInvalid');
        break;
      case 'SHORT':
        hint = t('checkout.tenderedShort', { amount: money(problem.missing) });
        break;
      case 'OVER':
        hint = t('checkout.paymentOver', { amount: money(problem.excess) });
        break;
      case 'REFERENCE_REQUIRED':
        hint = t('checkout.referenceRequired');
        break;
    }
  }

  return (
    <div className="payment__panel">
      <div className="segmented" role="radiogroup" aria-label={t('checkout.paymentMethod')}>
        {PAYMENT_MODES.map((mode) => (
          <button
            key={mode}
            type="button"
            role="radio"
            aria-checked={payment.mode === mode}
            className="segmented__option"
            data-testid={`payment-mode-${mode}`}
            onClick={() => setPaymentMode(mode)}
          >
            {t(`checkout.mode.${mode}`)}
          </button>
        ))}
      </div>
      {payment.mode === 'CASH' && (
        <label className="field field--inline">
          <span className="field__label">{t('checkout.tendered')}</span>
          <input
            className="input input--money"
            data-testid="tendered-input"
            inputMode="none"
            autoComplete="off"
            placeholder={money(total)}
            aria-describedby="payment-hint"
            aria-invalid={showsProblem}
            value={payment.tenderedText}
            onChange={(event) => setTenderedText(event.target.value)}
            onFocus={() => openKeypad({ kind: 'tendered' })}
            onKeyDown={submitOnEnter}
          />
        </label>
      )}
      {(payment.mode === 'MOBILE_MONEY' || payment.mode === 'CARD') && (
        <label className="field field--inline">
          <span className="field__label">{payment.mode === 'MOBILE_MONEY' ? t('checkout.mobileReference') : t('checkout.cardReference')}</span>
          <input
            className="input"
            data-testid="payment-reference"
            autoComplete="off"
            spellCheck={false}
            aria-describedby="payment-hint"
            aria-invalid={showsProblem}
            aria-required={needsReference(payment.mode)}
            value={payment.reference}
            onChange={(event) => setPaymentReference(event.target.value)}
            onKeyDown={submitOnEnter}
          />
        </label>
      )}
      {payment.mode === 'SPLIT' && (
        <div className="split" data-testid="split-payments">
          {payment.splitRows.map((row, index) => (
            <div key={row.id} className="split__row" data-testid="split-row">
              <ChoiceGroup<PaymentMethod>
                label={t('checkout.splitMethod', { index: index + 1 })}
                testId="split-method"
                value={row.method}
                onChange={(method) => updateSplitRow(row.id, { method })}
                choices={PAYMENT_METHODS.map((method) => ({ value: method, label: t(`checkout.mode.${method}`) }))}
              />
              <input
                className="input input--small input--money"
                data-testid="split-amount"
                placeholder={t('checkout.amount')}
                inputMode="none"
                autoComplete="off"
                aria-label={t('checkout.splitAmount', { index: index + 1 })}
                value={row.amountText}
                onChange={(event) => updateSplitRow(row.id, { amountText: event.target.value })}
                onFocus={() => openKeypad({ kind: 'split', rowId: row.id })}
                onBlur={() => {
                  const amount = parseMoney(row.amountText, currency);
                  if (amount !== null) updateSplitRow(row.id, { amountText: amountText(amount) });
                }}
                onKeyDown={submitOnEnter}
              />
              <input
                className="input input--small"
                data-testid="split-reference"
                autoComplete="off"
                aria-label={t('checkout.splitReference', { index: index + 1 })}
                placeholder={row.method === 'CASH' ? t('checkout.noReference') : t('checkout.reference')}
                disabled={row.method === 'CASH'}
                value={row.reference}
                onChange={(event) => updateSplitRow(row.id, { reference: event.target.value })}
                onKeyDown={submitOnEnter}
              />
              <button type="button" className="icon-button" data-testid="split-remove" aria-label={t('checkout.splitRemove', { index: index + 1 })} onClick={() => removeSplitRow(row.id)}>
                ×
              </button>
            </div>
          ))}
          <button type="button" className="link-button" data-testid="split-add" onClick={() => addSplitRow()}>
            {t('checkout.splitAdd')}
          </button>
        </div>
      )}
      <p id="payment-hint" className={`hint${showsProblem ? ' hint--problem' : ''}`} data-testid="payment-hint">
        {hint}
      </p>
      <div className="payment__change">
        <span>{t('checkout.change')}</span>
        <strong data-testid="change-due">{money(plan.ok ? plan.change : 0)}</strong>
      </div>
    </div>
  );
}
