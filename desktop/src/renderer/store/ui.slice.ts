import type { SliceCreator } from './seri-store';

export type Screen = 'checkout' | 'history' | 'products';

export interface Toast {
  id: number;
  kind: 'success' | 'error' | 'info';
  message: string;
}

export interface UiSlice {
  screen: Screen;
  toasts: Toast[];
  showScreen: (screen: Screen) => void;
  pushToast: (kind: Toast['kind'], message: string) => void;
  dismissToast: (id: number) => void;
}

let nextToastId = 1;
/** Enough to read the last few confirmations; older ones go. */
const MAX_TOASTS = 3;

export const createUiSlice: SliceCreator<UiSlice> = (set) => ({
  screen: 'checkout',
  toasts: [],
  showScreen: (screen) => set({ screen }),
  pushToast: (kind, message) =>
    set((state) => ({ toasts: [...state.toasts, { id: nextToastId++, kind, message }].slice(-MAX_TOASTS) })),
  dismissToast: (id) => set((state) => ({ toasts: state.toasts.filter((toast) => toast.id !== id) })),
});
