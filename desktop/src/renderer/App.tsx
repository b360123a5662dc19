import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DeviceInfo, SeriBridge } from '@seri/shared';
import { callMain } from './bridge/seri-bridge';
import { AppHeader } from './components/AppHeader';
import { ApprovalHost } from './components/ApprovalDialog';
import { ToastArea } from './components/ToastArea';
import type { SeriDb } from './db/seri-db';
import { describeError } from './hooks/describe-error';
import { useCustomerDisplayWindow } from './customer-display/use-customer-display-window';
import { useIdleLock } from './hooks/use-idle-lock';
import { usePreferences } from './hooks/use-preferences';
import { currentScanHandler, useScannerWedge } from './hooks/use-scanner-wedge';
import { useTillActivity } from './hooks/use-till-activity';
import { BootstrapScreen } from './screens/BootstrapScreen';
import { CheckoutScreen } from './screens/CheckoutScreen';
import { EnrollScreen } from './screens/EnrollScreen';
import { ExpensesScreen } from './screens/ExpensesScreen';
import { HistoryScreen } from './screens/HistoryScreen';
import { LoginScreen } from './screens/LoginScreen';
import { ProductsScreen } from './screens/ProductsScreen';
import { ReportsScreen } from './screens/ReportsScreen';
import { SettingsScreen } from './screens/SettingsScreen';
import { SessionScreen } from './screens/session/SessionScreen';
import { scanIntoCart } from './store/scan-into-cart';
import { RuntimeContext, ServicesContext, useServices } from './services';
import { useSeriStore } from './store/seri-store';
import { SyncRuntime } from './sync/sync-runtime';

const DEVICE_RETRY_MS = 2_000;

export function App({ db, bridge }: { db: SeriDb; bridge: SeriBridge }) {
  const { t, i18n } = useTranslation();
  const device = useSeriStore((state) => state.device);
  const setDevice = useSeriStore((state) => state.setDevice);
  const stored = useLiveQuery(() => db.getMeta('preferences'), [db]);
  const locale = stored?.locale ?? 'fr';
  const [deviceError, setDeviceError] = useState<string | null>(null);
  const services = useMemo(() => ({ db, bridge }), [db, bridge]);

  useEffect(() => {
    if (i18n.language !== locale) void i18n.changeLanguage(locale);
    document.documentElement.lang = locale;
  }, [i18n, locale]);

  useEffect(() => {
    let cancelled = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const load = async (): Promise<void> => {
      try {
        const info = await callMain(bridge, 'device:info', undefined);
        if (!cancelled) setDevice(info);
      } catch (error) {
        if (cancelled) return;
        // Main may still be starting: keep asking.
        setDeviceError(describeError(t, error));
        timer = setTimeout(() => void load(), DEVICE_RETRY_MS);
      }
    };
    void load();
    return () => {
      cancelled = true;
      if (timer) clearTimeout(timer);
    };
  }, [bridge, setDevice, t]);

  return (
    <ServicesContext.Provider value={services}>
      {device === null ? (
        <main className="centered-screen">
          <p className="muted" role="status">
            {deviceError ?? t('app.starting')}
          </p>
        </main>
      ) : device.enrolled && device.deviceId ? (
        <EnrolledTerminal device={device} deviceId={device.deviceId} />
      ) : (
        <EnrollScreen />
      )}
      <ToastArea />
    </ServicesContext.Provider>
  );
}

/** An enrolled terminal: sync running, then the download, the login, and the till. */
function EnrolledTerminal({ deviceId }: { device: DeviceInfo; deviceId: string }) {
  const { db, bridge } = useServices();
  const cashier = useSeriStore((state) => state.cashier);
  const locked = useSeriStore((state) => state.locked);
  const pullDrained = useSeriStore((state) => state.pullDrained);
  const lastSyncAt = useSeriStore((state) => state.syncStatus?.lastSyncAt ?? null);
  const runtime = useMemo(() => {
    const store = useSeriStore.getState();
    return new SyncRuntime(db, bridge, deviceId, {
      onStatus: store.setSyncStatus,
      onPullProgress: store.setPullProgress,
      onPullDrained: () => store.setPullDrained(true),
      onRelayInFlight: store.setRelayInFlight,
      onDownload: store.setDownload,
      onError: (error) => console.warn('sync', error),
    });
  }, [db, bridge, deviceId]);

  useEffect(() => {
    runtime.start();
    return () => runtime.stop();
  }, [runtime]);

  const counts = useLiveQuery(async () => ({ users: await db.users.count(), products: await db.products.count() }), [db]);
  // Ready once the people and the catalogue are here (or the pull is done and the shop has no products yet).
  const ready = counts !== undefined && counts.users > 0 && (counts.products > 0 || (pullDrained && lastSyncAt !== null));

  let content;
  if (!counts) content = null;
  else if (!ready) content = <BootstrapScreen />;
  else if (!cashier || locked) content = <LoginScreen />;
  else content = <Till />;
  return <RuntimeContext.Provider value={runtime}>{content}</RuntimeContext.Provider>;
}

const SCREEN_VIEWS = {
  checkout: CheckoutScreen,
  history: HistoryScreen,
  products: ProductsScreen,
  expenses: ExpensesScreen,
  reports: ReportsScreen,
  settings: SettingsScreen,
  session: SessionScreen,
} as const;

/** The logged-in till: header, the screen on show, manager approvals, the scanner, the idle lock. */
function Till() {
  const { t } = useTranslation();
  const { db } = useServices();
  const screen = useSeriStore((state) => state.screen);
  const role = useSeriStore((state) => state.cashier?.role);
  const showScreen = useSeriStore((state) => state.showScreen);
  const approvalPending = useSeriStore((state) => state.approvalRequest !== null);
  const { preferences } = usePreferences();
  useIdleLock(preferences.idleLockMinutes);
  useTillActivity(approvalPending);
  useCustomerDisplayWindow();
  // A scan anywhere sells, except where the screen on show has its own use for it.
  useScannerWedge((code) => {
    const handler = currentScanHandler();
    if (handler) return handler(code);
    if (useSeriStore.getState().screen !== 'checkout') showScreen('checkout');
    void scanIntoCart(db, t, code, { fallbackSearch: false });
  });
  // Reports are for managers: a cashier never lands there (after a manager logged out, say).
  const shown = screen === 'reports' && role !== 'MANAGER' && role !== 'ADMIN' ? 'checkout' : screen;
  const View = SCREEN_VIEWS[shown];
  return (
    <div className="till">
      <AppHeader />
      <View />
      <ApprovalHost />
    </div>
  );
}
