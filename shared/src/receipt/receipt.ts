/**
 * A receipt as the renderer composes it (in the cashier's language, amounts already
 * formatted with Intl) and main prints it. One plain-text layout serves the on-screen
 * preview, the shell's file printer and the Electron printer, so what the cashier
 * previews is what comes out of the printer.
 */
/** Z_REPORT closes a cash session; X_REPORT is the same figures mid-session (issue #11). */
export const RECEIPT_KINDS = ['SALE', 'REFUND', 'VOID', 'Z_REPORT', 'X_REPORT'] as const;
export type ReceiptKind = (typeof RECEIPT_KINDS)[number];

export interface ReceiptItem {
  name: string;
  /** "2 × 4 500 F CFA", a discount, … */
  detail: string;
  amount: string;
}

export interface ReceiptRow {
  label: string;
  value: string;
  /** Printed in capitals on its own line, e.g. the total. */
  emphasis?: boolean;
}

export interface ReceiptDocument {
  /** The receipt number (`T01-000123`): names the printout. */
  number: string;
  kind: ReceiptKind;
  /** A reprint (printed with the word the renderer puts in the header). */
  copy: boolean;
  /** Centered at the top: shop, terminal, date, cashier, title. */
  header: string[];
  items: ReceiptItem[];
  totals: ReceiptRow[];
  /** Centered at the bottom. */
  footer: string[];
}

/** Characters per line of a common 80 mm thermal printer in its default font. */
export const RECEIPT_WIDTH = 42;
export const RECEIPT_LIMITS = { lines: 12, items: 500, totals: 30, text: 200 } as const;

function wrap(text: string, width: number): string[] {
  // Only plain spaces break a line: Intl puts no-break spaces inside amounts ("3 250 F CFA").
  const words = text.trim().split(/[ \t\n]+/).filter((word) => word !== '');
  const lines: string[] = [];
  let current = '';
  for (const word of words) {
    for (let start = 0; start < word.length; start += width) {
      const piece = word.slice(start, start + width);
      if (current === '') current = piece;
      else if (current.length + 1 + piece.length <= width) current = `${current} ${piece}`;
      else {
        lines.push(current);
        current = piece;
      }
    }
  }
  if (current !== '' || lines.length === 0) lines.push(current);
  return lines;
}

function center(text: string, width: number): string[] {
  return wrap(text, width).map((line) => `${' '.repeat(Math.floor((width - line.length) / 2))}${line}`.trimEnd());
}

/** Left text and right text on one line, the left wrapped (and indented) when both do not fit. */
function spread(left: string, right: string, width: number, indent = 0): string[] {
  const pad = ' '.repeat(indent);
  const room = width - right.length - 1 - indent;
  if (room < 8) return [...wrap(left, width - indent).map((line) => pad + line), right.padStart(width)];
  const lefts = wrap(left, room).map((line) => pad + line);
  const last = lefts.pop() ?? '';
  return [...lefts, `${last}${' '.repeat(width - last.length - right.length)}${right}`];
}

/** The receipt as fixed-width text (one string, lines joined with \n, ending with \n). */
export function receiptText(receipt: ReceiptDocument, width: number = RECEIPT_WIDTH): string {
  const rule = '-'.repeat(width);
  const out: string[] = [];
  for (const line of receipt.header) out.push(...center(line, width));
  out.push(rule);
  // A report without lines (an X or Z with no taxes) prints one rule, not two in a row.
  if (receipt.items.length > 0) {
    for (const item of receipt.items) {
      out.push(...wrap(item.name, width));
      out.push(...spread(item.detail, item.amount, width, 2));
    }
    out.push(rule);
  }
  for (const row of receipt.totals) out.push(...spread(row.emphasis ? row.label.toUpperCase() : row.label, row.value, width));
  if (receipt.footer.length > 0) {
    out.push(rule);
    for (const line of receipt.footer) out.push(...center(line, width));
  }
  return `${out.join('\n')}\n`;
}
