import type { TFunction } from 'i18next';
import type { Minor, PaymentRecord, ReceiptDocument, ReceiptItem, ReceiptRow, SaleLineRecord } from '@seri/shared';
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

function lineItem(line: Pick<SaleLineRecord, 'name' | 'quantity' | 'unitPrice' | 'discount' | 'total'>, context: ReceiptContext): ReceiptItem {
  const { t, money } = context;
  const detail = t('receipt.lineDetail', { quantity: line.quantity, price: money(line.unitPrice) });
  return {
    name: line.name,
    detail: line.discount > 0 ? t('receipt.lineDetailDiscount', { detail, discount: money(line.discount) }) : detail,
    amount: money(line.total),
  };
}

function header(context: ReceiptContext, title: string, when: string, copy: boolean): string[] {
  const { t } = context;
  return [
    context.shopName,
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
  if (sale.discount > 0 || lines.some((line) => line.discount > 0)) totals.push({ label: t('receipt.subtotal'), value: money(sale.subtotal) });
  if (sale.discount > 0) totals.push({ label: t('receipt.saleDiscount'), value: `-${money(sale.discount)}` });
  totals.push({ label: t('receipt.total'), value: money(sale.total), emphasis: true }, ...paymentRows(sale.payments, context));
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
    totals: [{ label: t('receipt.voidTotal'), value: `-${money(sale.total)}`, emphasis: true }],
    footer: [t('receipt.reason', { reason })],
  };
}
