import { useLiveQuery } from 'dexie-react-hooks';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { MAX_WEIGHT_GRAMS, parseMoney, parseWeightGrams, weighedLinePrice } from '@seri/shared';
import { FormActions, Modal } from '../../components/Modal';
import { NumericKeypad } from '../../components/NumericKeypad';
import { digitsToMoneyText, moneyTextToDigits } from '../../domain/keypad-input';
import { useShop } from '../../hooks/use-shop';
import { useServices } from '../../services';
import { useSeriStore } from '../../store/seri-store';

/**
 * The weight of a product sold by weight, or the amount of one sold at an open price, typed
 * before the line goes in the cart (issue #15): on the physical keyboard ("750", "0,75 kg") or
 * on the on-screen keypad under the field (grams for a weight, the amount for an open price).
 */
export function MeasureDialog() {
  const request = useSeriStore((state) => state.measureRequest);
  if (!request) return null;
  return <MeasureForm key={`${request.productId}:${request.kind}`} productId={request.productId} kind={request.kind} />;
}

function MeasureForm({ productId, kind }: { productId: string; kind: 'OPEN' | 'WEIGHT' }) {
  const { t } = useTranslation();
  const { db } = useServices();
  const { currency, money } = useShop();
  const requestMeasure = useSeriStore((state) => state.requestMeasure);
  const addMeasuredLine = useSeriStore((state) => state.addMeasuredLine);
  const product = useLiveQuery(() => db.products.get(productId), [db, productId]);
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);

  const grams = kind === 'WEIGHT' ? parseWeightGrams(text) : null;
  const amount = kind === 'OPEN' ? parseMoney(text, currency) : null;
  const price = product && grams !== null ? weighedLinePrice(product.price, grams) : amount;
  const close = (): void => requestMeasure(null);
  const write = (next: string): void => {
    setText(next);
    setError(null);
  };
  // The keypad types grams (a weight) or minor units (an amount); text typed as "0,75 kg" restarts from nothing.
  const digits = kind === 'WEIGHT' ? (/^\d*$/.test(text.trim()) ? text.trim() : '') : moneyTextToDigits(text, currency);
  const label = kind === 'WEIGHT' ? t('quickKeys.weightLabel') : t('quickKeys.amountLabel');

  const add = (): void => {
    if (kind === 'WEIGHT' && grams !== null) addMeasuredLine(productId, { grams });
    else if (kind === 'OPEN' && amount !== null && amount > 0) addMeasuredLine(productId, { openPrice: amount });
    else setError(kind === 'WEIGHT' ? t('quickKeys.weightInvalid') : t('quickKeys.amountInvalid'));
  };
  const submit = (event: FormEvent): void => {
    event.preventDefault();
    add();
  };

  return (
    <Modal labelledBy="measure-title" onClose={close} testId="measure-dialog">
      <form className="modal__body measure" onSubmit={submit}>
        <h2 id="measure-title">{product?.name ?? ''}</h2>
        <p className="muted">{kind === 'WEIGHT' ? t('quickKeys.perKg', { price: money(product?.price ?? 0) }) : t('quickKeys.openPriceHint')}</p>
        <label className="field">
          <span className="field__label">{label}</span>
          <input
            className="input input--money"
            data-testid="measure-input"
            inputMode="decimal"
            autoComplete="off"
            autoFocus
            placeholder={kind === 'WEIGHT' ? t('quickKeys.weightPlaceholder') : money(0)}
            value={text}
            onChange={(event) => write(event.target.value)}
          />
        </label>
        <NumericKeypad
          kind={kind === 'WEIGHT' ? 'quantity' : 'money'}
          value={digits}
          onChange={(next) => write(kind === 'WEIGHT' ? next : digitsToMoneyText(next, currency))}
          label={label}
          maxLength={kind === 'WEIGHT' ? String(MAX_WEIGHT_GRAMS).length : undefined}
          onEnter={add}
          testId="measure-keypad"
        />
        <p className="measure__price" data-testid="measure-price" aria-live="polite">
          {price !== null && price !== undefined ? t('quickKeys.linePrice', { price: money(price) }) : '\u00a0'}
        </p>
        <FormActions testId="measure" error={error} busy={false} submitLabel={t('quickKeys.addToCart')} onCancel={close} />
      </form>
    </Modal>
  );
}
