import { useLiveQuery } from 'dexie-react-hooks';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DateField } from '../components/DateField';
import { OlderPeriodNotice } from '../components/OlderPeriodNotice';
import { computeReport, dayPeriod, localDay, parseLocalDay, type DayReport } from '../domain/reports';
import { useShop } from '../hooks/use-shop';
import { useRateName } from '../hooks/use-taxes';
import { useServices } from '../services';
import { useSeriStore } from '../store/seri-store';

/** The manager's day on this terminal, computed from Dexie, so it works offline too. */
export function ReportsScreen() {
  const { t } = useTranslation();
  const { db } = useServices();
  const { money, wordsLocale } = useShop();
  const deviceId = useSeriStore((state) => state.device?.deviceId ?? '');
  const terminalCode = useSeriStore((state) => state.device?.terminalCode ?? '—');
  const [day, setDay] = useState(localDay(new Date()));
  const date = parseLocalDay(day) ?? new Date();
  const period = dayPeriod(date);
  const report = useLiveQuery(() => computeReport(db, period, deviceId), [db, period.from, period.to, deviceId]);
  const users = useLiveQuery(() => db.users.toArray(), [db], []);
  const names = useMemo(() => new Map(users.map((user) => [user.id, user.name])), [users]);
  const dayLabel = new Intl.DateTimeFormat(wordsLocale, { dateStyle: 'full' }).format(date);

  return (
    <main className="reports" data-testid="reports">
      <div className="reports__header">
        <div>
          <h1>{t('reports.title')}</h1>
          <p className="muted">{t('reports.intro', { day: dayLabel })}</p>
        </div>
        <DateField label={t('reports.day')} testId="report-day" value={day} max={localDay(new Date())} onChange={setDay} compact />
      </div>
      <OlderPeriodNotice fromDay={day} />
      {!report ? (
        <p className="muted">{t('app.loading')}</p>
      ) : (
        <ReportBody report={report} names={names} money={money} terminalCode={terminalCode} />
      )}
    </main>
  );
}

function ReportBody({ report, names, money, terminalCode }: { report: DayReport; names: Map<string, string>; money: (amount: number) => string; terminalCode: string }) {
  const { t } = useTranslation();
  const rateName = useRateName();
  return (
    <>
      <section className="kpis" aria-label={t('reports.summary')}>
        <div className="kpi">
          <span className="kpi__label">{t('reports.takings')}</span>
          <strong className="kpi__value" data-testid="report-takings">
            {money(report.takings)}
          </strong>
          <span className="muted">{t('reports.salesCount', { count: report.salesCount })}</span>
        </div>
        <div className="kpi">
          <span className="kpi__label">{t('reports.refunds')}</span>
          <strong className="kpi__value" data-testid="report-refunds">
            {money(report.refunds)}
          </strong>
          <span className="muted">{t('reports.voidedCount', { count: report.voidedCount })}</span>
        </div>
        <div className="kpi">
          <span className="kpi__label">{t('reports.expenses')}</span>
          <strong className="kpi__value" data-testid="report-expenses">
            {money(report.expenses)}
          </strong>
        </div>
        <div className="kpi kpi--accent">
          <span className="kpi__label">{t('reports.net')}</span>
          <strong className="kpi__value" data-testid="report-net">
            {money(report.net)}
          </strong>
          <span className="small">{t('reports.netHint')}</span>
        </div>
        <div className="kpi kpi--cash">
          <span className="kpi__label">{t('reports.cashExpected', { terminal: terminalCode })}</span>
          <strong className="kpi__value" data-testid="report-cash-expected">
            {money(report.cashExpected)}
          </strong>
          <span className="muted small">{t('reports.cashExpectedHint')}</span>
        </div>
      </section>
      <div className="reports__grid">
        <section className="panel" aria-labelledby="by-method-title">
          <h2 id="by-method-title">{t('reports.byMethod')}</h2>
          <table className="table table--compact">
            <thead>
              <tr>
                <th scope="col">{t('reports.method')}</th>
                <th scope="col" className="num">
                  {t('reports.takings')}
                </th>
                <th scope="col" className="num">
                  {t('reports.refunds')}
                </th>
              </tr>
            </thead>
            <tbody>
              {report.byMethod.map((row) => (
                <tr key={row.method} data-testid="report-method" data-method={row.method} data-takings={row.takings}>
                  <td>{t(`checkout.mode.${row.method}`)}</td>
                  <td className="num">{money(row.takings)}</td>
                  <td className="num">{row.refunds > 0 ? `−${money(row.refunds)}` : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
        <section className="panel" aria-labelledby="taxes-report-title" data-testid="report-taxes">
          <h2 id="taxes-report-title">{t('reports.taxes')}</h2>
          {report.taxes.length === 0 ? (
            <p className="muted">{t('reports.noTaxes')}</p>
          ) : (
            <table className="table table--compact">
              <thead>
                <tr>
                  <th scope="col">{t('reports.taxRate')}</th>
                  <th scope="col" className="num">
                    {t('reports.taxBase')}
                  </th>
                  <th scope="col" className="num">
                    {t('reports.taxAmount')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {report.taxes.map((row) => (
                  <tr key={`${row.rateId ?? ''}|${row.rateBp}`} data-testid="report-tax" data-rate-bp={row.rateBp} data-base={row.base} data-tax={row.tax}>
                    <td>{rateName(row)}</td>
                    <td className="num">{money(row.base)}</td>
                    <td className="num">{money(row.tax)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <p className="muted small">{t('reports.taxesHint')}</p>
        </section>
        <section className="panel" aria-labelledby="by-cashier-title">
          <h2 id="by-cashier-title">{t('reports.byCashier')}</h2>
          {report.byCashier.length === 0 ? (
            <p className="muted">{t('reports.none')}</p>
          ) : (
            <table className="table table--compact">
              <thead>
                <tr>
                  <th scope="col">{t('history.cashier')}</th>
                  <th scope="col" className="num">
                    {t('reports.sales')}
                  </th>
                  <th scope="col" className="num">
                    {t('reports.takings')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {report.byCashier.map((row) => (
                  <tr key={row.cashierId} data-testid="report-cashier" data-cashier-id={row.cashierId} data-takings={row.takings}>
                    <td>{names.get(row.cashierId) ?? '—'}</td>
                    <td className="num">{row.sales}</td>
                    <td className="num">{money(row.takings)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
        <section className="panel" aria-labelledby="top-products-title">
          <h2 id="top-products-title">{t('reports.topProducts')}</h2>
          {report.topProducts.length === 0 ? (
            <p className="muted">{t('reports.none')}</p>
          ) : (
            <ol className="top-products">
              {report.topProducts.map((row) => (
                <li key={row.productId} data-testid="report-top-product" data-product-id={row.productId} data-quantity={row.quantity}>
                  <span className="top-products__name">{row.name}</span>
                  <span className="muted">{t('reports.units', { count: row.quantity })}</span>
                  <strong>{money(row.amount)}</strong>
                </li>
              ))}
            </ol>
          )}
        </section>
        <section className="panel" aria-labelledby="expenses-report-title">
          <h2 id="expenses-report-title">{t('reports.expensesByCategory')}</h2>
          {report.expensesByCategory.length === 0 ? (
            <p className="muted">{t('reports.noExpenses')}</p>
          ) : (
            <table className="table table--compact">
              <tbody>
                {report.expensesByCategory.map((row) => (
                  <tr key={row.category} data-testid="report-expense" data-amount={row.amount}>
                    <td>{row.category}</td>
                    <td className="num">{money(row.amount)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
      </div>
    </>
  );
}
