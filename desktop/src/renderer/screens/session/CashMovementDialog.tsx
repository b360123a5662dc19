import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { FormActions, Modal } from '../../components/Modal';
import { movementNeedsApproval, recordCashMovement } from '../../domain/cash-session-commands';
import { describeError } from '../../hooks/describe-error';
import { useAuthor } from '../../hooks/use-author';
import { useShop } from '../../hooks/use-shop';
import { useRuntime, useServices } from '../../services';
import { useSeriStore } from '../../store/seri-store';

/** A paid-in or paid-out with its reason; above the shop's threshold a manager's PIN (checked in main, offline). */
export function CashMovementDialog({ type, onClose }: { type: 'PAID_IN' | 'PAID_OUT'; onClose: () => void }) {
  const { t } = useTranslation();
  const { db } = useServices();
  const runtime = useRuntime();
  const author = useAuthor();
  const { money } = useShop();
  const pushToast = useSeriStore((state) => state.pushToast);
  const requestApproval = useSeriStore((state) => state.requestApproval);
  const [amountText, setAmountText] = useState('');
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const kind = type === 'PAID_IN' ? 'paidIn' : 'paidOut';

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    if (!author || busy) return;
    const text = amountText.replace(/[\s\u00a0\u202f]/g, '');
    if (!/^\d{1,12}$/.test(text) || Number(text) === 0) {
      setError(t('session.movement.amountInvalid'));
      return;
    }
    if (reason.trim() === '') {
      setError(t('session.movement.reasonRequired'));
      return;
    }
    const amount = Number(text);
    setBusy(true);
    try {
      let approvedBy: string | null = null;
      if (await movementNeedsApproval(db, amount)) {
        const approval = await requestApproval('CASH_MOVEMENT', t(`session.movement.${kind}Summary`, { amount: money(amount), reason: reason.trim() }));
        if (!approval) return;
        approvedBy = approval.approverId;
      }
      await recordCashMovement(db, { author, type, amount, reason, approvedBy });
      runtime.relay.nudge();
      pushToast('success', t(`session.movement.${kind}Saved`, { amount: money(amount) }));
      onClose();
    } catch (failure) {
      setError(describeError(t, failure));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal labelledBy="movement-title" onClose={onClose} testId="cash-movement-dialog">
      <form className="modal__body" onSubmit={(event) => void submit(event)} noValidate>
        <h2 id="movement-title">{t(`session.${kind}`)}</h2>
        <label className="field" htmlFor="movement-amount">
          <span className="field__label">{t('session.movement.amount')}</span>
          <input id="movement-amount" className="input input--money" data-testid="movement-amount" inputMode="numeric" autoComplete="off" autoFocus value={amountText} onChange={(event) => setAmountText(event.target.value)} />
        </label>
        <label className="field" htmlFor="movement-reason">
          <span className="field__label">{t('session.movement.reason')}</span>
          <input id="movement-reason" className="input" data-testid="movement-reason" maxLength={200} value={reason} onChange={(event) => setReason(event.target.value)} />
        </label>
        <FormActions testId="movement" error={error} busy={busy} submitLabel={t('session.movement.submit')} onCancel={onClose} />
      </form>
    </Modal>
  );
}
