import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { stubAllDialogs } from 'electron-playwright-helpers';
import { _electron, type ElectronApplication, type Page } from 'playwright-core';
import type { DeviceInfo, Result, UpdateStatus } from '@seri/shared';
import { startTestBackend, type TestBackend } from '../../../backend/test/support/test-backend';
import { testOutputDir } from '../support/shop-env';
import { TerminalDriver } from '../support/terminal-driver';
import { builtAppProblem, electronBinary } from './electron-binary';

/**
 * The packaged path for real: Electron's main process, preload, sandboxed renderer on
 * app://seri, against a real backend and PostgreSQL started here. Runs wherever an Electron
 * binary exists (CI on Windows, macOS and Linux); elsewhere it says why it is skipped.
 */
const DESKTOP_DIR = resolve(__dirname, '..', '..');
const binary = electronBinary();
const ELECTRON_PATH = 'path' in binary ? binary.path : null;
if (!ELECTRON_PATH) console.log(`Real-Electron end-to-end tests skipped: ${'reason' in binary ? binary.reason : ''}`);
const describeWithElectron = ELECTRON_PATH ? describe : describe.skip;

jest.setTimeout(180_000);

/** Chromium's own sandbox needs privileges Linux CI runners do not give (the page stays sandboxed by Electron's settings). */
const platformArgs = process.platform === 'linux' && process.env['CI'] ? ['--no-sandbox'] : [];

async function launchTerminal(root: string, name: string, args: string[] = []): Promise<ElectronApplication> {
  const app = await _electron.launch({
    executablePath: ELECTRON_PATH!,
    args: [DESKTOP_DIR, ...platformArgs, ...args],
    env: { ...process.env, SERI_USER_DATA_DIR: join(root, name), SERI_PROVISIONING_FILE: join(root, name, 'no-provisioning.json'), NODE_ENV: 'test' },
    timeout: 60_000,
  });
  await stubAllDialogs(app);
  return app;
}

/** What the tests read in the page (the e2e code is compiled without the DOM library). */
interface PageGlobals {
  location: { origin: string; href: string };
  open(url: string): unknown;
  require?: unknown;
  process?: unknown;
  seri: { invoke(channel: string, payload: undefined): Promise<unknown> };
}

function invoke<T>(page: Page, channel: string): Promise<Result<T>> {
  return page.evaluate((name) => (globalThis as unknown as PageGlobals).seri.invoke(name, undefined), channel) as Promise<Result<T>>;
}

describeWithElectron('the real Electron app', () => {
  let backend: TestBackend;
  let root: string;
  const apps: ElectronApplication[] = [];

  beforeAll(async () => {
    const problem = builtAppProblem(DESKTOP_DIR);
    if (problem) throw new Error(problem);
    mkdirSync(testOutputDir, { recursive: true });
    root = mkdtempSync(join(tmpdir(), 'seri-electron-'));
    backend = await startTestBackend();
  });

  afterAll(async () => {
    for (const app of apps.splice(0)) await app.close().catch(() => undefined);
    await backend?.stop();
    if (root) rmSync(root, { recursive: true, force: true });
  });

  describe('a terminal enrolled on screen', () => {
    let app: ElectronApplication;
    let page: Page;

    beforeAll(async () => {
      app = await launchTerminal(root, 'caisse-electron');
      apps.push(app);
      page = await app.firstWindow();
    });

    it('[I1] launches, enrolls, logs in, sells, and the dot turns green', async () => {
      const terminal = new TerminalDriver(page, 'Caisse Electron');
      const demo = backend.demo!;
      const cashier = demo.cashiers[0]!;
      try {
        await terminal.enroll(backend.url, demo.enrollmentCode);
        await terminal.login(cashier.name, cashier.pin);
        const [product] = await backend.dataSource.query<{ barcode: string }[]>('SELECT barcode FROM products WHERE barcode IS NOT NULL ORDER BY sku LIMIT 1');
        await terminal.scan(product!.barcode);
        await terminal.finalizeSale();
        await terminal.syncNow();
        await terminal.waitForDot('green');
        const [sales] = await backend.dataSource.query<{ count: number }[]>('SELECT count(*)::int AS count FROM sales');
        expect(sales?.count).toBeGreaterThanOrEqual(1);
      } finally {
        await terminal.screenshot('electron-checkout.png', testOutputDir);
      }
    });

    it('is hardened: its own app:// origin, no Node in the page, only the seri bridge, no way out', async () => {
      const exposed = await page.evaluate(() => {
        const page = globalThis as unknown as PageGlobals;
        return {
          origin: page.location.origin,
          require: typeof page.require,
          process: typeof page.process,
          seri: Object.keys(page.seri).sort(),
          popup: page.open('https://example.com/') === null,
        };
      });
      expect(exposed).toEqual({ origin: 'app://seri', require: 'undefined', process: 'undefined', seri: ['invoke', 'on'], popup: true });
      await page.evaluate(() => {
        (globalThis as unknown as PageGlobals).location.href = 'https://example.com/';
      });
      // Main refused the navigation: the page is still ours and still talks to main.
      expect(await page.evaluate(() => (globalThis as unknown as PageGlobals).location.origin)).toBe('app://seri');
      await expect(invoke<DeviceInfo>(page, 'device:info')).resolves.toMatchObject({ ok: true, value: { enrolled: true } });
      await expect(invoke<UpdateStatus>(page, 'update:status')).resolves.toEqual({ ok: true, value: { state: 'disabled', version: null, percent: null, waitingFor: null } });
    });
  });

  describe('a terminal provisioned by IT', () => {
    it('enrolls by itself from the command line and opens on the login screen', async () => {
      const demo = backend.demo!;
      const app = await launchTerminal(root, 'caisse-provisionnee', [`--server-url=${backend.url}`, `--enrollment-code=${demo.enrollmentCode}`, '--terminal-name=Caisse provisionnée']);
      apps.push(app);
      const page = await app.firstWindow();
      const terminal = new TerminalDriver(page, 'Caisse provisionnée');
      await terminal.byTestId('login-user').first().waitFor({ timeout: 60_000 });
      const info = await invoke<DeviceInfo>(page, 'device:info');
      expect(info).toMatchObject({ ok: true, value: { enrolled: true, deviceName: 'Caisse provisionnée', serverUrl: backend.url } });
      await terminal.screenshot('electron-provisioned.png', testOutputDir);
    });
  });
});
