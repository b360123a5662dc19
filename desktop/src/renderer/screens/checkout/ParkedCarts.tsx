import { useLiveQuery } from 'dexie-react-hooks';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { FormActions, Modal } from '../../components/Modal';
import { parkCart, resumeCart } from '../../domain/parked-carts';
import { describeError } from '../../hooks/describe-error';
import { useShop } from '../../hooks/use-shop';
import { useServices } from '../../services';
import { useSeriStore } from '../../store/seri-store';

/** Park the current cart under a note (a name, "dame au pagne bleu"…); the till is then free for the next customer. */
export function ParkCartDialog({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const { db } = useServices();
  const cashier = useSeriStore((state) => state.cashier);
  const cartLines = useSeriStore((state) => state.cartLines);
  const saleDiscount = useSeriStore((state) => state.saleDiscount);
  const saleDiscountApprovedBy = useSeriStore((state) => state.saleDiscountApprovedBy);
  const clearCart = useSeriStore((state) => state.clearCart);
  const pushToast = useSeriStore((state) => state.pushToast);
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    if (busy || !cashier) return;
    setBusy(true);
    try {
      const products = await db.products.bulkGet(cartLines.map((line) => line.productId));
      await parkCart(db, {
        note: note.trim() === '' ? t('parked.noNote') : note,
        userId: cashier.userId,
        lines: cartLines.map((line, index) => ({ ...line, name: products[index]?.name ?? '' })),
        discount: saleDiscount,
        ...(saleDiscountApprovedBy ? { discountApprovedBy: saleDiscountApprovedBy } : {}),
      });
      clearCart();
      pushToast('success', t('parked.parkedToast'));
      onClose();
    } catch (failure) {
      setError(describeError(t, failure));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal labelledBy="park-title" onClose={onClose} testId="park-dialog">
      <form className="modal__body" onSubmit={(event) => void submit(event)} noValidate>
        <h2 id="park-title">{t('parked.parkTitle')}</h2>
        <label className="field" htmlFor="park-note">
          <span className="field__label">{t('parked.note')}</span>
          <input id="park-note" className="input" data-testid="park-note" maxLength={80} autoFocus value={note} onChange={(event) => setNote(event.target.value)} />
        </label>
        <FormActions testId="park" error={error} busy={busy} submitLabel={t('parked.park')} onCancel={onClose} />
      </form>
    </Modal>
  );
}

/** The carts waiting on this terminal, oldest first; resuming one replaces an empty cart (a full one is parked first). */
export function ParkedCartsDialog({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const { db } = useServices();
  // The shop's own clock format, as the session bar above writes the opening time ("06:35", not "6:35 AM" in English).
  const { locale } = useShop();
  const cartSize = useSeriStore((state) => state.cartLines.length);
  const restoreCart = useSeriStore((state) => state.restoreCart);
  const pushToast = useSeriStore((state) => state.pushToast);
  const carts = useLiveQuery(() => db.parkedCarts.orderBy('parkedAt').toArray(), [db], []);
  const [error, setError] = useState<string | null>(null);
  const time = new Intl.DateTimeFormat(locale, { timeStyle: 'short' });

  const resume = async (id: string): Promise<void> => {
    if (cartSize > 0) {
      setError(t('parked.cartNotEmpty'));
      return;
    }
    try {
      const cart = await resumeCart(db, id);
      restoreCart(
        cart.lines.map(({ name: _name, ...line }) => line),
        cart.discount,
        cart.discountApprovedBy,
      );
      pushToast('success', t('parked.resumedToast', { note: cart.note }));
      onClose();
    } catch (failure) {
      setError(describeError(t, failure));
    }
  };

  return (
    <Modal labelledBy="parked-title" onClose={onClose} testId="parked-dialog" wide>
      <div className="modal__body">
        <h2 id="parked-title">{t('parked.title', { count: carts.length })}</h2>
        <ul className="parked-list">
          {carts.map((cart, index) => (
            <li key={cart.id}>
              <button type="button" className="parked-row" data-testid="parked-row" autoFocus={index === 0} onClick={() => void resume(cart.id)}>
                <span className="parked-row__note">{cart.note}</span>
                <span className="parked-row__meta">
                  {t('parked.items', { count: cart.lines.reduce((sum, line) => sum + line.quantity, 0) })} · {time.format(new Date(cart.parkedAt))}
                </span>
                <span className="parked-row__lines muted">{cart.lines.map((line) => line.name).join(', ')}</span>
              </button>
            </li>
          ))}
        </ul>
        {error && (
          <p className="form-error" role="alert" data-testid="parked-error">
            {error}
          </p>
        )}
        <div className="modal__actions">
          <button type="button" className="button" onClick={onClose}>
            {t('common.close')}
          </button>
        </div>
      </div>
    </Modal>
  );
}
