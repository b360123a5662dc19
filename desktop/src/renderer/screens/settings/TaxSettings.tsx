import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { TaxRateRecord } from '@seri/shared';
import { FormActions, Modal } from '../../components/Modal';
import { createTaxRate, formatRatePercent, parseRatePercent, updateTaxRate } from '../../domain/tax-rates';
import { describeError } from '../../hooks/describe-error';
import { useAuthor } from '../../hooks/use-author';
import { useShop } from '../../hooks/use-shop';
import { useRateName, useTaxRates } from '../../hooks/use-taxes';
import { useRuntime, useServices } from '../../services';
import { useSeriStore } from '../../store/seri-store';

type Dialog = { kind: 'new' } | { kind: 'edit'; rate: TaxRateRecord } | null;

/**
 * Paramètres → Taxes: the shop's rates (a manager adds, renames, re-rates or archives one
 * here, with their PIN, queued as `tax_rate` ops like a product edit, offline too) and the
 * shop's tax settings and legal identity, read-only here: they are set in the back office.
 */
export function TaxSettings() {
  const { t } = useTranslation();
  const { db } = useServices();
  const runtime = useRuntime();
  const author = useAuthor();
  const { shop, locale } = useShop();
  const rateName = useRateName();
  const rates = useTaxRates() ?? [];
  const requestApproval = useSeriStore((state) => state.requestApproval);
  const pushToast = useSeriStore((state) => state.pushToast);
  const [dialog, setDialog] = useState<Dialog>(null);
  const defaultRate = rates.find((rate) => rate.id === shop?.defaultTaxRateId);

  const setArchived = async (rate: TaxRateRecord, archived: boolean): Promise<void> => {
    if (!author) return;
    const approval = await requestApproval('SETTINGS', t(archived ? 'taxes.archiveSummary' : 'taxes.restoreSummary', { name: rateName(rate) }));
    if (!approval) return;
    try {
      await updateTaxRate(db, { rateId: rate.id, changes: { archived }, author: { ...author, userId: approval.approverId } });
      pushToast('success', t(archived ? 'taxes.archivedToast' : 'taxes.restoredToast', { name: rateName(rate) }));
      runtime.relay.nudge();
    } catch (failure) {
      pushToast('error', describeError(t, failure));
    }
  };

  const none = t('taxes.notSet');
  return (
    <section className="panel panel--wide" aria-labelledby="taxes-title" data-testid="settings-taxes">
      <h2 id="taxes-title">{t('taxes.title')}</h2>
      <table className="table table--compact tax-rates" data-testid="tax-rates">
        <thead>
          <tr>
            <th scope="col">{t('taxes.name')}</th>
            <th scope="col" className="num">
              {t('taxes.rate')}
            </th>
            <th scope="col">{t('taxes.state')}</th>
            <th scope="col">
              <span className="visually-hidden">{t('taxes.actions')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {rates.length === 0 && (
            <tr>
              <td colSpan={4} className="muted">
                {t('taxes.none')}
              </td>
            </tr>
          )}
          {rates.map((rate) => (
            <tr key={rate.id} data-testid="tax-rate" data-rate-id={rate.id} data-archived={rate.archived}>
              <td>{rate.name}</td>
              <td className="num">{formatRatePercent(rate.rateBp, locale)}</td>
              <td>
                {rate.id === shop?.defaultTaxRateId && <span className="badge badge--synced">{t('taxes.default')}</span>} {rate.archived && <span className="badge">{t('taxes.archived')}</span>}
              </td>
              <td>
                <div className="tax-rates__actions">
                  <button type="button" className="button" data-testid="tax-rate-edit" onClick={() => setDialog({ kind: 'edit', rate })}>
                    {t('taxes.edit')}
                  </button>
                  <button type="button" className="button" data-testid="tax-rate-archive" onClick={() => void setArchived(rate, !rate.archived)}>
                    {rate.archived ? t('taxes.restore') : t('taxes.archive')}
                  </button>
                </div>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <button type="button" className="button button--primary" data-testid="tax-rate-new" onClick={() => setDialog({ kind: 'new' })}>
        {t('taxes.add')}
      </button>

      <h3 className="section-title">{t('taxes.shopSettings')}</h3>
      <dl className="facts facts--rows" data-testid="settings-tax-shop">
        <div>
          <dt>{t('taxes.prices')}</dt>
          <dd data-testid="settings-prices-include-tax">{shop?.pricesIncludeTax === false ? t('taxes.pricesExclusive') : t('taxes.pricesInclusive')}</dd>
        </div>
        <div>
          <dt>{t('taxes.defaultRate')}</dt>
          <dd>{defaultRate ? rateName(defaultRate) : t('taxes.noDefault')}</dd>
        </div>
        <div>
          <dt>{t('taxes.legalName')}</dt>
          <dd>{shop?.legalName ?? none}</dd>
        </div>
        <div>
          <dt>{t('taxes.taxNumber')}</dt>
          <dd className="mono">{shop?.taxNumber ?? none}</dd>
        </div>
        <div>
          <dt>{t('taxes.address')}</dt>
          <dd>{shop?.address ?? none}</dd>
        </div>
        <div>
          <dt>{t('taxes.phone')}</dt>
          <dd>{shop?.phone ?? none}</dd>
        </div>
      </dl>
      <p className="muted small">{t('taxes.backOffice')}</p>
      {dialog && <TaxRateDialog rate={dialog.kind === 'edit' ? dialog.rate : null} onClose={() => setDialog(null)} />}
    </section>
  );
}

/** Add a rate, or rename one and change its percent (sales already made keep the rate they copied). */
function TaxRateDialog({ rate, onClose }: { rate: TaxRateRecord | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { db } = useServices();
  const runtime = useRuntime();
  const author = useAuthor();
  const { locale } = useShop();
  const requestApproval = useSeriStore((state) => state.requestApproval);
  const pushToast = useSeriStore((state) => state.pushToast);
  const [name, setName] = useState(rate?.name ?? '');
  const [percent, setPercent] = useState(rate ? formatRatePercent(rate.rateBp, locale).replace(/\s*%$/, '').replace(/\s/g, '') : '');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    if (busy || !author) return;
    const rateBp = parseRatePercent(percent);
    if (name.trim() === '') return setError(t('taxes.nameRequired'));
    if (rateBp === null) return setError(t('taxes.rateInvalid'));
    setBusy(true);
    try {
      const approval = await requestApproval('SETTINGS', rate ? t('taxes.editSummary', { name: rate.name }) : t('taxes.addSummary', { name: name.trim() }));
      if (!approval) return;
      const managerAuthor = { ...author, userId: approval.approverId };
      if (rate) {
        const updated = await updateTaxRate(db, { rateId: rate.id, changes: { name, rateBp }, author: managerAuthor });
        pushToast(updated ? 'success' : 'info', updated ? t('taxes.saved', { name: updated.name }) : t('products.unchanged'));
      } else {
        const created = await createTaxRate(db, { name, rateBp, author: managerAuthor });
        pushToast('success', t('taxes.created', { name: created.name }));
      }
      runtime.relay.nudge();
      onClose();
    } catch (failure) {
      setError(describeError(t, failure));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal labelledBy="tax-rate-title" onClose={onClose} testId="tax-rate-dialog">
      <form className="modal__body" onSubmit={(event) => void submit(event)} noValidate>
        <h2 id="tax-rate-title">{rate ? t('taxes.editTitle', { name: rate.name }) : t('taxes.newTitle')}</h2>
        <div className="form-grid">
          <label className="field form-grid__wide">
            <span className="field__label">{t('taxes.name')}</span>
            <input className="input" data-testid="tax-rate-name" autoFocus autoComplete="off" maxLength={100} placeholder={t('taxes.namePlaceholder')} value={name} onChange={(event) => setName(event.target.value)} />
          </label>
          <label className="field">
            <span className="field__label">{t('taxes.ratePercent')}</span>
            <input className="input" data-testid="tax-rate-percent" inputMode="decimal" autoComplete="off" placeholder="18" value={percent} onChange={(event) => setPercent(event.target.value)} />
          </label>
        </div>
        {rate && <p className="muted small">{t('taxes.editNote')}</p>}
        <FormActions testId="tax-rate" error={error} busy={busy} submitLabel={t('common.save')} onCancel={onClose} />
      </form>
    </Modal>
  );
}
