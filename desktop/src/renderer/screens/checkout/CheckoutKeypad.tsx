import { useEffect, useLayoutEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { create } from 'zustand';
import type { Minor } from '@seri/shared';
import { NumericKeypad, type QuickAmount } from '../../components/NumericKeypad';
import { digitsToMoneyText, moneyTextToDigits, quickCashAmounts } from '../../domain/keypad-input';
import { useShop } from '../../hooks/use-shop';
import { useSeriStore } from '../../store/seri-store';
import { cartLineKey } from '../../domain/line-pricing';

/** What the checkout's keypad types into: a cart line's quantity, the cash received, a split part. */
export type CheckoutKeypadTarget = { kind: 'quantity'; lineKey: string; name: string } | { kind: 'tendered' } | { kind: 'split'; rowId: number };

interface CheckoutKeypadState {
  target: CheckoutKeypadTarget | null;
  /** The quantity being typed: set on OK, so a cleared pad never drops the line by accident. */
  draft: string;
  open: (target: CheckoutKeypadTarget) => void;
  setDraft: (draft: string) => void;
  close: () => void;
}

/** The checkout keypad's target, shared by the cart lines and the payment fields that open it. */
export const useCheckoutKeypad = create<CheckoutKeypadState>()((set) => ({
  target: null,
  draft: '',
  open: (target) => set({ target, draft: '' }),
  setDraft: (draft) => set({ draft }),
  close: () => set({ target: null, draft: '' }),
}));

const targetKey = (target: CheckoutKeypadTarget | null): string => {
  if (!target) return '';
  if (target.kind === 'quantity') return `quantity:${target.lineKey}`;
  return target.kind === 'split' ? `split:${target.rowId}` : 'tendered';
};

/** True while the keypad types into this target (its line or field shows it is selected). */
export function useIsKeypadTarget(target: CheckoutKeypadTarget): boolean {
  return useCheckoutKeypad((state) => targetKey(state.target) === targetKey(target));
}

/**
 * The checkout's number pad, beside the search: opened by tapping a line's quantity, the cash
 * received or a split amount. A quantity is set on OK; cash is written as it is typed (the
 * change updates at once), with quick-cash keys for the exact amount and the next round notes.
 */
export function CheckoutKeypad({ total }: { total: Minor }) {
  const { t } = useTranslation();
  const { currency, money } = useShop();
  const { target, draft, setDraft, close } = useCheckoutKeypad();
  const cartLines = useSeriStore((state) => state.cartLines);
  const payment = useSeriStore((state) => state.payment);
  const setQuantity = useSeriStore((state) => state.setQuantity);
  const setTenderedText = useSeriStore((state) => state.setTenderedText);
  const updateSplitRow = useSeriStore((state) => state.updateSplitRow);
  const line = target?.kind === 'quantity' ? cartLines.find((entry) => cartLineKey(entry) === target.lineKey) : undefined;
  const splitIndex = target?.kind === 'split' ? payment.splitRows.findIndex((row) => row.id === target.rowId) : -1;

  // The line went (removed, sale done), the payment mode changed: nothing left to type into.
  const gone =
    target !== null &&
    ((target.kind === 'quantity' && !line) || (target.kind === 'tendered' && (payment.mode !== 'CASH' || cartLines.length === 0)) || (target.kind === 'split' && (payment.mode !== 'SPLIT' || splitIndex < 0)));
  useEffect(() => {
    if (gone) close();
  }, [gone, close]);
  useEffect(() => close, [close]);
  // The pad covers the search column from its top, whatever the column was scrolled to.
  const panel = useRef<HTMLElement>(null);
  const opened = target?.kind ?? null;
  useLayoutEffect(() => {
    if (opened && panel.current?.parentElement) panel.current.parentElement.scrollTop = 0;
  }, [opened]);
  if (!target || gone) return null;

  let title: string;
  let keypad;
  if (target.kind === 'quantity' && line) {
    title = t('checkout.quantityOf', { name: target.name });
    const commit = (): void => {
      const quantity = Number(draft);
      if (draft !== '' && Number.isSafeInteger(quantity) && quantity <= 100_000) setQuantity(cartLineKey(line), quantity);
      close();
    };
    keypad = <NumericKeypad kind="quantity" value={draft} onChange={setDraft} label={title} maxLength={6} showDisplay placeholder={String(line.quantity)} onEnter={commit} testId="checkout-keypad" />;
  } else {
    const row = target.kind === 'split' ? payment.splitRows[splitIndex] : undefined;
    const text = row ? row.amountText : payment.tenderedText;
    const write = (digits: string): void => {
      const next = digitsToMoneyText(digits, currency);
      if (row) updateSplitRow(row.id, { amountText: next });
      else setTenderedText(next);
    };
    title = row ? t('checkout.splitAmount', { index: splitIndex + 1 }) : t('checkout.tendered');
    const quick: QuickAmount[] = row
      ? []
      : quickCashAmounts(total, currency).map((amount, index) => ({
          value: String(amount),
          label: index === 0 ? t('keypad.exact') : money(amount),
          ariaLabel: index === 0 ? t('keypad.exactAmount', { amount: money(amount) }) : undefined,
        }));
    keypad = (
      <NumericKeypad kind="money" value={moneyTextToDigits(text, currency)} onChange={write} label={title} showDisplay placeholder={row ? money(0) : money(total)} quick={quick} onEnter={close} testId="checkout-keypad" />
    );
  }

  return (
    <section ref={panel} className="checkout-keypad" aria-label={t('keypad.open')} data-testid="checkout-keypad-panel" data-target={target.kind}>
      <div className="checkout-keypad__header">
        <h3 className="checkout-keypad__title">{title}</h3>
        <button type="button" className="icon-button" data-testid="checkout-keypad-close" aria-label={t('keypad.close')} onMouseDown={(event) => event.preventDefault()} onClick={close}>
          ×
        </button>
      </div>
      {keypad}
    </section>
  );
}
