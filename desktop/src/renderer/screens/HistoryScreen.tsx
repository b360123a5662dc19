import { useLiveQuery } from 'dexie-react-hooks';
import { Fragment, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { SyncBadge } from '../components/SyncBadge';
import type { LocalSale } from '../db/seri-db';
import { useShop } from '../hooks/use-shop';
import { useServices } from '../services';

/** Sales kept on this terminal (its own and, once pulled, the other terminals'), newest first. */
const HISTORY_LIMIT = 300;

export function HistoryScreen() {
  const { t } = useTranslation();
  const { db } = useServices();
  const { money, locale } = useShop();
  const sales = useLiveQuery(() => db.sales.orderBy('createdAt').reverse().limit(HISTORY_LIMIT).toArray(), [db], [] as LocalSale[]);
  const users = useLiveQuery(() => db.users.toArray(), [db], []);
  const cashierName = useMemo(() => new Map(users.map((user) => [user.id, user.name])), [users]);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const selected = sales.find((sale) => sale.id === selectedId) ?? null;

  const timeFormat = useMemo(() => new Intl.DateTimeFormat(locale, { dateStyle: 'short', timeStyle: 'short' }), [locale]);

  return (
    <main className="history">
      <section className="panel history__list" aria-labelledby="history-title">
        <h1 id="history-title">{t('history.title')}</h1>
        {sales.length === 0 ? (
          <p className="muted">{t('history.empty')}</p>
        ) : (
          <>
            <div className="sale-row sale-row--head" aria-hidden="true">
              <span>{t('history.number')}</span>
              <span>{t('history.time')}</span>
              <span>{t('history.cashier')}</span>
              <span className="num">{t('history.total')}</span>
              <span>{t('history.status')}</span>
            </div>
            <ul className="sale-list">
              {sales.map((sale) => (
                <li key={sale.id}>
                  <button
                    type="button"
                    className="sale-row"
                    data-testid="sale-row"
                    data-sale-id={sale.id}
                    data-sync-state={sale.syncState}
                    aria-pressed={sale.id === selectedId}
                    onClick={() => setSelectedId(sale.id === selectedId ? null : sale.id)}
                  >
                    <span className="mono">{sale.number}</span>
                    <span>{timeFormat.format(new Date(sale.createdAt))}</span>
                    <span>{cashierName.get(sale.cashierId) ?? t('history.unknownCashier')}</span>
                    <span className="num">{money(sale.total)}</span>
                    <span>
                      <SyncBadge state={sale.syncState} />
                    </span>
                  </button>
                </li>
              ))}
            </ul>
          </>
        )}
      </section>
      <section className="panel history__detail" aria-live="polite">
        {selected ? (
          <SaleDetail sale={selected} cashier={cashierName.get(selected.cashierId)} when={timeFormat.format(new Date(selected.createdAt))} onClose={() => setSelectedId(null)} />
        ) : (
          <p className="muted">{t('history.select')}</p>
        )}
      </section>
    </main>
  );
}

interface SaleDetailProps {
  sale: LocalSale;
  cashier: string | undefined;
  when: string;
  onClose: () => void;
}

function SaleDetail({ sale, cashier, when, onClose }: SaleDetailProps) {
  const { t } = useTranslation();
  const { db } = useServices();
  const { money } = useShop();
  const lines = useLiveQuery(() => db.saleLines.where('saleId').equals(sale.id).toArray(), [db, sale.id], []);
  return (
    <article data-testid="sale-detail" aria-labelledby="sale-detail-title">
      <div className="detail__header">
        <h2 id="sale-detail-title">{t('history.detail', { number: sale.number })}</h2>
        <button type="button" className="icon-button" aria-label={t('history.closeDetail')} onClick={onClose}>
          ×
        </button>
      </div>
      <p className="muted">
        {when} · {cashier ?? t('history.unknownCashier')} · <SyncBadge state={sale.syncState} />
      </p>
      {sale.syncState === 'rejected' && sale.rejection && (
        <p className="form-error" role="alert">
          {t('history.rejectedReason', { reason: sale.rejection.reason || sale.rejection.code })}
        </p>
      )}
      <table className="table">
        <thead>
          <tr>
            <th scope="col">{t('history.product')}</th>
            <th scope="col" className="num">
              {t('history.quantity')}
            </th>
            <th scope="col" className="num">
              {t('history.unitPrice')}
            </th>
            <th scope="col" className="num">
              {t('history.lineTotal')}
            </th>
          </tr>
        </thead>
        <tbody>
          {lines.map((line) => (
            <tr key={line.id}>
              <td>{line.name}</td>
              <td className="num">{line.quantity}</td>
              <td className="num">{money(line.unitPrice)}</td>
              <td className="num">{money(line.total)}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row" colSpan={3}>
              {t('history.total')}
            </th>
            <td className="num strong">{money(sale.total)}</td>
          </tr>
          {sale.payments.map((payment, index) => (
            <Fragment key={index}>
              <tr>
                <th scope="row" colSpan={3}>
                  {t('history.paid', { method: t(`payment.${payment.method}`) })}
                </th>
                <td className="num">{money(payment.amount)}</td>
              </tr>
              {payment.tendered !== undefined && (
                <>
                  <tr>
                    <th scope="row" colSpan={3}>
                      {t('history.tendered')}
                    </th>
                    <td className="num">{money(payment.tendered)}</td>
                  </tr>
                  <tr>
                    <th scope="row" colSpan={3}>
                      {t('history.changeGiven')}
                    </th>
                    <td className="num">{money(payment.tendered - payment.amount)}</td>
                  </tr>
                </>
              )}
            </Fragment>
          ))}
        </tfoot>
      </table>
    </article>
  );
}
