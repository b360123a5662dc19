import type * as StandIn from './electron-stand-in';
import { IPC_CHANNELS, IPC_EVENTS, type SeriBridge } from '@seri/shared';
import type { ElectronStandIn } from './electron-stand-in';

jest.mock('electron', () => jest.requireActual<typeof StandIn>('./electron-stand-in').createElectronStandIn(), { virtual: true });

/** The preload runs against the electron stand-in; what it exposes is what the page gets. */
function loadPreload(): { electron: ElectronStandIn; seri: SeriBridge } {
  jest.resetModules();
  const electron = jest.requireMock<ElectronStandIn>('electron');
  jest.requireActual('../../src/preload/index');
  return { electron, seri: electron.contextBridge.exposed['seri'] as SeriBridge };
}

describe('preload (window.seri)', () => {
  it('exposes exactly invoke and on under window.seri', () => {
    const { electron, seri } = loadPreload();
    expect(Object.keys(electron.contextBridge.exposed)).toEqual(['seri']);
    expect(Object.keys(seri).sort()).toEqual(['invoke', 'on']);
  });

  it('forwards allowlisted channels to main and returns its Result', async () => {
    const { electron, seri } = loadPreload();
    electron.ipcRenderer.answer = (channel) => Promise.resolve({ ok: true, value: channel });
    for (const channel of IPC_CHANNELS) {
      await expect(seri.invoke(channel, undefined as never)).resolves.toEqual({ ok: true, value: channel });
    }
    expect(electron.ipcRenderer.invoked.map((call) => call.channel)).toEqual([...IPC_CHANNELS]);
  });

  it('answers UNKNOWN_CHANNEL for any other channel without touching IPC, and never throws', async () => {
    const { electron, seri } = loadPreload();
    const invoke = seri.invoke as (channel: unknown, payload?: unknown) => Promise<unknown>;
    for (const channel of ['fs:read', 'sync:enqueue ', '', 7, null, { toString: () => 'sync:status' }]) {
      await expect(invoke(channel, {})).resolves.toMatchObject({ ok: false, error: { code: 'UNKNOWN_CHANNEL' } });
    }
    expect(electron.ipcRenderer.invoked).toEqual([]);
  });

  it('turns a broken IPC into a Result instead of a rejection', async () => {
    const { electron, seri } = loadPreload();
    electron.ipcRenderer.answer = () => Promise.reject(new Error("No handler registered for 'sync:status'"));
    await expect(seri.invoke('sync:status', undefined)).resolves.toEqual({ ok: false, error: { code: 'INTERNAL', message: 'IPC failed' } });
  });

  it('subscribes to allowlisted events only, hands over the data alone, and unsubscribes', () => {
    const { electron, seri } = loadPreload();
    const received: unknown[] = [];
    const unsubscribe = seri.on('sync:pages-available', (data) => received.push(data));
    electron.ipcRenderer.emit('sync:pages-available', { sender: 'the IpcRendererEvent' }, { count: 2 });
    unsubscribe();
    electron.ipcRenderer.emit('sync:pages-available', { sender: 'x' }, { count: 3 });
    expect(received).toEqual([{ count: 2 }]);
    expect(electron.ipcRenderer.listenerCount('sync:pages-available')).toBe(0);

    const on = seri.on as (event: unknown, listener: unknown) => () => void;
    expect(() => on('ipc:anything', () => undefined)).toThrow(/unknown event/);
    expect(() => on(IPC_EVENTS[0], 'not a function')).toThrow(TypeError);
  });
});
