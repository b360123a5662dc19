import { useEffect, useRef } from 'react';
import { usePreferences } from '../hooks/use-preferences';
import { useServices } from '../services';

/**
 * Keeps main's customer display window as the settings say: opened on the chosen screen when
 * the till opens, moved or closed when the setting changes. A screen that is not there (unplugged)
 * is said in the settings, where the manager chooses; the till sells on regardless.
 */
export function useCustomerDisplayWindow(): void {
  const { bridge } = useServices();
  const { preferences } = usePreferences();
  const enabled = preferences.customerDisplay;
  const screenId = preferences.customerDisplayScreen;
  const opened = useRef(false);

  useEffect(() => {
    // Nothing to close before this page ever opened it (the defaults show first, until Dexie answers).
    if (!enabled && !opened.current) return;
    opened.current = enabled;
    void bridge.invoke('display:show', { enabled, screenId }).then((result) => {
      if (!result.ok) console.warn('customer display', result.error.code, result.error.message);
    });
  }, [bridge, enabled, screenId]);
}
