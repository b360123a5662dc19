import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { receiptText, type ReceiptDocument } from '@seri/shared';
import { makeTempDir } from '../../../test/main/factories';
import { FileReceiptPrinter } from './file-receipt-printer';
import { escapeHtml, receiptHtml } from './receipt-html';

function makeReceipt(overrides: Partial<ReceiptDocument> = {}): ReceiptDocument {
  return {
    number: 'T01-000042',
    kind: 'SALE',
    copy: false,
    header: ['Boutique Seri', 'Ticket T01-000042'],
    items: [{ name: '<img src=x onerror="alert(1)">', detail: '1 × 100 F CFA', amount: '100 F CFA' }],
    totals: [{ label: 'Total', value: '100 F CFA', emphasis: true }],
    footer: ['Merci'],
    ...overrides,
  };
}

describe('receipt printing in main', () => {
  let temp: ReturnType<typeof makeTempDir>;
  beforeEach(() => {
    temp = makeTempDir();
  });
  afterEach(() => temp.cleanup());

  it('the file printer writes the receipt text under the terminal folder, named by its number', async () => {
    const printer = new FileReceiptPrinter(join(temp.dir, 'receipts'));
    const receipt = makeReceipt();
    const printed = await printer.print(receipt);
    expect(printed).toEqual({ printer: 'file', location: join(temp.dir, 'receipts', 'T01-000042.txt') });
    await expect(readFile(printed.location!, 'utf8')).resolves.toBe(receiptText(receipt));
  });

  it('numbers reprints, keeps refunds and voids apart, and leaves no temporary file', async () => {
    const printer = new FileReceiptPrinter(join(temp.dir, 'receipts'));
    await printer.print(makeReceipt());
    await printer.print(makeReceipt({ copy: true }));
    await printer.print(makeReceipt({ copy: true }));
    await printer.print(makeReceipt({ kind: 'REFUND' }));
    await printer.print(makeReceipt({ kind: 'VOID' }));
    const files = (await readdir(join(temp.dir, 'receipts'))).sort();
    expect(files).toEqual(['T01-000042.copy-2.txt', 'T01-000042.copy-3.txt', 'T01-000042.refund.txt', 'T01-000042.txt', 'T01-000042.void.txt']);
  });

  it('[security 5] the print page escapes every character of the receipt and runs no script', () => {
    const html = receiptHtml(makeReceipt());
    expect(html).not.toContain('<img');
    expect(html).toContain(escapeHtml('<img src=x onerror="alert(1)">'));
    expect(html).toContain("default-src 'none'");
    expect(html).not.toMatch(/<script/i);
  });
});
