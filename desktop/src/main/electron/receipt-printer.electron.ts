import { BrowserWindow } from 'electron';
import type { PrintedReceipt, ReceiptDocument } from '@seri/shared';
import { receiptHtml } from '../printing/receipt-html';
import type { ReceiptPrinter } from '../printing/receipt-printer';
import { hardenWebContents } from './window';

export interface ElectronPrinterOptions {
  /** The OS name of the receipt printer; the system default when absent. */
  deviceName?: () => string | undefined;
}

/**
 * Electron's printer: the receipt page (escaped text, no script allowed) in a hidden,
 * sandboxed window, sent to the configured printer without a dialog, then closed.
 * Thin on purpose: the layout is tested in printing/, the rest is Electron's.
 */
export function createElectronReceiptPrinter(options: ElectronPrinterOptions = {}): ReceiptPrinter {
  return {
    async print(receipt: ReceiptDocument): Promise<PrintedReceipt> {
      const window = new BrowserWindow({
        show: false,
        webPreferences: { sandbox: true, contextIsolation: true, nodeIntegration: false, javascript: false },
      });
      hardenWebContents(window.webContents, () => false);
      try {
        await window.loadURL(`data:text/html;charset=utf-8,${encodeURIComponent(receiptHtml(receipt))}`);
        const deviceName = options.deviceName?.();
        await new Promise<void>((resolve, reject) => {
          window.webContents.print({ silent: true, printBackground: false, ...(deviceName ? { deviceName } : {}) }, (success, reason) =>
            success ? resolve() : reject(new Error(reason || 'the printer refused the receipt')),
          );
        });
        return { printer: deviceName ?? 'default', location: null };
      } finally {
        window.destroy();
      }
    },
  };
}
