import type * as StandIn from '../../../test/main/electron-stand-in';
import { IPC_CHANNELS } from '@seri/shared';
import type { ElectronStandIn, FakeWebContents } from '../../../test/main/electron-stand-in';
import { createIpcRouter, type IpcHandlers } from '../ipc/ipc-router';
import { silentLogger } from '../logger';
import { createEventSender, registerIpcHandlers } from './ipc-electron';

jest.mock(
  'electron',
  () => jest.requireActual<typeof StandIn>('../../../test/main/electron-stand-in').createElectronStandIn(),
  { virtual: true },
);

const APP_URL = 'file:///opt/seri/resources/app.asar/out/renderer/index.html';

function makeRouter() {
  const handlers = Object.fromEntries(IPC_CHANNELS.map((channel) => [channel, () => `${channel} answered`])) as unknown as IpcHandlers;
  return createIpcRouter(handlers, { allowedOrigins: [APP_URL], logger: silentLogger });
}

describe('ipc-electron (electron stand-in)', () => {
  const electron = jest.requireMock<ElectronStandIn>('electron');
  let unregister: () => void = () => undefined;

  beforeEach(() => {
    unregister = registerIpcHandlers(makeRouter().handle);
  });
  afterEach(() => unregister());

  it('registers exactly the allowlisted channels, and removes them again', () => {
    expect([...electron.ipcMain.handlers.keys()].sort()).toEqual([...IPC_CHANNELS].sort());
    unregister();
    expect(electron.ipcMain.handlers.size).toBe(0);
  });

  it('answers the app page, with the sender frame URL checked by the router', async () => {
    const handler = electron.ipcMain.handlers.get('device:info')!;
    await expect(handler({ senderFrame: { url: `${APP_URL}#/login`, parent: null } }, undefined)).resolves.toEqual({ ok: true, value: 'device:info answered' });
  });

  it('refuses IPC from an unexpected frame', async () => {
    const handler = electron.ipcMain.handlers.get('sync:status')!;
    const refusals = await Promise.all([
      handler({ senderFrame: { url: 'https://evil.example/', parent: null } }, undefined),
      handler({ senderFrame: { url: 'about:blank', parent: null } }, undefined),
      handler({ senderFrame: { url: 'file:///etc/passwd', parent: null } }, undefined),
      handler({ senderFrame: { url: 'javascript:alert(1)', parent: null } }, undefined),
      // A frame inside the app's page, even one of the app's own URL, does not speak to main.
      handler({ senderFrame: { url: APP_URL, parent: { url: APP_URL } } }, undefined),
      handler({ senderFrame: { url: APP_URL } }, undefined),
      handler({ senderFrame: null }, undefined),
      handler(
        {
          get senderFrame(): never {
            throw new Error('Render frame was disposed before WebFrameMain could be accessed');
          },
        },
        undefined,
      ),
    ]);
    for (const refusal of refusals) expect(refusal).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });

  it('sends events to the current window and drops them when there is none', () => {
    const contents = new electron.BrowserWindow({}).webContents;
    let target: FakeWebContents | null = contents;
    const emit = createEventSender(() => target as never);
    emit('sync:pages-available', { count: 2 });
    contents.destroyed = true;
    emit('sync:pages-available', { count: 3 });
    target = null;
    emit('sync:pages-available', { count: 4 });
    expect(contents.sent).toEqual([{ channel: 'sync:pages-available', data: { count: 2 } }]);
  });
});
