import { useLiveQuery } from 'dexie-react-hooks';
import { useCallback, useMemo } from 'react';
import { DEFAULT_PREFERENCES, type SeriDb, type TerminalPreferences } from '../db/seri-db';
import { useServices } from '../services';

export async function savePreferences(db: SeriDb, patch: Partial<TerminalPreferences>): Promise<void> {
  await db.transaction('rw', db.meta, async () => {
    const current = (await db.getMeta('preferences')) ?? DEFAULT_PREFERENCES;
    await db.meta.put({ key: 'preferences', value: { ...current, ...patch } });
  });
}

/** This terminal's settings (Dexie `meta`), live; the defaults until something was chosen. */
export function usePreferences(): { preferences: TerminalPreferences; save: (patch: Partial<TerminalPreferences>) => Promise<void> } {
  const { db } = useServices();
  const stored = useLiveQuery(() => db.getMeta('preferences'), [db]);
  const preferences = useMemo(() => ({ ...DEFAULT_PREFERENCES, ...stored }), [stored]);
  const save = useCallback((patch: Partial<TerminalPreferences>) => savePreferences(db, patch), [db]);
  return { preferences, save };
}
