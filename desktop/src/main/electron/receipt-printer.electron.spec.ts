import type * as StandIn from '../../../test/main/electron-stand-in';
import type { FakeBrowserWindow } from '../../../test/main/electron-stand-in';
import type { ReceiptDocument } from '@seri/shared';
import { createElectronReceiptPrinter } from './receipt-printer.electron';

jest.mock(
  'electron',
  () => jest.requireActual<typeof StandIn>('../../../test/main/electron-stand-in').createElectronStandIn(),
  { virtual: true },
);

type PrintCallback = (success: boolean, reason: string) => void;
interface PrintingWindow {
  webContents: { print(options: Record<string, unknown>, callback: PrintCallback): void };
  destroy(): void;
}

const receipt: ReceiptDocument = {
  number: 'T01-000007',
  kind: 'SALE',
  copy: false,
  header: ['Boutique Seri'],
  items: [{ name: '<script>alert(1)</script>', detail: '1 × 100', amount: '100' }],
  totals: [{ label: 'Total', value: '100', emphasis: true }],
  footer: [],
};

describe('Electron receipt printer (electron stand-in)', () => {
  const electron = jest.requireMock<{ BrowserWindow: { instances: FakeBrowserWindow[]; prototype: PrintingWindow } }>('electron');
  let outcome: { success: boolean; reason: string };
  const printed: Array<Record<string, unknown>> = [];
  const destroyed: unknown[] = [];

  beforeAll(() => {
    // The stand-in has no printer: these two are the only calls the glue adds.
    Object.assign(Object.getPrototypeOf(new (electron.BrowserWindow as unknown as new (o: object) => PrintingWindow)({}).webContents) as object, {
      print(options: Record<string, unknown>, callback: PrintCallback) {
        printed.push(options);
        callback(outcome.success, outcome.reason);
      },
    });
    Object.assign(electron.BrowserWindow.prototype, {
      destroy(this: unknown) {
        destroyed.push(this);
      },
    });
  });

  beforeEach(() => {
    electron.BrowserWindow.instances.length = 0;
    printed.length = 0;
    destroyed.length = 0;
    outcome = { success: true, reason: '' };
  });

  it('prints the escaped receipt page silently to the configured printer from a hidden, script-less window, then closes it', async () => {
    const printer = createElectronReceiptPrinter({ deviceName: () => 'EPSON TM-T20' });
    await expect(printer.print(receipt)).resolves.toEqual({ printer: 'EPSON TM-T20', location: null });
    const window = electron.BrowserWindow.instances[0]!;
    expect(window.options).toMatchObject({ show: false, webPreferences: { sandbox: true, contextIsolation: true, nodeIntegration: false, javascript: false } });
    const page = decodeURIComponent(window.loaded[0]!.target.replace('data:text/html;charset=utf-8,', ''));
    expect(page).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(page).not.toContain('<script>');
    expect(printed).toEqual([{ silent: true, printBackground: false, deviceName: 'EPSON TM-T20' }]);
    expect(destroyed).toEqual([window]);
  });

  it('says why the printer refused, and still closes the window', async () => {
    outcome = { success: false, reason: 'Printer is offline' };
    await expect(createElectronReceiptPrinter().print(receipt)).rejects.toThrow('Printer is offline');
    expect(destroyed).toHaveLength(1);
  });
});
