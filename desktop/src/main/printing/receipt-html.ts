import { receiptText, type ReceiptDocument } from '@seri/shared';

const ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ESCAPES[char] ?? char);
}

/**
 * The page Electron's hidden print window loads: the same fixed-width text as the preview,
 * every character escaped (a product named `<img onerror=…>` prints as those characters),
 * and a CSP that allows no script at all.
 */
export function receiptHtml(receipt: ReceiptDocument): string {
  return [
    '<!doctype html>',
    '<html><head><meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">`,
    `<title>${escapeHtml(receipt.number)}</title>`,
    '<style>@page{margin:0}body{margin:0 2mm}pre{font:12px/1.25 "DejaVu Sans Mono",monospace;white-space:pre;margin:0}</style>',
    '</head><body>',
    `<pre>${escapeHtml(receiptText(receipt))}</pre>`,
    '</body></html>',
  ].join('');
}
