import { join } from 'node:path';
import { app, dialog, net, powerMonitor, safeStorage, type BrowserWindow } from 'electron';
import { createOriginCheck } from '../ipc/trusted-origin';
import { consoleLogger } from '../logger';
import { createTerminalCore, type TerminalCore } from '../terminal-core';
import { createEventSender, registerIpcHandlers } from './ipc-electron';
import { SafeStorageSecretStore } from './safe-storage-secret-store';
import { createMainWindow, hardenWebContents, rendererOrigins, type RendererSource } from './window';

/** How often main asks the OS whether a network is up (Electron's main has no `online` event). */
const NETWORK_POLL_MS = 5_000;

/** electron-vite's layout: out/{main,preload,renderer} beside the app's package.json. */
function rendererSource(): RendererSource {
  const devUrl = process.env['ELECTRON_RENDERER_URL'];
  if (!app.isPackaged && devUrl) return { kind: 'url', url: devUrl };
  return { kind: 'file', path: join(app.getAppPath(), 'out', 'renderer', 'index.html') };
}

function preloadPath(): string {
  return join(app.getAppPath(), 'out', 'preload', 'index.js');
}

/**
 * The Electron entry: one instance per machine (two would share one queue file), the
 * terminal core in userData, one hardened window, and the OS's network and wake signals fed
 * to the sync worker. Quitting waits for the core to close its database.
 */
async function main(): Promise<TerminalCore | null> {
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return null;
  }
  const renderer = rendererSource();
  const origins = rendererOrigins(renderer);
  const isAppUrl = createOriginCheck(origins);
  let window: BrowserWindow | null = null;
  let core: TerminalCore | null = null;
  let coreClosed = false;

  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, isAppUrl));
  app.on('second-instance', () => {
    if (!window) return;
    if (window.isMinimized()) window.restore();
    window.focus();
  });
  app.on('window-all-closed', () => app.quit());
  app.on('before-quit', (event) => {
    if (!core || coreClosed) return;
    // Hold the quit until the worker's pass is over and SQLite is closed cleanly.
    event.preventDefault();
    const closing = core;
    core = null;
    closing
      .close()
      .catch((error: unknown) => consoleLogger.error('closing the terminal core failed', error))
      .finally(() => {
        coreClosed = true;
        app.quit();
      });
  });

  await app.whenReady();
  const userData = app.getPath('userData');
  core = createTerminalCore({
    dataDir: join(userData, 'main'),
    secretStore: new SafeStorageSecretStore(safeStorage, join(userData, 'secrets')),
    emit: createEventSender(() => window?.webContents),
    allowedOrigins: origins,
    logger: consoleLogger,
  });
  registerIpcHandlers(core.handle);
  window = createMainWindow({
    preloadPath: preloadPath(),
    renderer,
    devTools: !app.isPackaged,
    onLoadError: (error) => consoleLogger.error('the renderer failed to load', error),
  });
  window.on('closed', () => {
    window = null;
  });

  const worker = core.worker;
  powerMonitor.on('resume', () => worker.signalOnline());
  let networkUp = net.isOnline();
  const poll = setInterval(() => {
    const up = net.isOnline();
    if (up === networkUp) return;
    networkUp = up;
    if (up) worker.signalOnline();
    else worker.signalOffline();
  }, NETWORK_POLL_MS);
  poll.unref();
  app.once('will-quit', () => clearInterval(poll));

  await core.start();
  return core;
}

/** Settles with the core once the window is up (null in a second instance); exported for the glue's tests. */
export const started: Promise<TerminalCore | null> = main().catch((error: unknown) => {
  consoleLogger.error('Seri POS failed to start', error);
  // Say it on screen: a till that silently does not open gets restarted in a loop.
  dialog.showErrorBox('Seri POS', `Le terminal n'a pas pu démarrer : ${error instanceof Error ? error.message : String(error)}`);
  app.exit(1);
  return null;
});
