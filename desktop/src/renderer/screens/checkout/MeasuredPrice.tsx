import { useTranslation } from 'react-i18next';
import type { Minor } from '@seri/shared';
import { lineUnitPrice, type LinePricing } from '../../domain/line-pricing';
import { useShop } from '../../hooks/use-shop';

/** A cart line's unit price: "0,250 kg × 1 200 F CFA/kg" for a weighing, "prix libre" for a typed price (issue #15). */
export function MeasuredPrice({ line, price }: { line: LinePricing; price: Minor }) {
  const { t } = useTranslation();
  const { locale, money } = useShop();
  if (line.grams !== undefined) {
    const kg = new Intl.NumberFormat(locale, { minimumFractionDigits: 3, maximumFractionDigits: 3 }).format(line.grams / 1000);
    return <span data-testid="line-weight">{t('quickKeys.weighedDetail', { kg, price: money(price) })}</span>;
  }
  if (line.openPrice !== undefined) return <span>{t('quickKeys.openPriceDetail', { price: money(lineUnitPrice(line, price)) })}</span>;
  return <>{money(price)}</>;
}
