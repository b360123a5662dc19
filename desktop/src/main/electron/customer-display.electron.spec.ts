import type * as StandIn from '../../../test/main/electron-stand-in';
import { fakeDisplay, type ElectronStandIn, type FakeBrowserWindow } from '../../../test/main/electron-stand-in';
import { thrownCode } from '../../../test/main/factories';
import { createElectronCustomerDisplay } from './customer-display.electron';

jest.mock(
  'electron',
  () => jest.requireActual<typeof StandIn>('../../../test/main/electron-stand-in').createElectronStandIn(),
  { virtual: true },
);

const electron = jest.requireMock<ElectronStandIn>('electron');

function displays(): FakeBrowserWindow[] {
  return electron.BrowserWindow.instances;
}

describe('customer display window (electron stand-in)', () => {
  beforeEach(() => {
    electron.BrowserWindow.instances.length = 0;
    electron.screen.displays = [fakeDisplay(1, 'Built-in', 0, 1366, 768), fakeDisplay(2, 'Customer VGA', 1366, 1920, 1080)];
    electron.screen.primaryId = 1;
  });

  const display = () => createElectronCustomerDisplay({ renderer: { kind: 'app', dir: '/opt/seri/out/renderer' }, devTools: false });

  it('lists the attached screens with the primary one marked', () => {
    expect(display().screens()).toEqual([
      { id: 1, label: 'Built-in', primary: true, width: 1366, height: 768 },
      { id: 2, label: 'Customer VGA', primary: false, width: 1920, height: 1080 },
    ]);
  });

  it('opens the display page full screen on the second screen, unfocusable, with no preload and the hardened page', () => {
    const status = display().show({ enabled: true, screenId: null });
    expect(status).toEqual({ open: true, screenId: 2 });
    const [window] = displays();
    expect(window?.options).toEqual(expect.objectContaining({ x: 1366, y: 0, width: 1920, height: 1080, fullscreen: true, frame: false, focusable: false }));
    expect(window?.options.webPreferences).toEqual(expect.objectContaining({ contextIsolation: true, sandbox: true, nodeIntegration: false, devTools: false }));
    expect(window?.options.webPreferences).not.toHaveProperty('preload');
    expect(window?.loaded).toEqual([{ kind: 'url', target: 'app://seri/index.html#customer-display' }]);
    expect(window?.webContents.windowOpenHandler?.({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
    window?.emit('ready-to-show');
    expect(window?.shownInactive).toBe(true);
    expect(window?.shown).toBe(false);
  });

  it('keeps one window: the same screen again is a no-op, another screen moves it, disabled closes it', () => {
    const customer = display();
    customer.show({ enabled: true, screenId: 2 });
    customer.show({ enabled: true, screenId: 2 });
    expect(displays()).toHaveLength(1);
    expect(customer.show({ enabled: true, screenId: 1 })).toEqual({ open: true, screenId: 1 });
    expect(displays()).toHaveLength(2);
    expect(displays()[0]?.destroyed).toBe(true);
    expect(displays()[1]?.options).toEqual(expect.objectContaining({ x: 0, width: 1366 }));
    expect(customer.show({ enabled: false, screenId: 1 })).toEqual({ open: false, screenId: null });
    expect(displays()[1]?.destroyed).toBe(true);
  });

  it('refuses NOT_FOUND, opening nothing, when the chosen screen is unplugged or there is no second screen', () => {
    const customer = display();
    expect(thrownCode(() => customer.show({ enabled: true, screenId: 7 }))).toBe('NOT_FOUND');
    electron.screen.displays = [fakeDisplay(1, 'Built-in', 0, 1366, 768)];
    expect(thrownCode(() => customer.show({ enabled: true, screenId: null }))).toBe('NOT_FOUND');
    expect(displays()).toHaveLength(0);
  });

  it('forgets a window the OS closed, and opens a new one when asked again', () => {
    const customer = display();
    customer.show({ enabled: true, screenId: 2 });
    displays()[0]?.destroy();
    customer.show({ enabled: true, screenId: 2 });
    expect(displays()).toHaveLength(2);
    customer.close();
    expect(displays()[1]?.destroyed).toBe(true);
  });

  it('loads the hash route from a file or a dev server URL too', () => {
    createElectronCustomerDisplay({ renderer: { kind: 'file', path: '/opt/seri/index.html' }, devTools: true }).show({ enabled: true, screenId: 2 });
    createElectronCustomerDisplay({ renderer: { kind: 'url', url: 'http://localhost:5173/' }, devTools: true }).show({ enabled: true, screenId: 2 });
    expect(displays().map((window) => window.loaded[0]?.target)).toEqual(['/opt/seri/index.html#customer-display', 'http://localhost:5173/#customer-display']);
  });
});
