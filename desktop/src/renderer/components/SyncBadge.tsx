import { useTranslation } from 'react-i18next';
import type { SaleSyncState } from '../db/seri-db';

export function SyncBadge({ state }: { state: SaleSyncState }) {
  const { t } = useTranslation();
  return <span className={`badge badge--${state}`}>{t(`history.state.${state}`)}</span>;
}
