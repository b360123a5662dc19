import { rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { stubAllDialogs } from 'electron-playwright-helpers';
import { _electron, type ElectronApplication } from 'playwright-core';
import { makeTestFolder, startTestBackend, type TestBackend } from '../../../backend/test/support/test-backend';
import { testOutputDir } from '../support/shop-env';
import { TerminalDriver } from '../support/terminal-driver';
import { electronBinary } from './electron-binary';

const binary = electronBinary();
const ELECTRON_PATH = 'path' in binary ? binary.path : null;
if (!ELECTRON_PATH) console.log(`Real-Electron end-to-end tests skipped: ${'reason' in binary ? binary.reason : ''}`);
const describeWithElectron = ELECTRON_PATH ? describe : describe.skip;

jest.setTimeout(180_000);

describeWithElectron('the real Electron app', () => {
  let backend: TestBackend;
  let app: ElectronApplication;
  let root: string;

  beforeAll(async () => {
    root = await makeTestFolder('seri-electron-');
    backend = await startTestBackend();
    app = await _electron.launch({
      executablePath: ELECTRON_PATH!,
      args: [resolve(__dirname, '..', '..')],
      env: { ...process.env, SERI_USER_DATA_DIR: join(root, 'terminal'), NODE_ENV: 'test' },
    });
    await stubAllDialogs(app);
  });

  afterAll(async () => {
    await app?.close();
    await backend?.stop();
    await rm(root, { recursive: true, force: true });
  });

  it('[I1] launches, enrolls, logs in, sells, and the dot turns green', async () => {
    const terminal = new TerminalDriver(await app.firstWindow(), 'Caisse Electron');
    const demo = backend.demo!;
    const cashier = demo.cashiers[0]!;
    await terminal.enroll(backend.url, demo.enrollmentCode);
    await terminal.login(cashier.name, cashier.pin);
    const [product] = await backend.dataSource.query<{
      barcode: string;
    }[]>('SELECT barcode FROM products WHERE barcode IS NOT NULL ORDER BY sku LIMIT 1');
    await terminal.scan(product!.barcode);
    await terminal.finalizeSale();
    await terminal.syncNow();
    await terminal.waitForDot('green');
    await terminal.screenshot('electron-checkout.png', testOutputDir);
  });

  it('is hardened: no Node in the renderer, only the seri bridge', async () => {
    const page = await app.firstWindow();
    const exposed = await page.evaluate(() => ({
      require: typeof (globalThis as unknown as { require?: unknown }).require,
      process: typeof (globalThis as unknown as { process?: unknown }).process,
      seri: Object.keys((globalThis as unknown as { seri: object }).seri).sort(),
    }));
    expect(exposed).toEqual({ require: 'undefined', process: 'undefined', seri: ['invoke', 'on'] });
  });
});
