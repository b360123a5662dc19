import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { SALE_CUSTOMER_NAME_MAX, SALE_CUSTOMER_PHONE, type SaleCustomer } from '@seri/shared';
import { FormActions, Modal } from '../../components/Modal';
import { useSeriStore } from '../../store/seri-store';
import './sale-customer.css';

const PHONE = SALE_CUSTOMER_PHONE;
const NAME_MAX = SALE_CUSTOMER_NAME_MAX;

/** What the cashier typed, trimmed, or the reason it cannot go on the sale; both empty: no customer. */
export function readCustomer(name: string, phone: string): { ok: true; customer: SaleCustomer | null } | { ok: false; problem: 'NAME_TOO_LONG' | 'PHONE_INVALID' } {
  const cleanName = name.trim().replace(/\s+/g, ' ');
  const cleanPhone = phone.trim();
  if (cleanName.length > NAME_MAX) return { ok: false, problem: 'NAME_TOO_LONG' };
  if (cleanPhone !== '' && !PHONE.test(cleanPhone)) return { ok: false, problem: 'PHONE_INVALID' };
  if (cleanName === '' && cleanPhone === '') return { ok: true, customer: null };
  return { ok: true, customer: { name: cleanName === '' ? null : cleanName, phone: cleanPhone === '' ? null : cleanPhone } };
}

/** "Ajouter un client": an optional name and phone on the sale being rung up, found again in the history. */
export function SaleCustomerButton() {
  const { t } = useTranslation();
  const customer = useSeriStore((state) => state.saleCustomer);
  const [editing, setEditing] = useState(false);
  const wording = customer ? t('customer.changeLong') : t('customer.addLong');
  return (
    <div className="sale-customer">
      {customer && (
        <span className="sale-customer__who" data-testid="sale-customer">
          <CustomerWords customer={customer} />
        </span>
      )}
      <button
        type="button"
        className="button button--small"
        data-testid="sale-customer-open"
        aria-label={wording}
        title={wording}
        onClick={() => setEditing(true)}
      >
        {customer ? t('customer.change') : t('customer.add')}
      </button>
      {editing && <CustomerDialog onClose={() => setEditing(false)} />}
    </div>
  );
}

/** "Client : Awa Diop · +221 77 123 45 67", the phone never broken across two lines. */
function CustomerWords({ customer }: { customer: SaleCustomer }) {
  const { t } = useTranslation();
  const [before = '', after = ''] = t('customer.on', { customer: HOLE }).split(HOLE);
  const name = customer.name ?? '';
  const phone = customer.phone ?? '';
  return (
    <>
      {before}
      {name}
      {name !== '' && phone !== '' ? ' · ' : ''}
      {phone !== '' && <span className="sale-customer__phone">{phone}</span>}
      {after}
    </>
  );
}

/** Where the customer goes in the sentence, cut out so the phone can be its own span. */
const HOLE = '\u0001';

function CustomerDialog({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const current = useSeriStore((state) => state.saleCustomer);
  const setSaleCustomer = useSeriStore((state) => state.setSaleCustomer);
  const [name, setName] = useState(current?.name ?? '');
  const [phone, setPhone] = useState(current?.phone ?? '');
  const [error, setError] = useState<string | null>(null);

  const submit = (event: FormEvent): void => {
    event.preventDefault();
    const read = readCustomer(name, phone);
    if (!read.ok) {
      setError(read.problem === 'PHONE_INVALID' ? t('customer.phoneInvalid') : t('customer.nameTooLong', { max: NAME_MAX }));
      return;
    }
    setSaleCustomer(read.customer);
    onClose();
  };

  return (
    <Modal labelledBy="customer-title" onClose={onClose} testId="customer-dialog">
      <form className="modal__body" onSubmit={submit} noValidate>
        <h2 id="customer-title">{t('customer.title')}</h2>
        <p className="muted">{t('customer.explain')}</p>
        <label className="field">
          <span className="field__label">{t('customer.name')}</span>
          <input className="input" data-testid="customer-name" autoComplete="off" autoFocus maxLength={NAME_MAX + 20} value={name} onChange={(event) => setName(event.target.value)} />
        </label>
        <label className="field">
          <span className="field__label">{t('customer.phone')}</span>
          <input className="input" data-testid="customer-phone" type="tel" inputMode="tel" autoComplete="off" maxLength={40} value={phone} onChange={(event) => setPhone(event.target.value)} />
        </label>
        {current && (
          <button
            type="button"
            className="button button--small"
            data-testid="customer-remove"
            onClick={() => {
              setSaleCustomer(null);
              onClose();
            }}
          >
            {t('customer.remove')}
          </button>
        )}
        <FormActions testId="customer" error={error} busy={false} submitLabel={t('customer.save')} onCancel={onClose} />
      </form>
    </Modal>
  );
}
