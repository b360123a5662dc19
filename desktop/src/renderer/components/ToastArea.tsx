import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useSeriStore } from '../store/seri-store';

const TOAST_MS = { success: 5_000, info: 5_000, error: 10_000 } as const;
/** A key or touch sooner than this after a toast appears is the cashier's same gesture, not the next one. */
const MIN_VISIBLE_MS = 800;

export function ToastArea() {
  const { t } = useTranslation();
  const toasts = useSeriStore((state) => state.toasts);
  const dismissToast = useSeriStore((state) => state.dismissToast);

  // A confirmation is read at a glance: the cashier's next key or touch (the next scan, the
  // next cart) closes it, so the last sale's toast never sits over the next one. An error
  // stays until its time is up or it is closed, so a stray key cannot hide it.
  useEffect(() => {
    const quiet = toasts.filter((toast) => toast.kind !== 'error');
    if (quiet.length === 0) return undefined;
    const shownAt = performance.now();
    const onAction = (event: Event): void => {
      if (performance.now() - shownAt < MIN_VISIBLE_MS) return;
      if (event.target instanceof Element && event.target.closest('.toast-area')) return;
      for (const toast of quiet) dismissToast(toast.id);
    };
    document.addEventListener('keydown', onAction, true);
    document.addEventListener('pointerdown', onAction, true);
    return () => {
      document.removeEventListener('keydown', onAction, true);
      document.removeEventListener('pointerdown', onAction, true);
    };
  }, [toasts, dismissToast]);

  useEffect(() => {
    const timers = toasts.map((toast) => setTimeout(() => dismissToast(toast.id), TOAST_MS[toast.kind]));
    return () => timers.forEach(clearTimeout);
  }, [toasts, dismissToast]);

  return (
    <div className="toast-area" aria-live="polite">
      {toasts.map((toast) => (
        <div key={toast.id} className={`toast toast--${toast.kind}`} role={toast.kind === 'error' ? 'alert' : 'status'}>
          <span data-testid="toast">{toast.message}</span>
          <button type="button" className="toast__close" aria-label={t('toast.dismiss')} onClick={() => dismissToast(toast.id)}>
            ×
          </button>
        </div>
      ))}
    </div>
  );
}
