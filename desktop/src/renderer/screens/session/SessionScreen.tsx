import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ReceiptDocument, SessionFigures, ZReport } from '@seri/shared';
import { ReceiptPreview } from '../../components/ReceiptPreview';
import type { LocalCashSession } from '../../db/seri-db';
import { closeSession, localSessionFigures, openSession, openSessionOf } from '../../domain/cash-session-commands';
import { sessionReportDocument, xReportNumber } from '../../domain/z-report-document';
import { describeError } from '../../hooks/describe-error';
import { useAuthor } from '../../hooks/use-author';
import { usePrintReceipt, useReceiptContext } from '../../hooks/use-receipts';
import { useShop } from '../../hooks/use-shop';
import { useRuntime, useServices } from '../../services';
import { useSeriStore } from '../../store/seri-store';
import { CashCountInput, draftCount, emptyCountDraft, type CashCountDraft } from './CashCountInput';
import { CashMovementDialog } from './CashMovementDialog';

/**
 * "Session de caisse": open the till with a counted float, pay in and out, print an X
 * report, count and close with the Z report. Everything here works offline; keyboard only:
 * F6 comes here from the till, the count's first field has the focus, Enter submits,
 * Escape goes back to the till.
 */
export function SessionScreen() {
  const { db } = useServices();
  const device = useSeriStore((state) => state.device);
  const showScreen = useSeriStore((state) => state.showScreen);
  // Held here: once closed, the open session's view is gone, and the Z it printed stays on show.
  const [zPreview, setZPreview] = useState<ReceiptDocument | null>(null);
  const deviceId = device?.deviceId ?? '';
  const data = useLiveQuery(async () => {
    const open = await openSessionOf(db, deviceId);
    const figures = open ? await localSessionFigures(db, open) : null;
    const closed = await db.cashSessions.where('deviceId').equals(deviceId).filter((session) => session.status === 'CLOSED').toArray();
    const last = closed.sort((a, b) => (b.closedAt ?? '').localeCompare(a.closedAt ?? ''))[0] ?? null;
    return { open: open ?? null, figures, last, zCounter: (await db.getMeta('zCounter')) ?? 0 };
  }, [db, deviceId]);

  useEffect(() => {
    const onKey = (event: globalThis.KeyboardEvent): void => {
      if (document.querySelector('dialog[open]')) return;
      if (event.key === 'Escape' || event.key === 'F6') {
        event.preventDefault();
        showScreen('checkout');
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [showScreen]);

  if (!data) return <main className="session" />;
  return (
    <main className="session" data-testid="session-screen">
      {data.open && data.figures ? (
        <OpenSessionView session={data.open} figures={data.figures} zCounter={data.zCounter} onClosed={setZPreview} />
      ) : (
        <OpenTillForm lastZ={data.last?.z ?? null} />
      )}
      {zPreview && <ReceiptPreview receipt={zPreview} onClose={() => setZPreview(null)} />}
    </main>
  );
}

function OpenTillForm({ lastZ }: { lastZ: ZReport | null }) {
  const { t } = useTranslation();
  const { db } = useServices();
  const runtime = useRuntime();
  const author = useAuthor();
  const { money } = useShop();
  const pushToast = useSeriStore((state) => state.pushToast);
  const showScreen = useSeriStore((state) => state.showScreen);
  const receiptContext = useReceiptContext();
  const [draft, setDraft] = useState<CashCountDraft>(emptyCountDraft());
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [reprint, setReprint] = useState<ReceiptDocument | null>(null);

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    const count = draftCount(draft);
    if (!author || busy) return;
    if (!count) {
      setError(t('session.count.invalid'));
      return;
    }
    setBusy(true);
    try {
      await openSession(db, { author, float: count });
      runtime.relay.nudge();
      // The cashier lands on the checkout: the confirmation is said there (a screen change clears toasts).
      showScreen('checkout');
      pushToast('success', t('session.opened', { amount: money(count.amount) }));
    } catch (failure) {
      setError(describeError(t, failure));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <form className="panel session__panel" onSubmit={(event) => void submit(event)} noValidate aria-labelledby="session-open-title">
        <h2 id="session-open-title">{t('session.openTitle')}</h2>
        <p className="muted">{t('session.openHint')}</p>
        <CashCountInput draft={draft} onChange={setDraft} idPrefix="open" autoFocus />
        {error && (
          <p className="form-error" role="alert" data-testid="session-open-error">
            {error}
          </p>
        )}
        <button type="submit" className="button button--primary button--large" data-testid="session-open-submit" aria-keyshortcuts="Enter" disabled={busy} aria-busy={busy}>
          {t('session.openSubmit')}
        </button>
      </form>
      <section className="panel session__panel" aria-labelledby="session-last-title">
        <h2 id="session-last-title">{t('session.lastZ')}</h2>
        {lastZ ? (
          <>
            <p data-testid="session-last-z">
              {t('session.lastZLine', { number: lastZ.number, variance: money(lastZ.variance) })}
            </p>
            <button type="button" className="button" data-testid="session-reprint-z" onClick={() => setReprint(sessionReportDocument({ kind: 'Z', z: lastZ }, receiptContext(author?.userId ?? ''), true))}>
              {t('session.reprintZ')}
            </button>
          </>
        ) : (
          <p className="muted">{t('session.noZ')}</p>
        )}
      </section>
      {reprint && <ReceiptPreview receipt={reprint} onClose={() => setReprint(null)} />}
    </>
  );
}

function OpenSessionView({ session, figures, zCounter, onClosed }: { session: LocalCashSession; figures: SessionFigures; zCounter: number; onClosed: (z: ReceiptDocument) => void }) {
  const { t } = useTranslation();
  const { db } = useServices();
  const runtime = useRuntime();
  const author = useAuthor();
  const { money, locale } = useShop();
  const device = useSeriStore((state) => state.device);
  const pushToast = useSeriStore((state) => state.pushToast);
  const print = usePrintReceipt();
  const receiptContext = useReceiptContext();
  const [draft, setDraft] = useState<CashCountDraft>(emptyCountDraft());
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [movement, setMovement] = useState<'PAID_IN' | 'PAID_OUT' | null>(null);
  const [preview, setPreview] = useState<ReceiptDocument | null>(null);
  const count = draftCount(draft);
  const terminalCode = device?.terminalCode ?? 'T00';
  const openedAt = new Intl.DateTimeFormat(locale, { dateStyle: 'short', timeStyle: 'short' }).format(new Date(session.openedAt));

  const close = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    if (!author || busy) return;
    if (!count) {
      setError(t('session.count.invalid'));
      return;
    }
    setBusy(true);
    try {
      const z = await closeSession(db, { author, counted: count, terminalCode });
      runtime.relay.nudge();
      pushToast(z.variance === 0 ? 'success' : 'info', t('session.closed', { number: z.number, variance: money(z.variance) }));
      const document = sessionReportDocument({ kind: 'Z', z }, receiptContext(author.userId));
      void print(document, false);
      onClosed(document);
    } catch (failure) {
      setError(describeError(t, failure));
    } finally {
      setBusy(false);
    }
  };

  const rows: Array<[string, number, string]> = [
    [t('session.report.float'), figures.openingFloat, 'float'],
    [t('session.report.takings', { method: t('payment.CASH') }), figures.takings.CASH, 'cash'],
    [t('session.report.refundsBy', { method: t('payment.CASH') }), 0 - figures.refunds.CASH || 0, 'refunds'],
    [t('session.report.paidIn'), figures.paidIn, 'paid-in'],
    [t('session.report.paidOut'), 0 - figures.paidOut || 0, 'paid-out'],
  ];
  return (
    <>
      <section className="panel session__panel" aria-labelledby="session-open-title">
        <h2 id="session-open-title">{t('session.openSince', { when: openedAt })}</h2>
        <dl className="session__figures">
          {rows.map(([label, amount, id]) => (
            <div key={id} className="session__figure">
              <dt>{label}</dt>
              <dd data-testid={`session-figure-${id}`}>{money(amount)}</dd>
            </div>
          ))}
          <div className="session__figure session__figure--total">
            <dt>{t('session.report.expected')}</dt>
            <dd data-testid="session-expected">{money(figures.expectedCash)}</dd>
          </div>
        </dl>
        <p className="muted">{t('session.salesSoFar', { count: figures.salesCount, amount: money(figures.netSales) })}</p>
        <div className="session__actions">
          <button type="button" className="button" data-testid="session-paid-in" onClick={() => setMovement('PAID_IN')}>
            {t('session.paidIn')}
          </button>
          <button type="button" className="button" data-testid="session-paid-out" onClick={() => setMovement('PAID_OUT')}>
            {t('session.paidOut')}
          </button>
          <button
            type="button"
            className="button"
            data-testid="session-x-report"
            onClick={() => setPreview(sessionReportDocument({ kind: 'X', number: xReportNumber(terminalCode, zCounter + 1), figures, at: new Date().toISOString() }, receiptContext(author?.userId ?? '')))}
          >
            {t('session.xReport')}
          </button>
        </div>
      </section>
      <form className="panel session__panel" onSubmit={(event) => void close(event)} noValidate aria-labelledby="session-close-title">
        <h2 id="session-close-title">{t('session.closeTitle')}</h2>
        <CashCountInput draft={draft} onChange={setDraft} idPrefix="close" autoFocus />
        {count && (
          <p className={`session__variance${count.amount - figures.expectedCash < 0 ? ' session__variance--short' : ''}`} data-testid="session-variance" role="status">
            {t('session.variance', { amount: money(count.amount - figures.expectedCash) })}
          </p>
        )}
        {error && (
          <p className="form-error" role="alert" data-testid="session-close-error">
            {error}
          </p>
        )}
        <button type="submit" className="button button--primary button--large" data-testid="session-close-submit" aria-keyshortcuts="Enter" disabled={busy} aria-busy={busy}>
          {t('session.closeSubmit')}
        </button>
      </form>
      {movement && <CashMovementDialog type={movement} onClose={() => setMovement(null)} />}
      {preview && <ReceiptPreview receipt={preview} onClose={() => setPreview(null)} />}
    </>
  );
}
