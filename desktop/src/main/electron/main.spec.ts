import type * as MainModule from './main';
import type * as StandIn from '../../../test/main/electron-stand-in';
import type * as FakeUpdaterModule from '../../../test/main/fake-updater';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { IPC_CHANNELS } from '@seri/shared';
import type { ElectronStandIn, FakeBrowserWindow } from '../../../test/main/electron-stand-in';
import { fakeEvent } from '../../../test/main/electron-stand-in';
import { makeTempDir } from '../../../test/main/factories';
import { FakeSyncServer } from '../../../test/main/fake-sync-server';
import type { FakeUpdater } from '../../../test/main/fake-updater';
import { QUEUE_FILE_NAME, type TerminalCore } from '../terminal-core';
import { DEFAULT_UPDATE_QUIET_MS } from '../updates/update-coordinator';

jest.mock(
  'electron',
  () => jest.requireActual<typeof StandIn>('../../../test/main/electron-stand-in').createElectronStandIn(),
  { virtual: true },
);
// electron-updater's real autoUpdater needs a packaged Electron app.
jest.mock('electron-updater', () => ({
  autoUpdater: new (jest.requireActual<typeof FakeUpdaterModule>('../../../test/main/fake-updater').FakeUpdater)(),
}));

interface Launched {
  electron: ElectronStandIn;
  updater: FakeUpdater;
  core: TerminalCore | null;
  window: FakeBrowserWindow | undefined;
}

const idle = { cartLines: 0, outboxPending: 0, saleInProgress: false };

describe('electron/main.ts (electron stand-in)', () => {
  let temp: ReturnType<typeof makeTempDir>;
  let launched: Launched | null = null;
  const argv = [...process.argv];
  const env = { ...process.env };

  async function launch(configure: (electron: ElectronStandIn) => void = () => undefined): Promise<Launched> {
    jest.resetModules();
    const electron = jest.requireMock<ElectronStandIn>('electron');
    const updater = jest.requireMock<{ autoUpdater: FakeUpdater }>('electron-updater').autoUpdater;
    electron.app.userData = temp.dir;
    electron.app.appPath = join(temp.dir, 'app');
    configure(electron);
    const { started } = jest.requireActual<typeof MainModule>('./main');
    const core = await started;
    launched = { electron, updater, core, window: electron.BrowserWindow.instances[0] };
    return launched;
  }

  async function quit({ electron, core }: Launched): Promise<void> {
    if (!core) return;
    const quitting = electron.app.nextQuit();
    electron.app.emit('before-quit', fakeEvent());
    await quitting;
    electron.app.emit('will-quit', fakeEvent());
  }

  function appUrl(): string {
    return 'app://seri/index.html#/checkout';
  }

  function invoke({ electron }: Launched, channel: string, payload?: unknown): Promise<unknown> {
    return Promise.resolve(electron.ipcMain.handlers.get(channel)!({ senderFrame: { url: appUrl(), parent: null } }, payload));
  }

  beforeEach(() => {
    temp = makeTempDir();
    // main logs to the console (refused IPC, startup); keep the test output readable.
    jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    jest.spyOn(console, 'info').mockImplementation(() => undefined);
  });
  afterEach(async () => {
    if (launched) await quit(launched);
    launched = null;
    jest.useRealTimers();
    jest.restoreAllMocks();
    process.argv.splice(0, process.argv.length, ...argv);
    for (const key of ['SERI_USER_DATA_DIR', 'SERI_PROVISIONING_FILE', 'ELECTRON_RENDERER_URL']) {
      if (env[key] === undefined) delete process.env[key];
      else process.env[key] = env[key];
    }
    temp.cleanup();
  });

  it('quits at once when another instance already holds the lock (one queue file, one process)', async () => {
    const { electron, core, window } = await launch((e) => {
      e.app.singleInstanceLock = false;
    });
    expect(core).toBeNull();
    expect(window).toBeUndefined();
    expect(electron.app.quitCalls).toBe(1);
    expect(electron.ipcMain.handlers.size).toBe(0);
  });

  it('sandboxes every renderer and opens one hardened window on the built renderer (app://seri), with the preload, and wires every channel', async () => {
    const { electron, window } = await launch();
    const appPath = join(temp.dir, 'app');
    expect(electron.app.sandboxEnabled).toBe(true);
    expect(electron.protocol.privileged.map((s) => s.scheme)).toEqual(['app']);
    expect([...electron.protocol.handlers.keys()]).toEqual(['app']);
    expect(window?.options.webPreferences).toMatchObject({ preload: join(appPath, 'out', 'preload', 'index.js'), sandbox: true, contextIsolation: true, devTools: false });
    expect(window?.loaded).toEqual([{ kind: 'url', target: 'app://seri/index.html' }]);
    expect([...electron.ipcMain.handlers.keys()].sort()).toEqual([...IPC_CHANNELS].sort());

    const info = electron.ipcMain.handlers.get('device:info')!;
    await expect(info({ senderFrame: { url: appUrl(), parent: null } }, undefined)).resolves.toMatchObject({ ok: true, value: { enrolled: false } });
    await expect(info({ senderFrame: { url: 'https://evil.example/', parent: null } }, undefined)).resolves.toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    await expect(info({ senderFrame: { url: `file://${join(appPath, 'out', 'renderer', 'index.html')}`, parent: null } }, undefined)).resolves.toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
  });

  it('hardens every webContents created later, and focuses the window for a second instance', async () => {
    const { electron, window } = await launch();
    const other = new electron.BrowserWindow({}).webContents;
    electron.app.emit('web-contents-created', fakeEvent(), other);
    const navigation = fakeEvent({ url: 'https://evil.example/' });
    other.emit('will-navigate', navigation);
    expect(navigation.defaultPrevented).toBe(true);
    expect(other.windowOpenHandler?.({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });

    window!.minimized = true;
    electron.app.emit('second-instance', fakeEvent(), [], '/');
    expect(window!.minimized).toBe(false);
    expect(window!.focused).toBe(true);
  });

  it('feeds wake-from-sleep and network changes to the sync worker', async () => {
    jest.useFakeTimers({ doNotFake: ['nextTick', 'queueMicrotask', 'setImmediate', 'setTimeout', 'clearTimeout', 'Date', 'performance', 'hrtime'] });
    const { electron, core } = await launch();
    const online = jest.spyOn(core!.worker, 'signalOnline');
    const offline = jest.spyOn(core!.worker, 'signalOffline');

    electron.powerMonitor.emit('resume');
    expect(online).toHaveBeenCalledTimes(1);
    electron.net.online = false;
    jest.advanceTimersByTime(5_000);
    expect(offline).toHaveBeenCalledTimes(1);
    jest.advanceTimersByTime(5_000);
    expect(offline).toHaveBeenCalledTimes(1);
    electron.net.online = true;
    jest.advanceTimersByTime(5_000);
    expect(online).toHaveBeenCalledTimes(2);
  });

  it('holds the quit until the core has closed its database, then quits', async () => {
    const current = await launch();
    const { electron, core } = current;
    const close = jest.spyOn(core!, 'close');
    const quitting = electron.app.nextQuit();
    const first = fakeEvent();
    electron.app.emit('before-quit', first);
    expect(first.defaultPrevented).toBe(true);
    const again = fakeEvent();
    electron.app.emit('before-quit', again);
    expect(again.defaultPrevented).toBe(true);
    await quitting;
    expect(close).toHaveBeenCalledTimes(1);
    expect(core!.queue.isOpen).toBe(false);
    const last = fakeEvent();
    electron.app.emit('before-quit', last);
    expect(last.defaultPrevented).toBe(false);
    launched = null;
  });

  it('loads the dev server in development', async () => {
    process.env['ELECTRON_RENDERER_URL'] = 'http://localhost:5173';
    const { window } = await launch((e) => {
      e.app.isPackaged = false;
    });
    expect(window?.loaded).toEqual([{ kind: 'url', target: 'http://localhost:5173' }]);
    expect(window?.options.webPreferences?.devTools).toBe(true);
  });

  it('runs the unpackaged app on SERI_USER_DATA_DIR (tests); a packaged build ignores it', async () => {
    const isolated = join(temp.dir, 'isolated');
    process.env['SERI_USER_DATA_DIR'] = isolated;
    const dev = await launch((e) => {
      e.app.isPackaged = false;
    });
    expect(dev.electron.app.getPath('userData')).toBe(isolated);
    expect(existsSync(join(isolated, 'main', QUEUE_FILE_NAME))).toBe(true);
    await quit(dev);

    const packaged = await launch();
    expect(packaged.electron.app.paths.size).toBe(0);
    expect(existsSync(join(temp.dir, 'main', QUEUE_FILE_NAME))).toBe(true);
  });

  describe('provisioning', () => {
    let server: FakeSyncServer;
    beforeEach(async () => {
      server = new FakeSyncServer();
      await server.start();
    });
    afterEach(async () => {
      if (launched) await quit(launched);
      launched = null;
      await server.stop();
    });

    it('enrolls at first start from the command line, before the window opens, and syncs', async () => {
      process.argv.push(`--server-url=${server.url}`, `--enrollment-code=${server.enrollCode}`, '--terminal-name=Caisse 4');
      const { core, window } = await launch();
      expect(core!.device.info()).toMatchObject({ enrolled: true, deviceName: 'Caisse 4', serverUrl: server.url });
      expect(window).toBeDefined();
      expect(window!.webContents.reloads).toBe(0);
      await core!.worker.whenIdle();
      expect(server.requests.some((r) => r.path === '/api/sync/pull')).toBe(true);
    });

    it('reads the provisioning file (unpackaged runs may point SERI_PROVISIONING_FILE at one), the command line winning', async () => {
      const file = join(temp.dir, 'provisioning.json');
      writeFileSync(file, JSON.stringify({ serverUrl: server.url, enrollmentCode: server.enrollCode, terminalName: 'Caisse fichier', updateChannel: 'beta' }));
      process.env['SERI_PROVISIONING_FILE'] = file;
      process.argv.push('--terminal-name=Caisse argument');
      const { core } = await launch((e) => {
        e.app.isPackaged = false;
      });
      expect(core!.device.info()).toMatchObject({ enrolled: true, deviceName: 'Caisse argument' });
    });

    it('starts on the enroll screen when the provisioned code is refused, and never crashes', async () => {
      process.argv.push(`--server-url=${server.url}`, '--enrollment-code=EXPIRED-99');
      jest.spyOn(console, 'error').mockImplementation(() => undefined);
      const { core, window, electron } = await launch();
      expect(core!.device.enrolled).toBe(false);
      expect(window).toBeDefined();
      expect(electron.dialog.errors).toEqual([]);
    });
  });

  describe('self-updates', () => {
    it('packaged: electron-updater on the provisioned channel, never downgrading, installing on a normal quit', async () => {
      process.argv.push('--update-channel=beta');
      const { updater } = await launch();
      expect(updater).toMatchObject({ channel: 'beta', allowDowngrade: false, autoDownload: true, autoInstallOnAppQuit: true });
    });

    it('unpackaged: nothing to update, and the renderer is told so', async () => {
      const current = await launch((e) => {
        e.app.isPackaged = false;
      });
      await expect(invoke(current, 'update:status')).resolves.toEqual({ ok: true, value: { state: 'disabled', version: null, percent: null, waitingFor: null } });
      expect(current.updater.checks).toBe(0);
    });

    it('[I1] announces a downloaded update, waits while the till is busy, then closes the queue before restarting into it', async () => {
      jest.useFakeTimers({ doNotFake: ['nextTick', 'queueMicrotask', 'setImmediate'] });
      const current = await launch();
      const { updater, window, core } = current;
      updater.emit('update-downloaded', { version: '9.9.9' });
      expect(window!.webContents.sent).toContainEqual({ channel: 'update:status', data: { state: 'ready', version: '9.9.9', percent: null, waitingFor: 'no-activity-report' } });

      await expect(invoke(current, 'terminal:activity', { ...idle, cartLines: 2 })).resolves.toMatchObject({ ok: true, value: { state: 'ready', waitingFor: 'cart-not-empty' } });
      await expect(invoke(current, 'terminal:activity', { cartLines: -1, outboxPending: 0, saleInProgress: false })).resolves.toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
      jest.advanceTimersByTime(10 * DEFAULT_UPDATE_QUIET_MS);
      expect(updater.installs).toEqual([]);

      await expect(invoke(current, 'terminal:activity', idle)).resolves.toMatchObject({ ok: true, value: { waitingFor: 'till-recently-used' } });
      jest.advanceTimersByTime(DEFAULT_UPDATE_QUIET_MS - 1);
      expect(updater.installs).toEqual([]);
      jest.advanceTimersByTime(1);
      for (let i = 0; i < 50 && updater.installs.length === 0; i += 1) await new Promise((resolve) => setImmediate(resolve));
      expect(core!.queue.isOpen).toBe(false);
      expect(updater.installs).toEqual([{ isSilent: true, isForceRunAfter: true }]);
      launched = null;
    });
  });
});
