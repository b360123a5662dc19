import type * as StandIn from '../../../test/main/electron-stand-in';
import type { ElectronStandIn, FakeBrowserWindow, FakeWebContents } from '../../../test/main/electron-stand-in';
import { fakeEvent } from '../../../test/main/electron-stand-in';
import { createOriginCheck } from '../ipc/trusted-origin';
import { createMainWindow, hardenWebContents, rendererOrigins } from './window';

jest.mock(
  'electron',
  () => jest.requireActual<typeof StandIn>('../../../test/main/electron-stand-in').createElectronStandIn(),
  { virtual: true },
);

const INDEX = '/opt/Seri POS/resources/app.asar/out/renderer/index.html';
const APP_URL = 'file:///opt/Seri%20POS/resources/app.asar/out/renderer/index.html';

function openWindow(devTools = false): FakeBrowserWindow {
  return createMainWindow({ preloadPath: '/opt/seri/out/preload/index.js', renderer: { kind: 'file', path: INDEX }, devTools }) as unknown as FakeBrowserWindow;
}

function navigate(contents: FakeWebContents, event: string, url: string): boolean {
  const details = fakeEvent({ url, isMainFrame: true });
  contents.emit(event, details, url);
  return details.defaultPrevented;
}

describe('createMainWindow (electron stand-in)', () => {
  it('isolates the page: context isolation, sandbox, no Node, web security, no webview', () => {
    const window = openWindow();
    expect(window.options.webPreferences).toEqual(
      expect.objectContaining({
        preload: '/opt/seri/out/preload/index.js',
        contextIsolation: true,
        sandbox: true,
        nodeIntegration: false,
        nodeIntegrationInWorker: false,
        nodeIntegrationInSubFrames: false,
        webSecurity: true,
        allowRunningInsecureContent: false,
        webviewTag: false,
        navigateOnDragDrop: false,
        disableBlinkFeatures: 'Auxclick',
        devTools: false,
      }),
    );
    expect(window.loaded).toEqual([{ kind: 'file', target: INDEX }]);
  });

  it('keeps devtools for development builds only', () => {
    expect(openWindow(true).options.webPreferences?.devTools).toBe(true);
  });

  it.each(['will-navigate', 'will-frame-navigate', 'will-redirect'])('prevents %s to an outside URL and lets the app page through', (event) => {
    const { webContents } = openWindow();
    expect(navigate(webContents, event, 'https://evil.example/phish')).toBe(true);
    expect(navigate(webContents, event, 'file:///etc/passwd')).toBe(true);
    expect(navigate(webContents, event, 'javascript:alert(1)')).toBe(true);
    expect(navigate(webContents, event, 'data:text/html,hi')).toBe(true);
    expect(navigate(webContents, event, `${APP_URL}#/checkout`)).toBe(false);
  });

  it('denies window.open whatever the URL', () => {
    const { webContents } = openWindow();
    expect(webContents.windowOpenHandler?.({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
    expect(webContents.windowOpenHandler?.({ url: APP_URL })).toEqual({ action: 'deny' });
  });

  it('denies every permission request and check', () => {
    const { webContents } = openWindow();
    const answers: boolean[] = [];
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal']) {
      webContents.session.permissionRequestHandler?.(webContents, permission, (granted) => answers.push(granted), {});
    }
    expect(answers).toEqual([false, false, false, false, false]);
    expect(webContents.session.permissionCheckHandler?.(webContents, 'media', APP_URL, {})).toBe(false);
  });

  it('denies USB, HID and serial devices, screen capture and downloads: main owns every device', () => {
    const { webContents } = openWindow();
    const { session } = webContents;
    for (const deviceType of ['usb', 'hid', 'serial']) expect(session.devicePermissionHandler?.({ deviceType, origin: APP_URL })).toBe(false);
    expect(session.permissionCheckHandler?.(webContents, 'serial', APP_URL, {})).toBe(false);
    const streams: unknown[] = [];
    session.displayMediaRequestHandler?.({ frame: null }, (granted) => streams.push(granted));
    expect(streams).toEqual([null]);
    const download = fakeEvent();
    session.emit('will-download', download, {}, webContents);
    expect(download.defaultPrevented).toBe(true);
  });

  it('denies file: and javascript: URLs in every navigation path, even to another file of the app', () => {
    const { webContents } = openWindow();
    const sibling = APP_URL.replace('index.html', 'other.html');
    for (const event of ['will-navigate', 'will-frame-navigate', 'will-redirect']) {
      expect(navigate(webContents, event, sibling)).toBe(true);
      expect(navigate(webContents, event, 'file:///C:/Windows/System32/calc.exe')).toBe(true);
      expect(navigate(webContents, event, 'javascript:window.seri.invoke("device:info")')).toBe(true);
      expect(navigate(webContents, event, `${APP_URL}/../../../../etc/passwd`)).toBe(true);
    }
    expect(webContents.windowOpenHandler?.({ url: 'file:///etc/passwd' })).toEqual({ action: 'deny' });
    expect(webContents.windowOpenHandler?.({ url: 'javascript:alert(1)' })).toEqual({ action: 'deny' });
  });

  it('refuses to attach a <webview>', () => {
    const { webContents } = openWindow();
    const event = fakeEvent();
    webContents.emit('will-attach-webview', event, {}, {});
    expect(event.defaultPrevented).toBe(true);
  });

  it('loads the dev server URL when given one, and allows only its origin', () => {
    const window = createMainWindow({ preloadPath: '/p.js', renderer: { kind: 'url', url: 'http://localhost:5173/' }, devTools: true }) as unknown as FakeBrowserWindow;
    expect(window.loaded).toEqual([{ kind: 'url', target: 'http://localhost:5173/' }]);
    expect(navigate(window.webContents, 'will-navigate', 'http://localhost:5173/index.html')).toBe(false);
    expect(navigate(window.webContents, 'will-navigate', 'http://localhost:5174/')).toBe(true);
  });

  it('loads the packaged renderer from app://seri and lets only that origin navigate', () => {
    const window = createMainWindow({ preloadPath: '/p.js', renderer: { kind: 'app', dir: '/opt/seri/out/renderer' }, devTools: false }) as unknown as FakeBrowserWindow;
    expect(window.loaded).toEqual([{ kind: 'url', target: 'app://seri/index.html' }]);
    expect(navigate(window.webContents, 'will-navigate', 'app://seri/index.html#/history')).toBe(false);
    expect(navigate(window.webContents, 'will-navigate', 'app://evil/index.html')).toBe(true);
    expect(navigate(window.webContents, 'will-navigate', 'file:///opt/seri/out/renderer/index.html')).toBe(true);
    expect(rendererOrigins({ kind: 'app', dir: '/opt/seri/out/renderer' })).toEqual(['app://seri']);
  });

  it('derives the allowed origins from the renderer source', () => {
    expect(rendererOrigins({ kind: 'file', path: INDEX })).toEqual([APP_URL]);
    expect(rendererOrigins({ kind: 'url', url: 'http://127.0.0.1:5173/src/index.html' })).toEqual(['http://127.0.0.1:5173']);
  });

  it('hardens any other webContents the same way', () => {
    const contents = new (jest.requireMock<ElectronStandIn>('electron').BrowserWindow)({}).webContents;
    hardenWebContents(contents as never, createOriginCheck([APP_URL]));
    expect(navigate(contents, 'will-navigate', 'https://evil.example/')).toBe(true);
    expect(contents.windowOpenHandler?.({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
  });
});
