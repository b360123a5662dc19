import CODE128 from 'jsbarcode/bin/barcodes/CODE128/CODE128_AUTO';
import EAN13 from 'jsbarcode/bin/barcodes/EAN_UPC/EAN13';
import { ean13CheckDigit, isValidEan13 } from '@seri/shared';

/**
 * What a label prints for a product's barcode: EAN-13 when it is one (its check digit right),
 * Code 128 for any other code a scanner can read back as typed (an in-house code, a UPC-A, an
 * EAN-13 with a wrong check digit, which a till must never print as an EAN-13), nothing without one.
 */
export type LabelBarcode =
  | { symbology: 'EAN13'; code: string; modules: string }
  | { symbology: 'CODE128'; code: string; modules: string; reason: 'NOT_EAN13' | 'BAD_CHECK_DIGIT'; expectedCheckDigit?: number }
  | { symbology: 'NONE'; code: null };

/** Printable ASCII only: what Code 128 set B/C carries and a keyboard-wedge scanner types back. */
const CODE128_TEXT = /^[\x20-\x7E]{1,48}$/;

export function labelBarcode(code: string | null | undefined): LabelBarcode {
  const trimmed = code?.trim() ?? '';
  if (trimmed === '') return { symbology: 'NONE', code: null };
  if (isValidEan13(trimmed)) return { symbology: 'EAN13', code: trimmed, modules: new EAN13(trimmed, { flat: true }).encode().data };
  if (!CODE128_TEXT.test(trimmed)) return { symbology: 'NONE', code: null };
  const modules = new CODE128(trimmed, {}).encode().data;
  if (/^\d{13}$/.test(trimmed)) return { symbology: 'CODE128', code: trimmed, modules, reason: 'BAD_CHECK_DIGIT', expectedCheckDigit: ean13CheckDigit(trimmed.slice(0, 12)) };
  return { symbology: 'CODE128', code: trimmed, modules, reason: 'NOT_EAN13' };
}

/** The bars of a module string as [start, width] runs, for one <rect> each. */
export function barRuns(modules: string): Array<[number, number]> {
  const runs: Array<[number, number]> = [];
  for (let index = 0; index < modules.length; index += 1) {
    if (modules[index] !== '1') continue;
    const start = index;
    while (modules[index + 1] === '1') index += 1;
    runs.push([start, index - start + 1]);
  }
  return runs;
}

/** EAN-13's guard bars (start, middle, end) run longer than the digits' bars. */
export function isEan13Guard(module: number): boolean {
  return module < 3 || (module >= 45 && module < 50) || module >= 92;
}
