import type * as MainModule from './main';
import type * as StandIn from '../../../test/main/electron-stand-in';
import { join } from 'node:path';
import { IPC_CHANNELS } from '@seri/shared';
import type { ElectronStandIn, FakeBrowserWindow } from '../../../test/main/electron-stand-in';
import { fakeEvent } from '../../../test/main/electron-stand-in';
import { makeTempDir } from '../../../test/main/factories';
import type { TerminalCore } from '../terminal-core';

jest.mock(
  'electron',
  () => jest.requireActual<typeof StandIn>('../../../test/main/electron-stand-in').createElectronStandIn(),
  { virtual: true },
);

interface Launched {
  electron: ElectronStandIn;
  core: TerminalCore | null;
  window: FakeBrowserWindow | undefined;
}

describe('electron/main.ts (electron stand-in)', () => {
  let temp: ReturnType<typeof makeTempDir>;
  let launched: Launched | null = null;

  async function launch(configure: (electron: ElectronStandIn) => void = () => undefined): Promise<Launched> {
    jest.resetModules();
    const electron = jest.requireMock<ElectronStandIn>('electron');
    electron.app.userData = temp.dir;
    electron.app.appPath = join(temp.dir, 'app');
    configure(electron);
    const { started } = jest.requireActual<typeof MainModule>('./main');
    const core = await started;
    launched = { electron, core, window: electron.BrowserWindow.instances[0] };
    return launched;
  }

  async function quit({ electron, core }: Launched): Promise<void> {
    if (!core) return;
    const quitting = electron.app.nextQuit();
    electron.app.emit('before-quit', fakeEvent());
    await quitting;
    electron.app.emit('will-quit', fakeEvent());
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

  it('opens one hardened window on the built renderer, with the preload, and wires every channel', async () => {
    const { electron, window } = await launch();
    const appPath = join(temp.dir, 'app');
    expect(window?.options.webPreferences).toMatchObject({ preload: join(appPath, 'out', 'preload', 'index.js'), sandbox: true, contextIsolation: true, devTools: false });
    expect(window?.loaded).toEqual([{ kind: 'file', target: join(appPath, 'out', 'renderer', 'index.html') }]);
    expect([...electron.ipcMain.handlers.keys()].sort()).toEqual([...IPC_CHANNELS].sort());

    const appUrl = `file://${join(appPath, 'out', 'renderer', 'index.html')}`;
    const info = electron.ipcMain.handlers.get('device:info')!;
    await expect(info({ senderFrame: { url: appUrl } }, undefined)).resolves.toMatchObject({ ok: true, value: { enrolled: false } });
    await expect(info({ senderFrame: { url: 'https://evil.example/' } }, undefined)).resolves.toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
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
    await quitting;
    expect(close).toHaveBeenCalledTimes(1);
    expect(core!.queue.isOpen).toBe(false);
    const second = fakeEvent();
    electron.app.emit('before-quit', second);
    expect(second.defaultPrevented).toBe(false);
    launched = null;
  });

  it('loads the dev server in development', async () => {
    process.env['ELECTRON_RENDERER_URL'] = 'http://localhost:5173';
    try {
      const { window } = await launch((e) => {
        e.app.isPackaged = false;
      });
      expect(window?.loaded).toEqual([{ kind: 'url', target: 'http://localhost:5173' }]);
      expect(window?.options.webPreferences?.devTools).toBe(true);
    } finally {
      delete process.env['ELECTRON_RENDERER_URL'];
    }
  });
});
