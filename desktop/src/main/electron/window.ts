import { pathToFileURL } from 'node:url';
import { BrowserWindow, type Session, type WebContents } from 'electron';
import { createOriginCheck, type OriginCheck } from '../ipc/trusted-origin';
import { APP_INDEX_URL, APP_ORIGIN } from './app-protocol';

/**
 * Where the renderer comes from: electron-vite's build served as app://seri in production
 * (see app-protocol.ts), its dev server in development; `file` loads a page straight from disk.
 */
export type RendererSource = { kind: 'app'; dir: string } | { kind: 'file'; path: string } | { kind: 'url'; url: string };

export interface MainWindowOptions {
  preloadPath: string;
  renderer: RendererSource;
  /** Off in packaged builds: no devtools, so nothing to attach to remotely. */
  devTools: boolean;
  width?: number;
  height?: number;
  onLoadError?: (error: unknown) => void;
}

/** The URLs the app's own page has, for the IPC sender check and the navigation guard. */
export function rendererOrigins(renderer: RendererSource): string[] {
  switch (renderer.kind) {
    case 'app':
      return [APP_ORIGIN];
    case 'file':
      return [pathToFileURL(renderer.path).href];
    case 'url':
      return [new URL(renderer.url).origin];
  }
}

/**
 * Every webContents the app makes gets these: no navigation away from the app, no new
 * windows, no <webview>. A cashier clicking a stray link, or injected content, never leaves
 * the app's page (QUALITY security check 6).
 */
export function hardenWebContents(contents: WebContents, isAppUrl: OriginCheck): void {
  const guard = (event: { url: string; preventDefault(): void }): void => {
    if (!isAppUrl(event.url)) event.preventDefault();
  };
  contents.on('will-navigate', guard);
  contents.on('will-frame-navigate', guard);
  contents.on('will-redirect', guard);
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
}

/**
 * Camera, geolocation, notifications, USB/HID/serial devices, screen capture, clipboard
 * read, downloads…: the till asks for none of them, and main (not the page) owns the
 * printer and any other device.
 */
export function denyPermissions(session: Session): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
  session.setDisplayMediaRequestHandler((_request, callback) => callback(null));
  session.on('will-download', (event) => event.preventDefault());
}

/** Loads the renderer's page, or one of its hash routes (`#customer-display`). */
export function loadRendererPage(window: BrowserWindow, renderer: RendererSource, hash?: string): Promise<void> {
  if (renderer.kind === 'file') return window.loadFile(renderer.path, hash ? { hash } : undefined);
  const url = renderer.kind === 'app' ? APP_INDEX_URL : renderer.url;
  return window.loadURL(hash ? `${url}#${hash}` : url);
}

export function createMainWindow(options: MainWindowOptions): BrowserWindow {
  const window = new BrowserWindow({
    width: options.width ?? 1280,
    height: options.height ?? 800,
    minWidth: 1024,
    minHeight: 640,
    show: false,
    autoHideMenuBar: true,
    backgroundColor: '#ffffff',
    webPreferences: {
      preload: options.preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      // A middle click opens links in a new window; window.open is denied anyway, this removes the path.
      disableBlinkFeatures: 'Auxclick',
      devTools: options.devTools,
    },
  });
  const isAppUrl = createOriginCheck(rendererOrigins(options.renderer));
  hardenWebContents(window.webContents, isAppUrl);
  denyPermissions(window.webContents.session);
  window.once('ready-to-show', () => window.show());

  loadRendererPage(window, options.renderer).catch((error: unknown) => options.onLoadError?.(error));
  return window;
}
