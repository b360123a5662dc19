import type { DeviceInfo, SessionUser } from '@seri/shared';
import type { SliceCreator } from './seri-store';

export type Locale = 'fr' | 'en';
export const LOCALES: readonly Locale[] = ['fr', 'en'];

/** Who and where: this terminal's enrollment and the cashier at the till. Not persisted: a restart asks for the PIN again. */
export interface SessionSlice {
  device: DeviceInfo | null;
  cashier: SessionUser | null;
  locale: Locale;
  setDevice: (device: DeviceInfo) => void;
  logIn: (cashier: SessionUser) => void;
  logOut: () => void;
  setLocale: (locale: Locale) => void;
}

export const createSessionSlice: SliceCreator<SessionSlice> = (set) => ({
  device: null,
  cashier: null,
  locale: 'fr',
  setDevice: (device) => set({ device }),
  logIn: (cashier) => set({ cashier }),
  // A cart belongs to the cashier who built it.
  logOut: () => set({ cashier: null, cartLines: [], tenderedText: '', screen: 'checkout' }),
  setLocale: (locale) => set({ locale }),
});
