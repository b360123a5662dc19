import type { DeviceInfo, SessionUser } from '@seri/shared';
import { emptyCart } from './cart.slice';
import type { SliceCreator } from './seri-store';

export type Locale = 'fr' | 'en';
export const LOCALES: readonly Locale[] = ['fr', 'en'];

/**
 * Who and where: this terminal's enrollment and the cashier at the till. Not persisted:
 * a restart asks for the PIN again. Locked: the cashier stays, the screen asks for a PIN.
 */
export interface SessionSlice {
  device: DeviceInfo | null;
  cashier: SessionUser | null;
  locked: boolean;
  setDevice: (device: DeviceInfo) => void;
  /** After main checked the PIN. The same cashier unlocking finds their cart; anyone else starts afresh. */
  logIn: (cashier: SessionUser) => void;
  logOut: () => void;
  lock: () => void;
}

export const createSessionSlice: SliceCreator<SessionSlice> = (set) => ({
  device: null,
  cashier: null,
  locked: false,
  setDevice: (device) => set({ device }),
  logIn: (cashier) =>
    set((state) => (state.cashier?.userId === cashier.userId ? { cashier, locked: false } : { cashier, locked: false, ...emptyCart(), lastSale: null, screen: 'checkout' })),
  // A cart belongs to the cashier who built it.
  logOut: () => set({ cashier: null, locked: false, ...emptyCart(), lastSale: null, screen: 'checkout', approvalRequest: null }),
  lock: () => set((state) => (state.cashier ? { locked: true } : {})),
});
