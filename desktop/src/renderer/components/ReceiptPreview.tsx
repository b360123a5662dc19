import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { receiptText, type ReceiptDocument } from '@seri/shared';
import { usePrintReceipt } from '../hooks/use-receipts';
import { Modal } from './Modal';

/** The receipt exactly as it prints (same fixed-width text), with Print and Close. */
export function ReceiptPreview({ receipt, onClose }: { receipt: ReceiptDocument; onClose: () => void }) {
  const { t } = useTranslation();
  const print = usePrintReceipt();
  const [busy, setBusy] = useState(false);
  return (
    <Modal labelledBy="receipt-title" onClose={onClose} testId="receipt-dialog">
      <div className="modal__body">
        {/* An X or Z report is not a "ticket": the dialog says which it shows. */}
        <h2 id="receipt-title">{t(receipt.kind === 'Z_REPORT' || receipt.kind === 'X_REPORT' ? 'receipt.previewTitleReport' : 'receipt.previewTitle', { number: receipt.number })}</h2>
        <pre className="receipt" data-testid="receipt-preview" tabIndex={0} aria-label={t('receipt.previewLabel')}>
          {receiptText(receipt)}
        </pre>
        <div className="modal__actions">
          <button type="button" className="button" data-testid="receipt-close" onClick={onClose}>
            {t('common.close')}
          </button>
          <button
            type="button"
            className="button button--primary"
            data-testid="receipt-print"
            autoFocus
            disabled={busy}
            aria-busy={busy}
            onClick={() => {
              setBusy(true);
              void print(receipt, true).finally(() => setBusy(false));
            }}
          >
            {t('receipt.print')}
          </button>
        </div>
      </div>
    </Modal>
  );
}
