import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import type { PaymentMode } from '../../domain/payments';
import { cartLineKey } from '../../domain/line-pricing';
import { useSeriStore } from '../../store/seri-store';

/**
 * Keys for a hurried cashier (issue #15), beside F2 (search), F9 (finalize), F6–F8 (session,
 * park) and Enter/arrows/Esc in the search: F3 or `*` in an empty search field to change the
 * last line's quantity, Suppr/Delete to take the last line off, F4/F5/F11 for cash, mobile
 * money and card, F10 for a discount on the sale. Only while no dialog is open.
 */
export const PAYMENT_KEYS: ReadonlyArray<{ key: string; mode: PaymentMode }> = [
  { key: 'F4', mode: 'CASH' },
  { key: 'F5', mode: 'MOBILE_MONEY' },
  { key: 'F11', mode: 'CARD' },
];

const focusLast = (selector: string): boolean => {
  const elements = document.querySelectorAll<HTMLInputElement | HTMLButtonElement>(selector);
  const element = elements[elements.length - 1];
  if (!element) return false;
  element.focus();
  if (element instanceof HTMLInputElement) element.select();
  return true;
};

/** Is the key typed into a field that has text (where Delete and `*` are the field's own)? */
const typingInField = (target: EventTarget | null): boolean =>
  target instanceof HTMLInputElement ? target.value !== '' || target.dataset.testid !== 'scan-input' : target instanceof HTMLTextAreaElement;

export function useCheckoutShortcuts(): void {
  const cartLines = useSeriStore((state) => state.cartLines);
  const removeFromCart = useSeriStore((state) => state.removeFromCart);
  const setPaymentMode = useSeriStore((state) => state.setPaymentMode);
  const last = cartLines[cartLines.length - 1];
  const lastKey = last ? cartLineKey(last) : null;

  useEffect(() => {
    const onKey = (event: KeyboardEvent): void => {
      if (document.querySelector('dialog[open]')) return;
      const payment = PAYMENT_KEYS.find((entry) => entry.key === event.key);
      if (event.key === 'F3' || (event.key === '*' && !typingInField(event.target))) {
        event.preventDefault();
        focusLast('[data-testid="cart-quantity"]');
      } else if (event.key === 'Delete' && lastKey !== null && !typingInField(event.target)) {
        event.preventDefault();
        removeFromCart(lastKey);
      } else if (payment) {
        event.preventDefault();
        setPaymentMode(payment.mode);
        // The field that mode asks for next: cash received, or the transaction's reference.
        requestAnimationFrame(() => void (focusLast('[data-testid="tendered-input"]') || focusLast('[data-testid="payment-reference"]')));
      } else if (event.key === 'F10') {
        event.preventDefault();
        document.querySelector<HTMLButtonElement>('[data-testid="sale-discount-toggle"]:not(:disabled)')?.click();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [lastKey, removeFromCart, setPaymentMode]);
}

/** The keys above, for the checkout's hint panel. */
export function ShortcutHints() {
  const { t } = useTranslation();
  return (
    <>
      <li>
        <kbd>F3</kbd>
        {t('checkout.helpQuantity')}
      </li>
      <li>
        <kbd>{t('checkout.keyDelete')}</kbd>
        {t('checkout.helpDelete')}
      </li>
      <li>
        <kbd>F4 F5 F11</kbd>
        {t('checkout.helpPayment')}
      </li>
      <li>
        <kbd>F10</kbd>
        {t('checkout.helpDiscount')}
      </li>
    </>
  );
}
