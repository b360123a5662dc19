import { retentionCutoffDay, retentionDaysOf } from '@seri/shared';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useShop } from '../hooks/use-shop';
import { parseLocalDay } from '../domain/reports';
import { useSeriStore } from '../store/seri-store';

/** The shop's window (I12): this terminal keeps `days` days, from `startDay` (YYYY-MM-DD) on. */
export function useRetentionWindow(): { days: number; startDay: string } {
  const { shop } = useShop();
  // Taken when the screen opens: the window moves by a day at most while it is shown.
  const [now] = useState(() => Date.now());
  const days = retentionDaysOf(shop);
  return { days, startDay: retentionCutoffDay(now, days) };
}

/**
 * Said where a screen is asked for days before the window: this terminal pruned them (I12),
 * the server's reports (admin API) have them. Offline, it says they can be read once the
 * connection is back.
 */
export function OlderPeriodNotice({ fromDay }: { fromDay: string }) {
  const { t } = useTranslation();
  const { locale } = useShop();
  const { days, startDay } = useRetentionWindow();
  const online = useSeriStore((state) => state.syncStatus?.online ?? false);
  if (fromDay >= startDay) return null;
  const since = new Intl.DateTimeFormat(locale, { dateStyle: 'long' }).format(parseLocalDay(startDay) ?? new Date());
  return (
    <p className="notice" role="status" data-testid="older-period-notice" data-online={online}>
      {t(online ? 'retention.olderOnline' : 'retention.olderOffline', { count: days, since })}
    </p>
  );
}
