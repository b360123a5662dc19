import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useSeriStore } from '../store/seri-store';

const TOAST_MS = { success: 5_000, info: 5_000, error: 10_000 } as const;

export function ToastArea() {
  const { t } = useTranslation();
  const toasts = useSeriStore((state) => state.toasts);
  const dismissToast = useSeriStore((state) => state.dismissToast);

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
