import type { PrintedReceipt, ReceiptDocument } from '@seri/shared';

/**
 * Where main sends receipts. Electron prints through a hidden window to the configured
 * printer (electron/receipt-printer.electron.ts); the headless shell writes files
 * (FileReceiptPrinter). A printer that fails throws; the IPC handler answers PRINT_FAILED
 * and the sale itself is untouched (it was committed before anything was printed).
 */
export interface ReceiptPrinter {
  print(receipt: ReceiptDocument): Promise<PrintedReceipt>;
}
