import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DeviceInfo, SeriBridge } from '@seri/shared';
import { callMain } from './bridge/seri-bridge';
import { AppHeader } from './components/AppHeader';
import { ToastArea } from './components/ToastArea';
import type { SeriDb } from './db/seri-db';
import { describeError } from './hooks/describe-error';
import { BootstrapScreen } from './screens/BootstrapScreen';
import { CheckoutScreen } from './screens/CheckoutScreen';
import { EnrollScreen } from './screens/EnrollScreen';
import { HistoryScreen } from './screens/HistoryScreen';
import { LoginScreen } from './screens/LoginScreen';
import { ProductsScreen } from './screens/ProductsScreen';
import { RuntimeContext, ServicesContext, useServices } from './services';
import { useSeriStore } from './store/seri-store';
import { SyncRuntime } from './sync/sync-runtime';

const DEVICE_RETRY_MS = 2_000;

export function App({ db, bridge }: { db: SeriDb; bridge: SeriBridge }) {
  const { t, i18n } = useTranslation();
  const device = useSeriStore((state) => state.device);
  const setDevice = useSeriStore((state) => state.setDevice);
  const locale = useSeriStore((state) => state.locale);
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
  const pullDrained = useSeriStore((state) => state.pullDrained);
  const lastSyncAt = useSeriStore((state) => state.syncStatus?.lastSyncAt ?? null);
  const runtime = useMemo(() => {
    const store = useSeriStore.getState();
    return new SyncRuntime(db, bridge, deviceId, {
      onStatus: store.setSyncStatus,
      onPullProgress: store.setPullProgress,
      onPullDrained: () => store.setPullDrained(true),
      onRelayInFlight: store.setRelayInFlight,
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
  else if (!cashier) content = <LoginScreen />;
  else content = <Till />;
  return <RuntimeContext.Provider value={runtime}>{content}</RuntimeContext.Provider>;
}

function Till() {
  const screen = useSeriStore((state) => state.screen);
  return (
    <div className="till">
      <AppHeader />
      {screen === 'checkout' ? <CheckoutScreen /> : screen === 'history' ? <HistoryScreen /> : <ProductsScreen />}
    </div>
  );
}
