import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { openSessionOf, shopCashRules } from '../../domain/cash-session-commands';
import { useShop } from '../../hooks/use-shop';
import { useServices } from '../../services';
import { useSeriStore } from '../../store/seri-store';
import { ParkCartDialog, ParkedCartsDialog } from './ParkedCarts';

/**
 * The till's cash session at a glance, above the scan field: open since when, or closed
 * (and whether the shop lets the cashier sell anyway); the way to the session screen (F6);
 * park the cart (F7) and the carts waiting (F8).
 */
export function SessionBar() {
  const { t } = useTranslation();
  const { db } = useServices();
  const { shop, money, locale } = useShop();
  const device = useSeriStore((state) => state.device);
  const showScreen = useSeriStore((state) => state.showScreen);
  const cartSize = useSeriStore((state) => state.cartLines.length);
  const [dialog, setDialog] = useState<'park' | 'parked' | null>(null);
  const deviceId = device?.deviceId ?? '';
  const state = useLiveQuery(async () => ({ open: (await openSessionOf(db, deviceId)) ?? null, parked: await db.parkedCarts.count() }), [db, deviceId]);

  useEffect(() => {
    const onKey = (event: globalThis.KeyboardEvent): void => {
      if (document.querySelector('dialog[open]')) return;
      if (event.key === 'F6') {
        event.preventDefault();
        showScreen('session');
      } else if (event.key === 'F7' && cartSize > 0) {
        event.preventDefault();
        setDialog('park');
      } else if (event.key === 'F8' && (state?.parked ?? 0) > 0) {
        event.preventDefault();
        setDialog('parked');
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [showScreen, cartSize, state?.parked]);

  if (!state) return null;
  const { allowSalesWithoutSession } = shopCashRules(shop ?? undefined);
  const since = state.open ? new Intl.DateTimeFormat(locale, { timeStyle: 'short' }).format(new Date(state.open.openedAt)) : '';
  return (
    <div className={`session-bar${state.open ? '' : ' session-bar--closed'}`} data-testid="session-bar" data-open={state.open ? 'true' : 'false'}>
      <p className="session-bar__status" role="status">
        {state.open
          ? t('session.bar.open', { when: since, amount: money(state.open.openingFloat) })
          : allowSalesWithoutSession
            ? t('session.bar.closedAllowed')
            : t('session.bar.closedRequired')}
      </p>
      <div className="session-bar__actions">
        <button type="button" className="button" data-testid="session-bar-open" aria-keyshortcuts="F6" onClick={() => showScreen('session')}>
          {state.open ? t('session.bar.manage') : t('session.bar.openTill')} <kbd>F6</kbd>
        </button>
        <button type="button" className="button" data-testid="park-cart" aria-keyshortcuts="F7" disabled={cartSize === 0} onClick={() => setDialog('park')}>
          {t('parked.park')} <kbd>F7</kbd>
        </button>
        <button type="button" className="button" data-testid="parked-carts" aria-keyshortcuts="F8" disabled={state.parked === 0} onClick={() => setDialog('parked')}>
          {t('parked.waiting', { count: state.parked })} <kbd>F8</kbd>
        </button>
      </div>
      {dialog === 'park' && <ParkCartDialog onClose={() => setDialog(null)} />}
      {dialog === 'parked' && <ParkedCartsDialog onClose={() => setDialog(null)} />}
    </div>
  );
}
