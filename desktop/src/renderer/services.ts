import { createContext, useContext } from 'react';
import type { SeriBridge } from '@seri/shared';
import type { SeriDb } from './db/seri-db';
import type { SyncRuntime } from './sync/sync-runtime';

/** What every screen needs from outside React: the local database and the bridge to main. */
export interface Services {
  db: SeriDb;
  bridge: SeriBridge;
}

export const ServicesContext = createContext<Services | null>(null);
export const RuntimeContext = createContext<SyncRuntime | null>(null);

export function useServices(): Services {
  const services = useContext(ServicesContext);
  if (!services) throw new Error('useServices outside ServicesContext');
  return services;
}

export function useRuntime(): SyncRuntime {
  const runtime = useContext(RuntimeContext);
  if (!runtime) throw new Error('useRuntime outside RuntimeContext');
  return runtime;
}
