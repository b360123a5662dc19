import { useLiveQuery } from 'dexie-react-hooks';
import { useTranslation } from 'react-i18next';
import { useServices } from '../services';
import { useSeriStore } from '../store/seri-store';

/** After enrollment: the shop's data arrives page by page; the counts show it moving. */
export function BootstrapScreen() {
  const { t } = useTranslation();
  const { db } = useServices();
  const progress = useSeriStore((state) => state.pullProgress);
  const counts = useLiveQuery(
    async () => ({ users: await db.users.count(), products: await db.products.count(), sales: await db.sales.count() }),
    [db],
    { users: 0, products: 0, sales: 0 },
  );
  return (
    <main className="centered-screen">
      <section className="card card--narrow" data-testid="bootstrap-progress" aria-busy="true">
        <h1>{t('bootstrap.title')}</h1>
        <div className="progress-bar" aria-hidden="true">
          <div className="progress-bar__fill" />
        </div>
        <p className="muted">{t('bootstrap.intro')}</p>
        <ul className="bootstrap-counts" aria-live="polite">
          <li>{t('bootstrap.users', { count: counts.users })}</li>
          <li>{t('bootstrap.products', { count: counts.products })}</li>
          <li>{t('bootstrap.sales', { count: counts.sales })}</li>
          <li>{t('bootstrap.pages', { count: progress.pages })}</li>
        </ul>
      </section>
    </main>
  );
}
