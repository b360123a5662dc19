import { useLiveQuery } from 'dexie-react-hooks';
import { Fragment, useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { DateField } from '../components/DateField';
import { PAYMENT_METHODS, type PaymentMethod, type ReceiptDocument, type SaleLineRecord } from '@seri/shared';
import { ChoiceGroup } from '../components/ChoiceGroup';
import { FormActions, Modal } from '../components/Modal';
import { NumericKeypad } from '../components/NumericKeypad';
import { ReceiptPreview } from '../components/ReceiptPreview';
import { RejectionNotice } from '../components/RejectionNotice';
import { SyncBadge } from '../components/SyncBadge';
import type { LocalRefund, LocalSale, SeriDb } from '../db/seri-db';
import { sessionForSale } from '../domain/cash-session-commands';
import { refundSale, refundableLines, refundAmount, type RefundableLine } from '../domain/refund-sale';
import { refundReceipt, saleReceipt, voidReceipt } from '../domain/receipt-document';
import { localDay, parseLocalDay } from '../domain/reports';
import { customerMatches, customerText } from '../domain/sale-customer';
import { voidSale } from '../domain/void-sale';
import { useAuthor } from '../hooks/use-author';
import { describeError } from '../hooks/describe-error';
import { useDebounced } from '../hooks/use-debounced';
import { usePreferences } from '../hooks/use-preferences';
import { usePrintReceipt, useReceiptContext } from '../hooks/use-receipts';
import { useShop } from '../hooks/use-shop';
import { useRuntime, useServices } from '../services';
import { useSeriStore } from '../store/seri-store';
import { OlderPeriodNotice } from '../components/OlderPeriodNotice';

/** What each sale has had refunded; a refund the server rejected does not count (for it the sale is still paid). */
async function refundedAmounts(db: SeriDb): Promise<Map<string, number>> {
  const amounts = new Map<string, number>();
  for (const refund of await db.refunds.toArray()) {
    if (refund.syncState !== 'rejected') amounts.set(refund.saleId, (amounts.get(refund.saleId) ?? 0) + refund.total);
  }
  return amounts;
}

export interface HistorySummary {
  /** Sales that still stand (voided ones left out). */
  count: number;
  /** Their totals less what was refunded on them: what the shop kept. */
  net: number;
  voided: number;
  refunded: number;
}

/** The list's head line: net of voids and refunds, so it matches the drawer and the day's report. */
export function historySummary(sales: readonly LocalSale[], refundedBySale: ReadonlyMap<string, number>): HistorySummary {
  let count = 0;
  let gross = 0;
  let voided = 0;
  let refunded = 0;
  for (const sale of sales) {
    if (sale.status === 'VOIDED') {
      voided += 1;
      continue;
    }
    count += 1;
    gross += sale.total;
    refunded += refundedBySale.get(sale.id) ?? 0;
  }
  return { count, net: gross - refunded, voided, refunded };
}

/** Sales shown at once; the filters narrow the days. */
const HISTORY_LIMIT = 500;

/** "Historique des ventes": this terminal's sales and, once pulled, the other terminals', by day, cashier and payment. */
export function HistoryScreen() {
  const { t } = useTranslation();
  const { db } = useServices();
  const { money, locale } = useShop();
  const today = localDay(new Date());
  const [from, setFrom] = useState(today);
  const [to, setTo] = useState(today);
  const [cashierId, setCashierId] = useState('');
  const [method, setMethod] = useState<PaymentMethod | ''>('');
  const [customerQuery, setCustomerQuery] = useState('');
  const customerSearched = useDebounced(customerQuery, 150);
  const [selectedId, setSelectedId] = useState<string | null>(null);

  const fromDate = parseLocalDay(from);
  const toDate = parseLocalDay(to);
  const range = fromDate && toDate ? { from: fromDate.toISOString(), to: new Date(toDate.getFullYear(), toDate.getMonth(), toDate.getDate() + 1).toISOString() } : null;
  const sales = useLiveQuery(
    async () => {
      if (!range) return [] as LocalSale[];
      const rows = await db.sales.where('createdAt').between(range.from, range.to, true, false).reverse().toArray();
      return rows
        .filter((sale) => (cashierId === '' || sale.cashierId === cashierId) && (method === '' || sale.payments.some((payment) => payment.method === method)))
        .filter((sale) => customerMatches(sale.customer, customerSearched))
        .slice(0, HISTORY_LIMIT);
    },
    [db, range?.from, range?.to, cashierId, method, customerSearched],
    [] as LocalSale[],
  );
  const refundedBySale = useLiveQuery(() => refundedAmounts(db), [db], new Map<string, number>());
  const users = useLiveQuery(() => db.users.orderBy('id').toArray(), [db], []);
  const cashierName = useMemo(() => new Map(users.map((user) => [user.id, user.name])), [users]);
  const selected = useLiveQuery(() => (selectedId ? db.sales.get(selectedId) : undefined), [db, selectedId]);
  // One day listed: its rows say the time only (the day is in the filter); several: the day too.
  const oneDay = from === to;
  const timeFormat = useMemo(() => new Intl.DateTimeFormat(locale, oneDay ? { timeStyle: 'short' } : { dateStyle: 'short', timeStyle: 'short' }), [locale, oneDay]);
  const summary = historySummary(sales, refundedBySale);

  return (
    <main className="history">
      <section className="panel history__list" aria-labelledby="history-title">
        <div className="panel__header">
          <h1 id="history-title">{t('history.title')}</h1>
          <span className="muted" data-testid="history-summary">
            {t('history.summary', { count: summary.count, total: money(summary.net) })}
            {summary.voided > 0 && ` · ${t('history.summaryVoided', { count: summary.voided })}`}
            {summary.refunded > 0 && ` · ${t('history.summaryRefunded', { amount: money(summary.refunded) })}`}
          </span>
        </div>
        <form className="filters" aria-label={t('history.filters')} onSubmit={(event) => event.preventDefault()}>
          <DateField label={t('history.from')} testId="history-from" value={from} max={to} onChange={setFrom} compact />
          <DateField label={t('history.to')} testId="history-to" value={to} min={from} onChange={setTo} compact />
          <div className="field field--compact">
            <span className="field__label">{t('history.cashier')}</span>
            <ChoiceGroup
              label={t('history.cashier')}
              testId="history-cashier"
              value={cashierId}
              onChange={setCashierId}
              choices={[{ value: '', label: t('history.allCashiers') }, ...[...users].sort((a, b) => a.name.localeCompare(b.name)).map((user) => ({ value: user.id, label: user.name }))]}
            />
          </div>
          <div className="field field--compact">
            <span className="field__label">{t('history.method')}</span>
            <ChoiceGroup<PaymentMethod | ''>
              label={t('history.method')}
              testId="history-method"
              value={method}
              onChange={setMethod}
              choices={[{ value: '', label: t('history.allMethods') }, ...PAYMENT_METHODS.map((value) => ({ value, label: t(`checkout.mode.${value}`) }))]}
            />
          </div>
          <label className="field field--compact">
            <span className="field__label">{t('history.customer')}</span>
            <input
              className="input input--small"
              type="search"
              data-testid="history-customer"
              autoComplete="off"
              spellCheck={false}
              placeholder={t('history.customerPlaceholder')}
              value={customerQuery}
              onChange={(event) => setCustomerQuery(event.target.value)}
            />
          </label>
        </form>
        <OlderPeriodNotice fromDay={from} />
        {sales.length === 0 ? (
          <p className="muted" data-testid="history-empty">
            {t('history.empty')}
          </p>
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
                    data-status={sale.status}
                    aria-pressed={sale.id === selectedId}
                    onClick={() => setSelectedId(sale.id === selectedId ? null : sale.id)}
                  >
                    <span className="mono">{sale.number}</span>
                    <span>{timeFormat.format(new Date(sale.createdAt))}</span>
                    <span>{cashierName.get(sale.cashierId) ?? t('history.unknownCashier')}</span>
                    <span className={`num${sale.status === 'VOIDED' ? ' struck' : ''}`}>{money(sale.total)}</span>
                    <span className="badges">
                      {sale.status === 'VOIDED' ? (
                        <span className="badge badge--rejected">{t('history.voided')}</span>
                      ) : (refundedBySale.get(sale.id) ?? 0) > 0 ? (
                        <span className="badge badge--pending" data-testid="sale-refunded">
                          {(refundedBySale.get(sale.id) ?? 0) >= sale.total ? t('history.refunded') : t('history.refundedPartly')}
                        </span>
                      ) : null}
                      <SyncBadge state={sale.syncState} />
                    </span>
                  </button>
                </li>
              ))}
            </ul>
          </>
        )}
      </section>
      <section className="panel history__detail" aria-label={t('history.detailLabel')}>
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

type Dialog = { kind: 'void' } | { kind: 'refund' } | { kind: 'preview'; receipt: ReceiptDocument } | null;

function SaleDetail({ sale, cashier, when, onClose }: SaleDetailProps) {
  const { t } = useTranslation();
  const { db } = useServices();
  const { money, locale } = useShop();
  const print = usePrintReceipt();
  const receiptContext = useReceiptContext();
  const lines = useLiveQuery(() => db.saleLines.where('saleId').equals(sale.id).toArray(), [db, sale.id], []);
  const refunds = useLiveQuery(() => db.refunds.where('saleId').equals(sale.id).sortBy('createdAt'), [db, sale.id], [] as LocalRefund[]);
  const refundable = useLiveQuery(() => refundableLines(db, sale), [db, sale], [] as RefundableLine[]);
  const [dialog, setDialog] = useState<Dialog>(null);
  const timeFormat = useMemo(() => new Intl.DateTimeFormat(locale, { dateStyle: 'short', timeStyle: 'short' }), [locale]);
  const voided = sale.status === 'VOIDED';
  const canRefund = !voided && refundable.some((entry) => entry.remaining > 0);
  // A sale refunded in part is refunded further, never voided (voidSale refuses it too).
  const canVoid = !voided && refunds.length === 0;
  const voidRejection = useLiveQuery(
    () => db.outbox.where('entityId').equals(sale.id).filter((row) => row.kind === 'void' && row.rejection !== undefined).first(),
    [db, sale.id],
  );
  const receipt = (copy: boolean): ReceiptDocument => saleReceipt(sale, lines, receiptContext(sale.cashierId), copy);

  return (
    <article data-testid="sale-detail" data-sale-id={sale.id} aria-labelledby="sale-detail-title">
      <div className="detail__header">
        <h2 id="sale-detail-title">{t('history.detail', { number: sale.number })}</h2>
        <button type="button" className="icon-button" aria-label={t('history.closeDetail')} onClick={onClose}>
          ×
        </button>
      </div>
      <p className="muted">
        {when} · {cashier ?? t('history.unknownCashier')} · <SyncBadge state={sale.syncState} />
        {sale.customer && (
          <span className="sale-detail__customer" data-testid="sale-customer-detail">
            {' · '}
            {t('customer.on', { customer: customerText(sale.customer) })}
          </span>
        )}
        {voided && (
          <>
            {' '}
            <span className="badge badge--rejected" data-testid="sale-voided">
              {t('history.voided')}
            </span>
          </>
        )}
      </p>
      {sale.syncState === 'rejected' && sale.rejection && <RejectionNotice rejection={sale.rejection} op={{ entity: 'sale', kind: 'create' }} testId="sale-rejection" />}
      {voidRejection?.rejection && <RejectionNotice rejection={voidRejection.rejection} op={{ entity: 'sale', kind: 'void' }} testId="void-rejection" />}
      <div className="detail__actions">
        <button type="button" className="button button--small" data-testid="sale-receipt" onClick={() => setDialog({ kind: 'preview', receipt: receipt(true) })}>
          {t('history.showReceipt')}
        </button>
        <button type="button" className="button button--small" data-testid="sale-reprint" onClick={() => void print(receipt(true))}>
          {t('history.reprint')}
        </button>
        {canRefund && (
          <button type="button" className="button button--small" data-testid="sale-refund" onClick={() => setDialog({ kind: 'refund' })}>
            {t('history.refund')}
          </button>
        )}
        {canVoid && (
          <button type="button" className="button button--small button--danger" data-testid="sale-void" onClick={() => setDialog({ kind: 'void' })}>
            {t('history.void')}
          </button>
        )}
      </div>
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
            <tr key={line.id} data-testid="sale-line">
              <td>
                {line.name}
                {line.discount > 0 && <span className="muted small"> · {t('history.lineDiscount', { amount: money(line.discount) })}</span>}
              </td>
              <td className="num">{line.quantity}</td>
              <td className="num">{money(line.unitPrice)}</td>
              <td className="num">{money(line.total)}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          {sale.discount > 0 && (
            <tr>
              <th scope="row" colSpan={3}>
                {t('history.saleDiscount')}
              </th>
              <td className="num">−{money(sale.discount)}</td>
            </tr>
          )}
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
                  {payment.reference ? t('history.paidRef', { method: t(`payment.${payment.method}`), reference: payment.reference }) : t('history.paid', { method: t(`payment.${payment.method}`) })}
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
      {refunds.length > 0 && (
        <section aria-labelledby="refunds-title" className="refunds">
          <h3 id="refunds-title">{t('history.refunds')}</h3>
          <ul className="plain-list">
            {refunds.map((refund) => (
              <li key={refund.id} data-testid="refund-row" data-sync-state={refund.syncState}>
                <span>
                  {timeFormat.format(new Date(refund.createdAt))} · {t(`payment.${refund.method}`)} · {refund.reason}
                </span>
                <strong>−{money(refund.total)}</strong>
                <SyncBadge state={refund.syncState} />
                <button type="button" className="link-button" data-testid="refund-receipt" onClick={() => setDialog({ kind: 'preview', receipt: refundReceipt(sale, refund, lines, receiptContext(refund.userId), true) })}>
                  {t('history.showReceipt')}
                </button>
                {refund.syncState === 'rejected' && refund.rejection && (
                  <RejectionNotice rejection={refund.rejection} op={{ entity: 'sale', kind: 'refund' }} testId="refund-rejection" />
                )}
              </li>
            ))}
          </ul>
        </section>
      )}
      {dialog?.kind === 'preview' && <ReceiptPreview receipt={dialog.receipt} onClose={() => setDialog(null)} />}
      {dialog?.kind === 'void' && <VoidDialog sale={sale} lines={lines} onClose={() => setDialog(null)} />}
      {dialog?.kind === 'refund' && <RefundDialog sale={sale} refundable={refundable} onClose={() => setDialog(null)} />}
    </article>
  );
}

function VoidDialog({ sale, lines, onClose }: { sale: LocalSale; lines: readonly SaleLineRecord[]; onClose: () => void }) {
  const { t } = useTranslation();
  const { db } = useServices();
  const runtime = useRuntime();
  const author = useAuthor();
  const { money } = useShop();
  const { preferences } = usePreferences();
  const print = usePrintReceipt();
  const receiptContext = useReceiptContext();
  const requestApproval = useSeriStore((state) => state.requestApproval);
  const pushToast = useSeriStore((state) => state.pushToast);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    if (busy || !author) return;
    if (reason.trim() === '') {
      setError(t('history.reasonRequired'));
      return;
    }
    setBusy(true);
    try {
      const approval = await requestApproval('VOID_SALE', t('history.voidSummary', { number: sale.number, amount: money(sale.total) }));
      if (!approval) return;
      const op = await voidSale(db, { saleId: sale.id, reason, approvedBy: approval.approverId, author });
      runtime.relay.nudge();
      pushToast('success', t('history.voidedToast', { number: sale.number }));
      if (preferences.autoPrint) void print(voidReceipt(sale, lines, op.payload.reason, op.payload.createdAt, receiptContext(author.userId)), false);
      onClose();
    } catch (failure) {
      setError(describeError(t, failure));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal labelledBy="void-title" onClose={onClose} testId="void-dialog">
      <form className="modal__body" onSubmit={(event) => void submit(event)} noValidate>
        <h2 id="void-title">{t('history.voidTitle', { number: sale.number })}</h2>
        <p className="muted">{t('history.voidIntro', { amount: money(sale.total) })}</p>
        <label className="field">
          <span className="field__label">{t('history.reason')}</span>
          <input className="input" data-testid="void-reason" autoFocus autoComplete="off" maxLength={500} value={reason} onChange={(event) => setReason(event.target.value)} />
        </label>
        <FormActions testId="void" error={error} busy={busy} submitLabel={t('history.voidConfirm')} cancelLabel={t('history.voidKeep')} onCancel={onClose} danger />
      </form>
    </Modal>
  );
}

/** The reasons a refund is most often given for: a tap instead of typing. */
const REFUND_REASONS = ['defective', 'wrongItem', 'changedMind'] as const;

function RefundDialog({ sale, refundable, onClose }: { sale: LocalSale; refundable: RefundableLine[]; onClose: () => void }) {
  const { t } = useTranslation();
  const { db } = useServices();
  const runtime = useRuntime();
  const author = useAuthor();
  const { money } = useShop();
  const { preferences } = usePreferences();
  const print = usePrintReceipt();
  const receiptContext = useReceiptContext();
  const requestApproval = useSeriStore((state) => state.requestApproval);
  const pushToast = useSeriStore((state) => state.pushToast);
  const [quantities, setQuantities] = useState<Record<string, number>>({});
  const [method, setMethod] = useState<PaymentMethod>(sale.payments[0]?.method ?? 'CASH');
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const amount = refundable.reduce((sum, entry) => sum + (quantities[entry.line.id] ? refundAmount(entry, quantities[entry.line.id] ?? 0) : 0), 0);
  // The line the on-screen keypad sets: the one last tapped, else the first still refundable.
  const [chosenLine, setChosenLine] = useState<string | null>(null);
  const keypadLine = refundable.find((entry) => entry.line.id === chosenLine && entry.remaining > 0) ?? refundable.find((entry) => entry.remaining > 0);
  const setQuantity = (entry: RefundableLine, quantity: number): void => {
    const value = Math.max(0, Math.min(entry.remaining, Math.trunc(quantity) || 0));
    setQuantities((current) => ({ ...current, [entry.line.id]: value }));
  };

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    if (busy || !author) return;
    const lines = Object.entries(quantities)
      .filter(([, quantity]) => quantity > 0)
      .map(([saleLineId, quantity]) => ({ saleLineId, quantity }));
    if (lines.length === 0) {
      setError(t('history.refundNothing'));
      return;
    }
    if (reason.trim() === '') {
      setError(t('history.reasonRequired'));
      return;
    }
    setBusy(true);
    try {
      const approval = await requestApproval('REFUND_SALE', t('history.refundSummary', { number: sale.number, amount: money(amount) }));
      if (!approval) return;
      // The money goes out of the open cash session (or the next one, when the shop allows it).
      const sessionId = await sessionForSale(db, author.deviceId);
      const refund = await refundSale(db, { saleId: sale.id, lines, reason, method, approvedBy: approval.approverId, author, sessionId });
      runtime.relay.nudge();
      pushToast('success', t('history.refundedToast', { amount: money(refund.total), number: sale.number }));
      if (preferences.autoPrint) {
        const saleLines = refundable.map((entry) => entry.line);
        void print(refundReceipt(sale, refund, saleLines, receiptContext(author.userId)), false);
      }
      onClose();
    } catch (failure) {
      setError(describeError(t, failure));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal labelledBy="refund-title" onClose={onClose} testId="refund-dialog" wide>
      <form className="modal__body" onSubmit={(event) => void submit(event)} noValidate>
        <h2 id="refund-title">{t('history.refundTitle', { number: sale.number })}</h2>
        <div className="refund__lines">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">{t('history.product')}</th>
                <th scope="col" className="num">
                  {t('history.refundable')}
                </th>
                <th scope="col" className="num">
                  {t('history.refundQuantity')}
                </th>
              </tr>
            </thead>
            <tbody>
              {refundable.map((entry) => (
                <tr
                  key={entry.line.id}
                  className={entry === keypadLine ? 'refund__line--keypad' : undefined}
                  data-testid="refund-line"
                  data-line-id={entry.line.id}
                  onClick={() => entry.remaining > 0 && setChosenLine(entry.line.id)}
                >
                  <td>{entry.line.name}</td>
                  <td className="num">{entry.remaining}</td>
                  <td className="num">
                    <RefundQuantity
                      name={entry.line.name}
                      remaining={entry.remaining}
                      value={quantities[entry.line.id] ?? 0}
                      onFocus={() => setChosenLine(entry.line.id)}
                      onChange={(value) => setQuantity(entry, value)}
                    />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {keypadLine && (
            <NumericKeypad
              kind="quantity"
              value={quantities[keypadLine.line.id] ? String(quantities[keypadLine.line.id]) : ''}
              // Past what is left to refund, the key typed starts afresh (2 then 3 on a line of 5 is 3, not 5).
              onChange={(digits) => setQuantity(keypadLine, Number(digits) > keypadLine.remaining ? Number(digits.slice(-1)) : Number(digits))}
              label={t('history.refundQuantityOf', { name: keypadLine.line.name })}
              caption={t('history.refundQuantityOf', { name: keypadLine.line.name })}
              showDisplay
              maxLength={String(keypadLine.remaining).length + 1}
              testId="refund-keypad"
            />
          )}
        </div>
        <div className="form-row">
          <div className="field">
            <span className="field__label">{t('history.refundMethod')}</span>
            <ChoiceGroup<PaymentMethod>
              label={t('history.refundMethod')}
              testId="refund-method"
              value={method}
              onChange={setMethod}
              choices={PAYMENT_METHODS.map((value) => ({ value, label: t(`checkout.mode.${value}`) }))}
            />
          </div>
          <label className="field field--grow">
            <span className="field__label">{t('history.reason')}</span>
            <input className="input" data-testid="refund-reason" autoComplete="off" maxLength={500} value={reason} onChange={(event) => setReason(event.target.value)} />
          </label>
        </div>
        <div className="refund__reasons" role="group" aria-label={t('history.reasonPresets')}>
          {REFUND_REASONS.map((key) => (
            <button key={key} type="button" className="button" data-testid="refund-reason-preset" aria-pressed={reason === t(`history.reasonPreset.${key}`)} onClick={() => setReason(t(`history.reasonPreset.${key}`))}>
              {t(`history.reasonPreset.${key}`)}
            </button>
          ))}
        </div>
        <p className="refund__amount">
          {t('history.refundAmount')} <strong data-testid="refund-amount">{money(amount)}</strong>
        </p>
        <FormActions testId="refund" error={error} busy={busy} submitLabel={t('history.refundConfirm')} onCancel={onClose} />
      </form>
    </Modal>
  );
}

/** A refund line's quantity for a finger: − and + of 44 px around the number, typed digits too, kept within 0…remaining. */
function RefundQuantity({ name, remaining, value, onChange, onFocus }: { name: string; remaining: number; value: number; onChange: (value: number) => void; onFocus: () => void }) {
  const { t } = useTranslation();
  const set = (next: number) => onChange(Math.max(0, Math.min(remaining, Math.trunc(next) || 0)));
  return (
    <span className="stepper stepper--inline" role="group" aria-label={t('history.refundQuantityOf', { name })}>
      <button type="button" className="stepper__button" aria-label={t('history.refundLess', { name })} disabled={value <= 0} onClick={() => set(value - 1)}>
        −
      </button>
      <input
        className="stepper__value"
        data-testid="refund-quantity"
        // The on-screen keypad types here (inputMode none: no system keyboard over it); a physical keyboard works too.
        inputMode="none"
        autoComplete="off"
        disabled={remaining === 0}
        aria-label={t('history.refundQuantityOf', { name })}
        value={String(value)}
        onFocus={onFocus}
        onChange={(event) => set(Number(event.target.value.replace(/\D/g, '')))}
      />
      <button type="button" className="stepper__button" aria-label={t('history.refundMore', { name })} disabled={value >= remaining} onClick={() => set(value + 1)}>
        +
      </button>
    </span>
  );
}
