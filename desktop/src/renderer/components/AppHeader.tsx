import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { describeError } from '../hooks/describe-error';
import { usePreferences } from '../hooks/use-preferences';
import { useShop } from '../hooks/use-shop';
import { useSyncIndicator } from '../hooks/use-sync-indicator';
import { useRuntime } from '../services';
import { useSeriStore } from '../store/seri-store';
import { SCREENS, type Screen } from '../store/ui.slice';

/** Screens a cashier sees; managers and admins see the reports too. */
export function screensFor(role: string | undefined): readonly Screen[] {
  const inHeader = SCREENS.filter((screen) => screen !== 'session');
  return role === 'MANAGER' || role === 'ADMIN' ? inHeader : inHeader.filter((screen) => screen !== 'reports');
}

export function AppHeader() {
  const { t } = useTranslation();
  const runtime = useRuntime();
  const { shop } = useShop();
  const { preferences, save } = usePreferences();
  const device = useSeriStore((state) => state.device);
  const cashier = useSeriStore((state) => state.cashier);
  const screen = useSeriStore((state) => state.screen);
  const showScreen = useSeriStore((state) => state.showScreen);
  const lock = useSeriStore((state) => state.lock);
  const pushToast = useSeriStore((state) => state.pushToast);
  const online = useSeriStore((state) => state.syncStatus?.online ?? true);
  const { dot, pending, rejected } = useSyncIndicator();
  const [syncing, setSyncing] = useState(false);

  const syncNow = async (): Promise<void> => {
    setSyncing(true);
    try {
      await runtime.syncNow();
    } catch (error) {
      pushToast('error', t('sync.failed', { message: describeError(t, error) }));
    } finally {
      setSyncing(false);
    }
  };

  const other = preferences.locale === 'fr' ? 'en' : 'fr';
  return (
    <header className="app-header">
      <div className="app-header__who">
        <span className="app-header__shop" title={shop?.name ?? t('app.name')}>
          {shop?.name ?? t('app.name')}
        </span>
        <span className="app-header__meta">
          <span>{t('header.terminal', { code: device?.terminalCode ?? '—' })}</span>
          {cashier && <span data-testid="header-cashier">{cashier.name}</span>}
        </span>
      </div>

      <nav className="app-header__nav" aria-label={t('header.navigation')}>
        {screensFor(cashier?.role).map((name) => (
          <button
            key={name}
            type="button"
            className="nav-button"
            data-testid={`nav-${name}`}
            aria-current={screen === name ? 'page' : undefined}
            onClick={() => showScreen(name)}
          >
            {t(`nav.${name}`)}
          </button>
        ))}
      </nav>

      <div className="app-header__sync">
        {/* Offline, the dot turns grey whatever is queued: a green dot beside "Hors ligne" read as a contradiction. */}
        <span
          className={`sync-dot sync-dot--${online ? dot : 'offline'}`}
          data-testid="sync-dot"
          data-state={dot}
          data-online={online}
          role="img"
          aria-label={online ? t(`sync.dot.${dot}`) : t('sync.offlineHint')}
          title={online ? t(`sync.dot.${dot}`) : t('sync.offlineHint')}
        />
        <span className="sync-text">
          <span className={online ? 'sync-text__online' : 'sync-text__offline'} data-testid="sync-network">
            {online ? t('settings.online') : t('sync.offline')}
          </span>
          <span data-testid="sync-pending">
            {t('sync.pending', { count: pending })}
            {rejected > 0 && <span className="sync-text__rejected"> · {t('sync.rejected', { count: rejected })}</span>}
          </span>
        </span>
        <button
          type="button"
          className="icon-button icon-button--header"
          data-testid="sync-now"
          aria-label={t('sync.now')}
          title={t('sync.now')}
          aria-busy={syncing}
          disabled={syncing}
          onClick={() => void syncNow()}
        >
          <span aria-hidden="true">⟳</span>
        </button>
      </div>

      <div className="app-header__actions">
        <button
          type="button"
          className="button button--ghost button--compact"
          data-testid="lang-switch"
          lang={other}
          aria-label={`${other.toUpperCase()} — ${t('header.switchTo')}`}
          title={t('header.languageLabel')}
          onClick={() => void save({ locale: other })}
        >
          {other.toUpperCase()}
        </button>
        {/* Below 1200 px the padlock alone (the word stays its accessible name), so the header keeps to one row at 1024. */}
        <button type="button" className="button button--ghost button--compact app-header__lock" data-testid="lock" aria-label={t('header.lock')} title={t('header.lockHint')} onClick={lock}>
          <svg className="app-header__lock-icon" viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" focusable="false">
            <path d="M8 11V7a4 4 0 0 1 8 0v4" fill="none" stroke="currentColor" strokeWidth="2.2" strokeLinecap="round" />
            <rect x="5" y="11" width="14" height="10" rx="2" fill="currentColor" />
          </svg>
          <span className="app-header__lock-label">{t('header.lock')}</span>
        </button>
      </div>
    </header>
  );
}
