import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { receiptText, type PrintedReceipt, type ReceiptDocument } from '@seri/shared';
import type { ReceiptPrinter } from './receipt-printer';

export const FILE_PRINTER_NAME = 'file';

/**
 * The headless shell's printer: each receipt becomes a text file in the terminal's data
 * folder (`receipts/T01-000123.txt`, reprints `T01-000123.copy-2.txt`, refunds and voids
 * with their kind), written whole then renamed so a crash never leaves half a receipt.
 */
export class FileReceiptPrinter implements ReceiptPrinter {
  constructor(readonly folder: string) {}

  async print(receipt: ReceiptDocument): Promise<PrintedReceipt> {
    await mkdir(this.folder, { recursive: true });
    const base = `${receipt.number}${receipt.kind === 'SALE' ? '' : `.${receipt.kind.toLowerCase()}`}`;
    const location = await this.freePath(base, receipt.copy);
    const temporary = `${location}.tmp`;
    await writeFile(temporary, receiptText(receipt), { encoding: 'utf8', flag: 'w' });
    await rename(temporary, location);
    return { printer: FILE_PRINTER_NAME, location };
  }

  /** The original keeps its plain name; each copy gets the next free number. */
  private async freePath(base: string, copy: boolean): Promise<string> {
    if (!copy) return join(this.folder, `${base}.txt`);
    for (let n = 2; ; n += 1) {
      const path = join(this.folder, `${base}.copy-${n}.txt`);
      try {
        await writeFile(path, '', { flag: 'wx' });
        return path;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
    }
  }
}
