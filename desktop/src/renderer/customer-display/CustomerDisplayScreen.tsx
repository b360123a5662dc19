import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DEFAULT_CURRENCY, formatMoney, type Minor } from '@seri/shared';
import type { SeriDb } from '../db/seri-db';
import { shopFormattingLocale } from '../i18n/i18n';
import { TEST_CARD_MS, onDisplayMessage, postToDisplay, type CustomerView } from './display-channel';
import './customer-display.css';

/**
 * The customer display page (index.html#customer-display): read-only, large type, in the shop's
 * language. It reads the shop and the language from this origin's IndexedDB, the cart from the
 * till's page over the display channel, and calls nothing in main (Electron gives it no bridge).
 */
export function CustomerDisplayScreen({ db }: { db: SeriDb }) {
  const { t, i18n } = useTranslation();
  const preferences = useLiveQuery(() => db.getMeta('preferences'), [db]);
  const shop = useLiveQuery(() => db.getMeta('shop'), [db]);
  const language = preferences?.locale ?? 'fr';
  const [view, setView] = useState<CustomerView>({ kind: 'welcome' });
  const [testing, setTesting] = useState(false);
  const linesRef = useRef<HTMLOListElement>(null);

  useEffect(() => {
    if (i18n.language !== language) void i18n.changeLanguage(language);
    document.documentElement.lang = language;
    document.title = t('display.title');
  }, [i18n, language, t]);

  useEffect(() => {
    const stop = onDisplayMessage((message) => {
      if (message.type === 'view') setView(message.view);
      else if (message.type === 'test') setTesting(true);
    });
    // Opened mid-sale (or reloaded): ask the till for what is on its screen.
    postToDisplay({ type: 'hello' });
    return stop;
  }, []);

  useEffect(() => {
    if (!testing) return;
    const timer = setTimeout(() => setTesting(false), TEST_CARD_MS);
    return () => clearTimeout(timer);
  }, [testing]);

  // The line just scanned is the one the customer looks for: keep the bottom of the list in view.
  useLayoutEffect(() => {
    const list = linesRef.current;
    if (list) list.scrollTop = list.scrollHeight;
  });

  const currency = shop?.currency ?? DEFAULT_CURRENCY;
  const locale = shopFormattingLocale(language, shop?.locale);
  const money = (amount: Minor): string => formatMoney(amount, currency, locale);
  const shopName = shop?.name ?? 'Seri POS';

  let body;
  switch (view.kind) {
    case 'welcome':
      body = (
        <section className="customer-display__message" data-testid="display-welcome">
          <p className="customer-display__huge">{t('display.welcome')}</p>
          <p className="customer-display__sub">{shopName}</p>
        </section>
      );
      break;
    case 'cart':
      body = (
        <section className="customer-display__cart">
          <ol className="customer-display__lines" ref={linesRef} aria-label={t('display.lines')}>
            {view.lines.map((line) => (
              <li key={line.id} className="customer-display__line" data-testid="display-line" data-product-id={line.id} data-quantity={line.quantity}>
                <span className="customer-display__name">{line.name}</span>
                <span className="customer-display__detail">
                  {line.quantity} × {money(line.unitPrice)}
                  {line.discount > 0 && ` − ${money(line.discount)}`}
                </span>
                <span className="customer-display__amount">{money(line.total)}</span>
              </li>
            ))}
          </ol>
          <div className="customer-display__totals">
            <span className="customer-display__count">{t('display.items', { count: view.itemCount })}</span>
            {view.discount > 0 && (
              <span className="customer-display__discount">
                {t('display.discount')} −{money(view.discount)}
              </span>
            )}
            <span className="customer-display__total">
              <span>{t('display.total')}</span>
              <strong data-testid="display-total">{money(view.total)}</strong>
            </span>
          </div>
        </section>
      );
      break;
    case 'paid':
      body = (
        <section className="customer-display__message customer-display__paid" data-testid="display-paid">
          <dl className="customer-display__payment">
            <div>
              <dt>{t('display.total')}</dt>
              <dd data-testid="display-total">{money(view.total)}</dd>
            </div>
            <div>
              <dt>{t('display.tendered')}</dt>
              <dd data-testid="display-tendered">{money(view.tendered)}</dd>
            </div>
            <div className="customer-display__change">
              <dt>{t('display.change')}</dt>
              <dd data-testid="display-change">{money(view.change)}</dd>
            </div>
          </dl>
          <p className="customer-display__huge" data-testid="display-thanks">
            {t('display.thanks')}
          </p>
          <p className="customer-display__sub">{t('display.seeYou', { shop: shopName })}</p>
        </section>
      );
      break;
  }

  return (
    <main className="customer-display" data-testid="customer-display" data-view={view.kind} aria-live="polite">
      <header className="customer-display__shop">{shopName}</header>
      {testing ? (
        <section className="customer-display__message customer-display__test" data-testid="display-test">
          <p className="customer-display__huge">{t('display.testTitle')}</p>
          <p className="customer-display__sub">{t('display.testBody')}</p>
        </section>
      ) : (
        body
      )}
    </main>
  );
}
