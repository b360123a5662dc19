import { useLiveQuery } from 'dexie-react-hooks';
import { useCallback, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { ReceiptDocument } from '@seri/shared';
import { callMain } from '../bridge/seri-bridge';
import type { ReceiptContext } from '../domain/receipt-document';
import { useServices } from '../services';
import { useSeriStore } from '../store/seri-store';
import { describeError } from './describe-error';
import { rateName } from '../domain/tax-rates';
import { useShop } from './use-shop';

/**
 * Sends a receipt to main's printer. A failure is always said in a toast; a success only
 * when asked (`announce`), so an automatic print never hides the sale's confirmation.
 */
export function usePrintReceipt(): (receipt: ReceiptDocument, announce?: boolean) => Promise<boolean> {
  const { t } = useTranslation();
  const { bridge } = useServices();
  const pushToast = useSeriStore((state) => state.pushToast);
  return useCallback(
    async (receipt: ReceiptDocument, announce = true) => {
      try {
        await callMain(bridge, 'receipt:print', { receipt });
        if (announce) pushToast('info', t('receipt.printed', { number: receipt.number }));
        return true;
      } catch (error) {
        pushToast('error', t('receipt.printFailed', { message: describeError(t, error) }));
        return false;
      }
    },
    [bridge, pushToast, t],
  );
}

/** Words, formats and names a receipt needs, for the sale of a given cashier. */
export function useReceiptContext(): (cashierId: string) => ReceiptContext {
  const { t } = useTranslation();
  const { db } = useServices();
  const { shop, money, locale } = useShop();
  const device = useSeriStore((state) => state.device);
  const users = useLiveQuery(() => db.users.toArray(), [db], []);
  const dateTime = useMemo(() => {
    const format = new Intl.DateTimeFormat(locale, { dateStyle: 'short', timeStyle: 'short' });
    return (iso: string) => format.format(new Date(iso));
  }, [locale]);
  return useCallback(
    (cashierId: string) => ({
      t,
      money,
      dateTime,
      shopName: shop?.name ?? t('app.name'),
      terminalCode: device?.terminalCode ?? '—',
      cashierName: users.find((user) => user.id === cashierId)?.name ?? '—',
      legal: { legalName: shop?.legalName, taxNumber: shop?.taxNumber, address: shop?.address, phone: shop?.phone },
      rateName: (rate) => rateName(rate, locale),
    }),
    [t, money, dateTime, shop, device, users, locale],
  );
}
