import { useTranslation } from 'react-i18next';
import { useShop } from '../hooks/use-shop';
import { useRateName, useTaxRates } from '../hooks/use-taxes';

/**
 * A product's tax rate, chosen with a finger: one button per rate of the shop (≥ 44 px high),
 * "the shop's default rate" first as the null choice. Archived rates are not offered, except
 * the one the product already has (so the form shows it and keeping it changes nothing).
 */
export function TaxRatePicker({ value, onChange }: { value: string | null; onChange: (rateId: string | null) => void }) {
  const { t } = useTranslation();
  const { shop } = useShop();
  const rateName = useRateName();
  const rates = useTaxRates() ?? [];
  const offered = rates.filter((rate) => !rate.archived || rate.id === value);
  const fallback = rates.find((rate) => rate.id === shop?.defaultTaxRateId);
  const choices: Array<{ id: string | null; label: string; hint?: string }> = [
    { id: null, label: t('taxes.picker.default'), hint: fallback ? rateName(fallback) : t('taxes.picker.noDefault') },
    ...offered.map((rate) => ({ id: rate.id, label: rateName(rate), ...(rate.archived ? { hint: t('taxes.archived') } : {}) })),
  ];
  return (
    <fieldset className="tax-picker form-grid__wide">
      <legend className="field__label">{t('taxes.picker.label')}</legend>
      <div className="tax-picker__options" role="radiogroup" aria-label={t('taxes.picker.label')} data-testid="product-tax-rate">
        {choices.map((choice) => (
          <button
            key={choice.id ?? 'default'}
            type="button"
            role="radio"
            aria-checked={choice.id === value}
            className="tax-picker__option"
            data-testid={`product-tax-${choice.id ?? 'default'}`}
            onClick={() => onChange(choice.id)}
          >
            <span>{choice.label}</span>
            {choice.hint && <span className="tax-picker__hint">{choice.hint}</span>}
          </button>
        ))}
      </div>
    </fieldset>
  );
}
