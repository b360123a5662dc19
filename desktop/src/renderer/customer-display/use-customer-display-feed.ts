import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect } from 'react';
import { addMinor, type Minor } from '@seri/shared';
import { usePreferences } from '../hooks/use-preferences';
import { useServices } from '../services';
import type { LastSale } from '../store/cart.slice';
import { publishCustomerView, type CustomerView } from './display-channel';

/** A priced cart line as the checkout holds it (CheckoutScreen's PricedCartLine). */
interface FeedLine {
  productId: string;
  quantity: number;
  total: Minor;
  appliedDiscount: Minor;
  product: { name: string; price: Minor };
}

/**
 * The checkout's side of the customer display: every change of the cart, and the payment once
 * the sale is on disk (total, cash received and change read back from the recorded sale), go
 * out on the display channel. Nothing is published while the display is off in the settings.
 */
export function useCustomerDisplayFeed(lines: readonly FeedLine[], totals: { subtotal: Minor; discount: Minor; total: Minor }, lastSale: LastSale | null): void {
  const { db } = useServices();
  const enabled = usePreferences().preferences.customerDisplay;
  const paidSale = useLiveQuery(() => (enabled && lastSale ? db.sales.get(lastSale.saleId) : undefined), [db, enabled, lastSale?.saleId]);

  let view: CustomerView = { kind: 'welcome' };
  // Off (the default): nothing is built on each render of the checkout.
  if (enabled && lines.length > 0) {
    view = {
      kind: 'cart',
      lines: lines.map((line) => ({
        id: line.productId,
        name: line.product.name,
        quantity: line.quantity,
        unitPrice: line.product.price,
        total: line.total,
        discount: line.appliedDiscount,
      })),
      itemCount: lines.reduce((sum, line) => sum + line.quantity, 0),
      subtotal: totals.subtotal,
      discount: totals.discount,
      total: totals.total,
    };
  } else if (enabled && lastSale && paidSale?.id === lastSale.saleId) {
    const tendered = addMinor(0, ...paidSale.payments.map((payment) => payment.tendered ?? payment.amount));
    view = { kind: 'paid', number: paidSale.number, total: paidSale.total, tendered, change: lastSale.change };
  }
  // One string per view: a re-render with the same cart publishes nothing.
  const key = enabled ? JSON.stringify(view) : '';
  useEffect(() => {
    if (enabled) publishCustomerView(JSON.parse(key) as CustomerView);
  }, [enabled, key]);
}
