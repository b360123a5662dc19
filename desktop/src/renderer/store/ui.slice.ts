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
/** One at a time: the newest message replaces the previous one, so the cashier reads the current state. */
const MAX_TOASTS = 1;

export const createUiSlice: SliceCreator<UiSlice> = (set) => ({
  screen: 'checkout',
  toasts: [],
  showScreen: (screen) => set({ screen }),
  pushToast: (kind, message) =>
    set((state) => ({ toasts: [...state.toasts, { id: nextToastId++, kind, message }].slice(-MAX_TOASTS) })),
  dismissToast: (id) => set((state) => ({ toasts: state.toasts.filter((toast) => toast.id !== id) })),
});
