import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { OpStateReport } from '@seri/shared';
import { callMain } from '../bridge/seri-bridge';
import type { OutboxRow } from '../db/seri-db';
import { ChoiceGroup } from '../components/ChoiceGroup';
import { describeError, describeRejection } from '../hooks/describe-error';
import { usePreferences } from '../hooks/use-preferences';
import { useShop } from '../hooks/use-shop';
import { useSyncIndicator } from '../hooks/use-sync-indicator';
import { useRuntime, useServices } from '../services';
import { useSeriStore } from '../store/seri-store';
import { TaxSettings } from './settings/TaxSettings';
import { CustomerDisplaySettings } from './settings/CustomerDisplaySettings';

const IDLE_CHOICES = [0, 1, 2, 5, 10, 15, 30];
const DISCOUNT_CHOICES = [0, 5, 10, 15, 20, 30, 50, 100];
/** Each language named in itself, whatever the UI's language. */
const LANGUAGE_CHOICES = [
  { value: 'fr', label: 'Français', lang: 'fr' },
  { value: 'en', label: 'English', lang: 'en' },
] as const;

interface Problem {
  opId: string;
  state: 'FAILED' | 'REJECTED';
  code: string | null;
  reason: string;
  row: OutboxRow | undefined;
}

/** "Paramètres / Synchronisation": where the ops stand, what the server refused and why, this terminal, its settings. */
export function SettingsScreen() {
  const { t } = useTranslation();
  const { db, bridge } = useServices();
  const runtime = useRuntime();
  const { shop, locale } = useShop();
  const { preferences, save } = usePreferences();
  const device = useSeriStore((state) => state.device);
  const status = useSeriStore((state) => state.syncStatus);
  const requestApproval = useSeriStore((state) => state.requestApproval);
  const pushToast = useSeriStore((state) => state.pushToast);
  const { dot, pending, rejected } = useSyncIndicator();
  const [syncing, setSyncing] = useState(false);
  const [reports, setReports] = useState<OpStateReport[]>([]);

  // Main's FAILED and REJECTED ops, asked again whenever its status changes.
  useEffect(() => {
    let cancelled = false;
    callMain(bridge, 'sync:problems', undefined).then(
      (found) => {
        if (!cancelled) setReports(found);
      },
      () => undefined,
    );
    return () => {
      cancelled = true;
    };
  }, [bridge, status]);

  const refusedHere = useLiveQuery(() => db.outbox.where('state').equals('new').filter((row) => row.rejection !== undefined).toArray(), [db], [] as OutboxRow[]);
  const reportedRows = useLiveQuery(() => db.outbox.where('opId').anyOf(reports.map((report) => report.opId)).toArray(), [db, reports], [] as OutboxRow[]);
  // What each refused op was about, in the shop's words: the receipt, the product, the expense.
  const subjects = useLiveQuery(
    async () => {
      const rows = [...refusedHere, ...reportedRows];
      const names = new Map<string, string>();
      for (const row of rows) {
        const subject =
          row.entity === 'sale'
            ? (await db.sales.get(row.entityId))?.number
            : row.entity === 'product'
              ? (await db.products.get(row.entityId))?.name
              : row.entity === 'expense'
                ? (await db.expenses.get(row.entityId))?.category
                : (await db.products.get((row.op.payload as { productId?: string }).productId ?? ''))?.name;
        if (subject) names.set(row.opId, subject);
      }
      return names;
    },
    [db, refusedHere, reportedRows],
    new Map<string, string>(),
  );
  const problems: Problem[] = useMemo(() => {
    const rows = new Map(reportedRows.map((row) => [row.opId, row]));
    const fromMain: Problem[] = reports
      .filter((report): report is OpStateReport & { state: 'FAILED' | 'REJECTED' } => report.state === 'FAILED' || report.state === 'REJECTED')
      .map((report) => ({ opId: report.opId, state: report.state, code: report.code ?? null, reason: report.reason ?? '', row: rows.get(report.opId) }));
    const local: Problem[] = refusedHere.map((row) => ({ opId: row.opId, state: 'REJECTED', code: row.rejection?.code ?? null, reason: row.rejection?.reason ?? '', row }));
    return [...local, ...fromMain];
  }, [reports, reportedRows, refusedHere]);

  const dateTime = useMemo(() => new Intl.DateTimeFormat(locale, { dateStyle: 'short', timeStyle: 'medium' }), [locale]);

  const syncNow = async (): Promise<void> => {
    setSyncing(true);
    try {
      await runtime.syncNow();
      pushToast('info', t('settings.synced'));
    } catch (error) {
      pushToast('error', t('sync.failed', { message: describeError(t, error) }));
    } finally {
      setSyncing(false);
    }
  };

  const changeDiscount = async (percent: number): Promise<void> => {
    const approval = await requestApproval('SETTINGS', t('settings.discountSummary', { percent }));
    if (approval) await save({ discountApprovalPercent: percent });
  };

  return (
    <main className="settings">
      <section className="panel" aria-labelledby="sync-title" data-testid="settings-sync">
        <h1 id="sync-title">{t('settings.syncTitle')}</h1>
        <div className="sync-summary">
          <span className={`sync-dot sync-dot--large sync-dot--${dot}`} data-testid="settings-sync-dot" data-state={dot} role="img" aria-label={t(`sync.dot.${dot}`)} />
          <div>
            <p className="sync-summary__main" data-testid="settings-pending">
              {t('sync.pending', { count: pending })}
            </p>
            <p className="muted">{t(`sync.dot.${dot}`)}</p>
          </div>
        </div>
        <dl className="facts facts--rows">
          <div>
            <dt>{t('settings.lastSync')}</dt>
            <dd data-testid="settings-last-sync">{status?.lastSyncAt ? dateTime.format(new Date(status.lastSyncAt)) : t('settings.never')}</dd>
          </div>
          <div>
            <dt>{t('settings.network')}</dt>
            <dd data-testid="settings-online">{status?.online === false ? t('sync.offline') : t('settings.online')}</dd>
          </div>
          <div>
            <dt>{t('settings.rejectedCount')}</dt>
            <dd>{rejected}</dd>
          </div>
          {status?.lastError && (
            <div>
              <dt>{t('settings.lastError')}</dt>
              <dd className="small">{status.lastError}</dd>
            </div>
          )}
        </dl>
        <button type="button" className="button button--primary" data-testid="settings-sync-now" aria-busy={syncing} disabled={syncing} onClick={() => void syncNow()}>
          {syncing ? t('sync.running') : t('sync.now')}
        </button>
        <h2 className="section-title">{t('settings.problems')}</h2>
        {problems.length === 0 ? (
          <p className="muted" data-testid="settings-no-problems">
            {t('settings.noProblems')}
          </p>
        ) : (
          <ul className="problems">
            {problems.map((problem) => (
              <li key={problem.opId} className="problem" data-testid="sync-problem" data-state={problem.state} data-op-id={problem.opId}>
                <span className={`badge ${problem.state === 'REJECTED' ? 'badge--rejected' : 'badge--pending'}`}>{t(`settings.state.${problem.state}`)}</span>
                <span className="problem__what">
                  {problem.row ? t(`settings.op.${problem.row.entity}.${problem.row.kind}`, { defaultValue: `${problem.row.entity}/${problem.row.kind}` }) : problem.opId}
                  {subjects.get(problem.opId) && <span className="problem__subject"> · {subjects.get(problem.opId)}</span>}
                </span>
                <ProblemText problem={problem} />
              </li>
            ))}
          </ul>
        )}
      </section>

      <section className="panel" aria-labelledby="terminal-title">
        <h2 id="terminal-title">{t('settings.terminalTitle')}</h2>
        <dl className="facts facts--rows" data-testid="settings-device">
          <div>
            <dt>{t('settings.deviceName')}</dt>
            <dd data-testid="settings-device-name">{device?.deviceName ?? '—'}</dd>
          </div>
          <div>
            <dt>{t('settings.terminalCode')}</dt>
            <dd className="mono">{device?.terminalCode ?? '—'}</dd>
          </div>
          <div>
            <dt>{t('settings.shop')}</dt>
            <dd data-testid="settings-shop">{shop?.name ?? '—'}</dd>
          </div>
          <div>
            <dt>{t('settings.server')}</dt>
            <dd className="mono small">{device?.serverUrl ?? '—'}</dd>
          </div>
        </dl>
        <h2 className="section-title">{t('settings.preferences')}</h2>
        <div className="form-grid">
          <div className="field">
            <span className="field__label">{t('settings.language')}</span>
            <ChoiceGroup<'fr' | 'en'>
              label={t('settings.language')}
              testId="settings-language"
              value={preferences.locale}
              onChange={(locale) => void save({ locale })}
              choices={LANGUAGE_CHOICES}
            />
          </div>
          <div className="field">
            <span className="field__label">{t('settings.idleLock')}</span>
            <ChoiceGroup
              label={t('settings.idleLock')}
              testId="settings-idle"
              value={String(preferences.idleLockMinutes)}
              onChange={(minutes) => void save({ idleLockMinutes: Number(minutes) })}
              choices={IDLE_CHOICES.map((minutes) => ({ value: String(minutes), label: minutes === 0 ? t('settings.never') : t('settings.minutes', { count: minutes }) }))}
            />
          </div>
          <div className="field">
            <span className="field__label">{t('settings.discountThreshold')}</span>
            <ChoiceGroup
              label={t('settings.discountThreshold')}
              testId="settings-discount"
              value={String(preferences.discountApprovalPercent)}
              onChange={(percent) => void changeDiscount(Number(percent))}
              choices={DISCOUNT_CHOICES.map((percent) => ({ value: String(percent), label: t('settings.percent', { percent }) }))}
            />
          </div>
          <label className="check">
            <input type="checkbox" data-testid="settings-autoprint" checked={preferences.autoPrint} onChange={(event) => void save({ autoPrint: event.target.checked })} />
            <span>{t('settings.autoPrint')}</span>
          </label>
        </div>
        <CustomerDisplaySettings />
      </section>

      <TaxSettings />
    </main>
  );
}

/**
 * A refused op in the cashier's words (what happened, what to do), the server's own code and
 * reason kept for the manager behind "Détail technique". A FAILED op is retried on its own.
 */
function ProblemText({ problem }: { problem: Problem }) {
  const { t } = useTranslation();
  const technical = `${problem.code ? `${problem.code} — ` : ''}${problem.reason || t('settings.noReason')}`;
  if (problem.state === 'FAILED') {
    return (
      <span className="problem__reason" data-testid="sync-problem-reason">
        {technical}
      </span>
    );
  }
  const text = describeRejection(t, problem.code, problem.row);
  return (
    <span className="problem__reason" data-testid="sync-problem-reason">
      <span className="problem__what">{text.what}</span> <span data-testid="sync-problem-todo">{text.todo}</span>
      <details className="problem__details">
        <summary>{t('rejection.details')}</summary>
        <span className="mono small" data-testid="sync-problem-technical">
          {technical}
        </span>
      </details>
    </span>
  );
}
