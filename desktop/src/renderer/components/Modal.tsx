import { useEffect, useRef, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

interface ModalProps {
  /** Id of the heading that names the dialog. */
  labelledBy: string;
  onClose: () => void;
  children: ReactNode;
  testId?: string;
  wide?: boolean;
}

/**
 * A modal on the native <dialog>: showModal() makes the rest of the page inert, keeps
 * Tab inside, and Escape closes it (onClose), so every dialog is keyboard-complete.
 * Mounted means open.
 */
export function Modal({ labelledBy, onClose, children, testId, wide = false }: ModalProps) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => dialog?.close();
  }, []);
  return (
    <dialog
      ref={ref}
      className={`modal${wide ? ' modal--wide' : ''}`}
      aria-labelledby={labelledBy}
      data-testid={testId}
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
    >
      {children}
    </dialog>
  );
}

interface FormActionsProps {
  /** Names the error line (`<testId>-error`) and the submit button (`<testId>-submit`). */
  testId: string;
  error: string | null;
  busy: boolean;
  submitLabel: string;
  onCancel: () => void;
  /** The submit destroys something (a void): red instead of the primary colour. */
  danger?: boolean;
  cancelTestId?: string;
  /** When the submit's own words would read as "cancel" (a void: "Annuler la vente"), a distinct word. */
  cancelLabel?: string;
}

/** A form dialog's foot: the error it was refused with, then Cancel and the submit button. */
export function FormActions({ testId, error, busy, submitLabel, onCancel, danger = false, cancelTestId, cancelLabel }: FormActionsProps) {
  const { t } = useTranslation();
  return (
    <>
      {error && (
        <p className="form-error" role="alert" data-testid={`${testId}-error`}>
          {error}
        </p>
      )}
      <div className="modal__actions">
        <button type="button" className="button" data-testid={cancelTestId} onClick={onCancel}>
          {cancelLabel ?? t('common.cancel')}
        </button>
        <button type="submit" className={`button ${danger ? 'button--danger' : 'button--primary'}`} data-testid={`${testId}-submit`} disabled={busy} aria-busy={busy}>
          {submitLabel}
        </button>
      </div>
    </>
  );
}
