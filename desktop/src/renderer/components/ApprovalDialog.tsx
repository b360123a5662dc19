import { useLiveQuery } from 'dexie-react-hooks';
import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApprovalRequest } from '../store/ui.slice';
import { BridgeError, callMain } from '../bridge/seri-bridge';
import { describeError, describePinError } from '../hooks/describe-error';
import { useServices } from '../services';
import { useSeriStore } from '../store/seri-store';
import { FormActions, Modal } from './Modal';
import { PinField, UserButton } from './PinEntry';

/** Shows the manager PIN prompt whenever a screen asks for an approval (requestApproval). */
export function ApprovalHost() {
  const request = useSeriStore((state) => state.approvalRequest);
  // A new request gets a fresh form (key), never the previous PIN.
  return request ? <ApprovalDialog key={`${request.action}:${request.summary}`} request={request} /> : null;
}

/**
 * A manager chooses their name and types their PIN; main checks it against the synced
 * hashes, offline too, and says who approved. The PIN never stays in the renderer.
 */
function ApprovalDialog({ request }: { request: ApprovalRequest }) {
  const { t } = useTranslation();
  const { db, bridge } = useServices();
  const cashier = useSeriStore((state) => state.cashier);
  const settle = useSeriStore((state) => state.settleApproval);
  const approvers = useLiveQuery(
    () => db.users.filter((user) => user.active && (user.role === 'MANAGER' || user.role === 'ADMIN')).sortBy('name'),
    [db],
  );
  const [chosen, setChosen] = useState<string | null>(null);
  const [pin, setPin] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const pinRef = useRef<HTMLInputElement>(null);
  const fallback = approvers?.find((user) => user.id === cashier?.userId)?.id ?? (approvers?.length === 1 ? approvers[0]?.id : undefined);
  const userId = chosen ?? fallback ?? null;

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    if (busy) return;
    if (!userId) {
      setError(t('approval.chooseFirst'));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      settle(await callMain(bridge, 'session:approve', { userId, pin, action: request.action }));
    } catch (failure) {
      const code = failure instanceof BridgeError ? failure.code : null;
      setError(describePinError(t, failure, 'approval') ?? (code === 'FORBIDDEN' ? t('approval.notManager') : describeError(t, failure)));
      setPin('');
      setBusy(false);
      pinRef.current?.focus();
    }
  };

  return (
    <Modal labelledBy="approval-title" onClose={() => settle(null)} testId="approval-dialog">
      <form className="modal__body" onSubmit={(event) => void submit(event)} noValidate>
        <h2 id="approval-title">{t('approval.title')}</h2>
        <p className="approval__summary" data-testid="approval-summary">
          {request.summary}
        </p>
        <fieldset className="user-grid user-grid--compact">
          <legend className="field__label">{t('approval.manager')}</legend>
          {approvers?.length === 0 && <p className="muted">{t('approval.noManager')}</p>}
          {approvers?.map((user) => (
            <UserButton
              key={user.id}
              user={user}
              testId="approval-user"
              pressed={userId === user.id}
              onChoose={() => {
                setChosen(user.id);
                pinRef.current?.focus();
              }}
            />
          ))}
        </fieldset>
        <PinField label={t('approval.pin')} testId="approval-pin" value={pin} onChange={setPin} ref={pinRef} />
        <FormActions testId="approval" cancelTestId="approval-cancel" error={error} busy={busy} submitLabel={t('approval.submit')} onCancel={() => settle(null)} />
      </form>
    </Modal>
  );
}
