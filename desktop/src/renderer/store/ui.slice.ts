import type { Approval, ApprovalAction } from '@seri/shared';
import type { SliceCreator } from './seri-store';

/** `session` (the cash session, issue #11) is reached from the till (F6), not from the header. */
export const SCREENS = ['checkout', 'history', 'products', 'expenses', 'reports', 'settings', 'session'] as const;
export type Screen = (typeof SCREENS)[number];

export interface Toast {
  id: number;
  kind: 'success' | 'error' | 'info';
  message: string;
}

/** A protected action waiting for a manager's PIN (see ApprovalDialog). */
export interface ApprovalRequest {
  action: ApprovalAction;
  /** What is being approved, in the cashier's words ("Annuler la vente T01-000123"). */
  summary: string;
  resolve: (approval: Approval | null) => void;
}

export interface UiSlice {
  screen: Screen;
  toasts: Toast[];
  approvalRequest: ApprovalRequest | null;
  showScreen: (screen: Screen) => void;
  pushToast: (kind: Toast['kind'], message: string) => void;
  dismissToast: (id: number) => void;
  /** Resolves with the approval, or null when the manager cancels. */
  requestApproval: (action: ApprovalAction, summary: string) => Promise<Approval | null>;
  settleApproval: (approval: Approval | null) => void;
}

let nextToastId = 1;
/** One at a time: the newest message replaces the previous one, so the cashier reads the current state. */
const MAX_TOASTS = 1;

export const createUiSlice: SliceCreator<UiSlice> = (set, get) => ({
  screen: 'checkout',
  toasts: [],
  approvalRequest: null,
  // A toast belongs to the screen it was said on: it never follows the cashier to another one.
  showScreen: (screen) => set((state) => (state.screen === screen ? { screen } : { screen, toasts: [] })),
  pushToast: (kind, message) => set((state) => ({ toasts: [...state.toasts, { id: nextToastId++, kind, message }].slice(-MAX_TOASTS) })),
  dismissToast: (id) => set((state) => ({ toasts: state.toasts.filter((toast) => toast.id !== id) })),
  requestApproval: (action, summary) =>
    new Promise((resolve) => {
      get().approvalRequest?.resolve(null);
      set({ approvalRequest: { action, summary, resolve } });
    }),
  settleApproval: (approval) => {
    const request = get().approvalRequest;
    set({ approvalRequest: null });
    request?.resolve(approval);
  },
});
