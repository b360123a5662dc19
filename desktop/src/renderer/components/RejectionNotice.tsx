import { useTranslation } from 'react-i18next';
import { describeRejection, type RefusedOp } from '../hooks/describe-error';

/** A server refusal where the cashier looks (a sale, its void, a refund): what happened, what to do, the raw reason folded away. */
export function RejectionNotice({ rejection, op, testId }: { rejection: { code: string; reason: string }; op: RefusedOp; testId: string }) {
  const { t } = useTranslation();
  const text = describeRejection(t, rejection.code, op);
  return (
    <div className="rejection-notice" role="alert" data-testid={testId}>
      <p className="rejection-notice__what">{text.what}</p>
      <p>{text.todo}</p>
      <details className="problem__details">
        <summary>{t('rejection.details')}</summary>
        <span className="mono small">
          {rejection.code}
          {rejection.reason ? ` — ${rejection.reason}` : ''}
        </span>
      </details>
    </div>
  );
}
