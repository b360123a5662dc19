import { useLiveQuery } from 'dexie-react-hooks';
import { useTranslation } from 'react-i18next';
import { useServices } from '../services';
import { useSeriStore } from '../store/seri-store';

/**
 * After enrollment: the shop's data arrives page by page. The bar follows main's
 * `sync:pull-progress` (received / received + remaining); when the server cannot say how
 * much remains, the counts alone show it moving.
 */
export function BootstrapScreen() {
  const { t } = useTranslation();
  const { db } = useServices();
  const download = useSeriStore((state) => state.download);
  const counts = useLiveQuery(
    async () => ({ users: await db.users.count(), products: await db.products.count(), sales: await db.sales.count() }),
    [db],
    { users: 0, products: 0, sales: 0 },
  );
  const known = download !== null && download.remaining !== null;
  const percent = known ? Math.floor((100 * download.received) / Math.max(1, download.received + (download.remaining ?? 0))) : null;
  return (
    <main className="centered-screen">
      <section className="card card--narrow" data-testid="bootstrap-progress" aria-busy="true" aria-labelledby="bootstrap-title">
        <h1 id="bootstrap-title">{t('bootstrap.title')}</h1>
        <div
          className={`progress-bar${percent === null ? ' progress-bar--indeterminate' : ''}`}
          role="progressbar"
          aria-labelledby="bootstrap-title"
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuenow={percent ?? undefined}
          data-testid="bootstrap-bar"
          data-percent={percent ?? ''}
        >
          <div className="progress-bar__fill" style={percent === null ? undefined : { width: `${percent}%` }} />
        </div>
        <p className="bootstrap-progress__text" data-testid="bootstrap-received">
          {download === null
            ? t('bootstrap.waiting')
            : download.remaining === null
              ? t('bootstrap.received', { count: download.received })
              : t('bootstrap.receivedOf', { count: download.received, total: download.received + download.remaining, percent })}
        </p>
        <p className="muted">{t('bootstrap.intro')}</p>
        <ul className="bootstrap-counts" aria-live="polite">
          <li>{t('bootstrap.users', { count: counts.users })}</li>
          <li>{t('bootstrap.products', { count: counts.products })}</li>
          <li>{t('bootstrap.sales', { count: counts.sales })}</li>
        </ul>
      </section>
    </main>
  );
}
