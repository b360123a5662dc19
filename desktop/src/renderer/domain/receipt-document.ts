import type { TFunction } from 'i18next';
import type { Minor, PaymentRecord, ReceiptDocument, ReceiptItem, ReceiptRow, SaleLineRecord, SaleTaxLine } from '@seri/shared';
import type { LocalRefund, LocalSale } from '../db/seri-db';
import { customerText } from './sale-customer';

/** What a receipt needs besides the sale: the words and formats of the cashier's language, and who and where. */
export interface ReceiptContext {
  t: TFunction;
  money: (amount: Minor) => string;
  dateTime: (iso: string) => string;
  shopName: string;
  terminalCode: string;
  cashierName: string;
  /** The shop's legal identity as the receipt must print it (shop settings, set in the back office); absent parts are left out. */
  legal?: { legalName?: string | null; taxNumber?: string | null; address?: string | null; phone?: string | null };
  /** A rate as printed ("TVA 18 %", "Exonéré 0 %"); by default its name. */
  rateName?: (rate: Pick<SaleTaxLine, 'name' | 'rateBp'>) => string;
}

/**
 * The taxes per rate of a sale or refund. Prices with tax inside: "dont TVA 18 % (HT 10 000)"
 * rows under the total; prices before tax: the net before tax, then each rate with its base,
 * which the caller puts above the total. `sign` prints amounts going back as negatives.
 */
function taxRows(taxes: readonly SaleTaxLine[], inclusive: boolean, context: ReceiptContext, sign = ''): ReceiptRow[] {
  const { t, money } = context;
  const name = context.rateName ?? ((rate: Pick<SaleTaxLine, 'name'>) => rate.name);
  return taxes.map((tax) => ({
    label: t(inclusive ? 'receipt.taxIncluded' : 'receipt.taxAdded', { name: name(tax), base: money(tax.base) }),
    value: `${sign}${money(tax.tax)}`,
  }));
}

function paymentRows(payments: readonly PaymentRecord[], context: ReceiptContext): ReceiptRow[] {
  const { t, money } = context;
  const rows: ReceiptRow[] = [];
  for (const payment of payments) {
    const method = t(`payment.${payment.method}`);
    rows.push({ label: payment.reference ? t('receipt.paidWithRef', { method, reference: payment.reference }) : t('receipt.paid', { method }), value: money(payment.amount) });
    if (payment.tendered !== undefined) {
      rows.push({ label: t('receipt.tendered'), value: money(payment.tendered) });
      rows.push({ label: t('receipt.change'), value: money(payment.tendered - payment.amount) });
    }
  }
  return rows;
}

function lineItem(line: Pick<SaleLineRecord, 'name' | 'quantity' | 'unitPrice' | 'discount' | 'total' | 'measure'>, context: ReceiptContext): ReceiptItem {
  const { t, money } = context;
  // A weighed line prints its weight and price per kg (issue #15).
  const detail = line.measure
    ? t('receipt.weighedDetail', { kg: line.measure.grams / 1000, price: money(line.measure.pricePerKg) })
    : t('receipt.lineDetail', { quantity: line.quantity, price: money(line.unitPrice) });
  return {
    name: line.name,
    detail: line.discount > 0 ? t('receipt.lineDetailDiscount', { detail, discount: money(line.discount) }) : detail,
    amount: money(line.total),
  };
}

/** The shop's name, then its legal identity (registered name, address, phone, tax number) when set. */
export function shopHeader(context: ReceiptContext): string[] {
  const { t } = context;
  const legal = context.legal ?? {};
  const lines = [context.shopName];
  if (legal.legalName && legal.legalName !== context.shopName) lines.push(legal.legalName);
  if (legal.address) lines.push(legal.address);
  if (legal.phone) lines.push(t('receipt.phone', { phone: legal.phone }));
  if (legal.taxNumber) lines.push(t('receipt.taxNumber', { number: legal.taxNumber }));
  return lines;
}

function header(context: ReceiptContext, title: string, when: string, copy: boolean): string[] {
  const { t } = context;
  return [
    ...shopHeader(context),
    title,
    ...(copy ? [t('receipt.copy')] : []),
    t('receipt.where', { terminal: context.terminalCode, when: context.dateTime(when) }),
    t('receipt.cashier', { name: context.cashierName }),
  ];
}

/** "Client : Awa Diop · 77 123 45 67", when the cashier took the customer down. */
function customerLines(sale: LocalSale, context: ReceiptContext): string[] {
  const who = customerText(sale.customer);
  return who === '' ? [] : [context.t('receipt.customer', { customer: who })];
}

/** The sale's receipt, numbered per terminal (T01-000123); `copy` for a reprint. */
export function saleReceipt(sale: LocalSale, lines: readonly SaleLineRecord[], context: ReceiptContext, copy = false): ReceiptDocument {
  const { t, money } = context;
  const totals: ReceiptRow[] = [];
  const taxes = sale.taxes ?? [];
  const inclusive = sale.pricesIncludeTax !== false;
  if (sale.discount > 0 || lines.some((line) => line.discount > 0)) totals.push({ label: t('receipt.subtotal'), value: money(sale.subtotal) });
  if (sale.discount > 0) totals.push({ label: t('receipt.saleDiscount'), value: `-${money(sale.discount)}` });
  if (!inclusive && taxes.length > 0) {
    totals.push({ label: t('receipt.netBeforeTax'), value: money(sale.subtotal - sale.discount) }, ...taxRows(taxes, false, context));
  }
  totals.push({ label: t(!inclusive && taxes.length > 0 ? 'receipt.totalWithTax' : 'receipt.total'), value: money(sale.total), emphasis: true });
  if (inclusive) totals.push(...taxRows(taxes, true, context));
  totals.push(...paymentRows(sale.payments, context));
  return {
    number: sale.number,
    kind: 'SALE',
    copy,
    header: [...header(context, t('receipt.saleTitle', { number: sale.number }), sale.createdAt, copy), ...customerLines(sale, context)],
    items: lines.map((line) => lineItem(line, context)),
    totals,
    footer: sale.status === 'VOIDED' ? [t('receipt.voidedNote'), t('receipt.thanks')] : [t('receipt.thanks')],
  };
}

export function refundReceipt(sale: LocalSale, refund: LocalRefund, lines: readonly SaleLineRecord[], context: ReceiptContext, copy = false): ReceiptDocument {
  const { t, money } = context;
  const byId = new Map(lines.map((line) => [line.id, line]));
  return {
    number: sale.number,
    kind: 'REFUND',
    copy,
    header: header(context, t('receipt.refundTitle', { number: sale.number }), refund.createdAt, copy),
    items: refund.lines.map((line) => ({
      name: byId.get(line.saleLineId)?.name ?? line.productId,
      detail: t('receipt.refundDetail', { quantity: line.quantity }),
      amount: `-${money(line.amount)}`,
    })),
    totals: [
      { label: t('receipt.refundTotal'), value: `-${money(refund.total)}`, emphasis: true },
      // The tax given back is inside the amounts refunded (they include the tax paid on top, if any).
      ...taxRows(refund.taxes ?? [], true, context, '-'),
      { label: t('receipt.refundMethod', { method: t(`payment.${refund.method}`) }), value: money(refund.total) },
    ],
    footer: [t('receipt.reason', { reason: refund.reason })],
  };
}

export function voidReceipt(sale: LocalSale, lines: readonly SaleLineRecord[], reason: string, when: string, context: ReceiptContext): ReceiptDocument {
  const { t, money } = context;
  return {
    number: sale.number,
    kind: 'VOID',
    copy: false,
    header: header(context, t('receipt.voidTitle', { number: sale.number }), when, false),
    items: lines.map((line) => lineItem(line, context)),
    totals: [{ label: t('receipt.voidTotal'), value: `-${money(sale.total)}`, emphasis: true }, ...taxRows(sale.taxes ?? [], true, context, '-')],
    footer: [t('receipt.reason', { reason })],
  };
}
