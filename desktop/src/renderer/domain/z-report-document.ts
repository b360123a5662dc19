import { PAYMENT_METHODS, type ReceiptDocument, type ReceiptRow, type SessionFigures, type ZReport } from '@seri/shared';
import { shopHeader, type ReceiptContext } from './receipt-document';

/** The X report's number: the Z it precedes, with X for Z (`T01-X000004`), so the printout names itself. */
export function xReportNumber(terminalCode: string, nextZ: number): string {
  return `${terminalCode}-X${String(nextZ).padStart(6, '0')}`;
}

/**
 * The X or Z report as a receipt (same printer, same 42-column text and printable page):
 * takings by method, taxes per rate, refunds, voids, discounts, paid-in/out, expected cash
 * and, on a Z, what was counted and the variance.
 */
export function sessionReportDocument(
  report: { kind: 'X'; number: string; figures: SessionFigures; at: string } | { kind: 'Z'; z: ZReport },
  context: ReceiptContext,
  copy = false,
): ReceiptDocument {
  const { t, dateTime } = context;
  // Amounts that leave the drawer print with a minus sign; nothing out prints as 0, never -0.
  const money = (amount: number): string => context.money(amount === 0 ? 0 : amount);
  const figures = report.kind === 'Z' ? report.z : report.figures;
  const number = report.kind === 'Z' ? report.z.number : report.number;
  const header = [
    ...shopHeader(context),
    t('receipt.where', { terminal: context.terminalCode, when: dateTime(report.kind === 'Z' ? report.z.closedAt : report.at) }),
    t('receipt.cashier', { name: context.cashierName }),
    report.kind === 'Z' ? t('session.report.zTitle', { number }) : t('session.report.xTitle'),
  ];
  if (report.kind === 'Z') header.push(t('session.report.period', { from: dateTime(report.z.openedAt), to: dateTime(report.z.closedAt) }));
  if (copy) header.push(t('receipt.copy'));
  const totals: ReceiptRow[] = [
    { label: t('session.report.sales', { count: figures.salesCount }), value: money(figures.grossSales) },
    { label: t('session.report.discounts'), value: money(-figures.discounts) },
    // Prices before tax: what the sales came to includes the tax added on top.
    ...(figures.taxAdded ? [{ label: t('session.report.taxAdded'), value: money(figures.taxAdded) }] : []),
    { label: t('session.report.net'), value: money(figures.netSales), emphasis: true },
    ...PAYMENT_METHODS.map((method) => ({ label: t('session.report.takings', { method: t(`payment.${method}`) }), value: money(figures.takings[method]) })),
    { label: t('session.report.refunds', { count: figures.refundsCount }), value: money(-figures.refundsTotal) },
    ...PAYMENT_METHODS.filter((method) => figures.refunds[method] !== 0).map((method) => ({ label: t('session.report.refundsBy', { method: t(`payment.${method}`) }), value: money(-figures.refunds[method]) })),
    { label: t('session.report.voids', { count: figures.voidsCount }), value: money(figures.voidsTotal) },
    { label: t('session.report.float'), value: money(figures.openingFloat) },
    { label: t('session.report.paidIn'), value: money(figures.paidIn) },
    { label: t('session.report.paidOut'), value: money(-figures.paidOut) },
    { label: t('session.report.expected'), value: money(figures.expectedCash), emphasis: true },
  ];
  if (report.kind === 'Z') {
    totals.push({ label: t('session.report.counted'), value: money(report.z.counted) });
    totals.push({ label: t('session.report.variance'), value: money(report.z.variance), emphasis: true });
  }
  const items = figures.taxes.map((line) => ({ name: context.rateName ? context.rateName(line) : line.name, detail: t('session.report.taxBase', { base: money(line.base) }), amount: money(line.tax) }));
  const footer = [
    figures.firstReceipt ? t('session.report.receipts', { first: figures.firstReceipt, last: figures.lastReceipt ?? figures.firstReceipt }) : t('session.report.noReceipts'),
    report.kind === 'Z' ? t('session.report.zFooter') : t('session.report.xFooter'),
  ];
  return { number, kind: report.kind === 'Z' ? 'Z_REPORT' : 'X_REPORT', copy, header, items, totals, footer };
}
