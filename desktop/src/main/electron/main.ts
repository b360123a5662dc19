import { hostname } from 'node:os';
import { join, resolve } from 'node:path';
import { app, dialog, net, powerMonitor, safeStorage, type BrowserWindow } from 'electron';
import { autoUpdater } from 'electron-updater';
import { createOriginCheck } from '../ipc/trusted-origin';
import { consoleLogger } from '../logger';
import { loadProvisioning, machineProvisioningPath } from '../provisioning/provisioning-file';
import { enrollFromProvisioning } from '../provisioning/provision-terminal';
import type { ProvisioningSettings } from '../provisioning/provisioning-settings';
import { createTerminalCore, type TerminalCore } from '../terminal-core';
import { UpdateCoordinator } from '../updates/update-coordinator';
import { resolveUpdateFeed } from '../updates/update-feed';
import { registerAppScheme, serveRenderer } from './app-protocol';
import { startAutoUpdates, type AutoUpdates } from './auto-updater';
import { createEventSender, registerIpcHandlers } from './ipc-electron';
import { SafeStorageSecretStore } from './safe-storage-secret-store';
import { createMainWindow, hardenWebContents, rendererOrigins, type RendererSource } from './window';
import { createElectronReceiptPrinter } from './receipt-printer.electron';
import { createElectronCustomerDisplay } from './customer-display.electron';

/** How often main asks the OS whether a network is up (Electron's main has no `online` event). */
const NETWORK_POLL_MS = 5_000;
/** The window waits this long at most for a provisioned first enrollment; it goes on in the background. */
const PROVISIONED_ENROLLMENT_WAIT_MS = 15_000;

/** electron-vite's layout: out/{main,preload,renderer} beside the app's package.json. */
function rendererSource(): RendererSource {
  const devUrl = process.env['ELECTRON_RENDERER_URL'];
  if (!app.isPackaged && devUrl) return { kind: 'url', url: devUrl };
  return { kind: 'app', dir: join(app.getAppPath(), 'out', 'renderer') };
}

function preloadPath(): string {
  return join(app.getAppPath(), 'out', 'preload', 'index.js');
}

/**
 * The unpackaged app (end-to-end tests, development) may run on a throwaway profile. A
 * packaged build ignores the variable: its data stays where the uninstaller and IT expect it.
 */
function isolateUserData(): void {
  const dir = process.env['SERI_USER_DATA_DIR'];
  if (app.isPackaged || !dir) return;
  app.setPath('userData', resolve(dir));
}

/** The unpackaged app may read a provisioning file of its own (tests); a packaged one reads only the machine's. */
function provisioningFile(): string {
  const override = process.env['SERI_PROVISIONING_FILE'];
  if (!app.isPackaged && override) return resolve(override);
  return machineProvisioningPath(process.platform, process.env);
}

function waitAtMost<T>(promise: Promise<T>, ms: number): Promise<T | 'timeout'> {
  return new Promise((settle) => {
    const timer = setTimeout(() => settle('timeout'), ms);
    timer.unref();
    void promise.then((value) => {
      clearTimeout(timer);
      settle(value);
    });
  });
}

/**
 * The Electron entry: one instance per machine (two would share one queue file), the
 * terminal core in userData, provisioning applied, one hardened window, the OS's network and
 * wake signals fed to the sync worker, and self-updates that wait for the till to be free.
 * Quitting waits for the core to close its database.
 */
async function main(): Promise<TerminalCore | null> {
  isolateUserData();
  // Every renderer sandboxed, whatever a BrowserWindow's own options say.
  app.enableSandbox();
  registerAppScheme();
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return null;
  }
  const logger = consoleLogger;
  const renderer = rendererSource();
  const origins = rendererOrigins(renderer);
  const isAppUrl = createOriginCheck(origins);
  let window: BrowserWindow | null = null;
  let core: TerminalCore | null = null;
  let closing: Promise<void> | null = null;
  let coreClosed = false;

  /** Stops the worker after its pass and closes SQLite; every path out of the app goes through here. */
  const closeCore = (): Promise<void> => {
    closing ??= (core ? core.close() : Promise.resolve())
      .catch((error: unknown) => logger.error('closing the terminal core failed', error))
      .finally(() => {
        coreClosed = true;
      });
    return closing;
  };

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
    void closeCore().then(() => app.quit());
  });

  await app.whenReady();
  if (renderer.kind === 'app') serveRenderer(renderer.dir);
  // IT's settings for this machine: the machine-wide file, then the command line over it.
  const provisioned: ProvisioningSettings = loadProvisioning({ filePath: provisioningFile(), argv: process.argv.slice(1), logger }).settings;
  if (provisioned.printer !== undefined) logger.info(`provisioning: receipt printer "${provisioned.printer}"`);

  const emit = createEventSender(() => window?.webContents);
  const updates = new UpdateCoordinator({
    emit: (status) => emit('update:status', status),
    install: async () => {
      await closeCore();
      // Silent, and the new version starts by itself on the till.
      autoUpdater.quitAndInstall(true, true);
    },
    logger,
  });

  // The second screen facing the customer; the renderer opens it from its settings.
  const customerDisplay = createElectronCustomerDisplay({
    renderer,
    devTools: !app.isPackaged,
    onLoadError: (error) => logger.error('the customer display failed to load', error),
  });

  const userData = app.getPath('userData');
  const terminal = createTerminalCore({
    dataDir: join(userData, 'main'),
    secretStore: new SafeStorageSecretStore(safeStorage, join(userData, 'secrets')),
    emit,
    allowedOrigins: origins,
    logger,
    updates,
    // Receipts go to the provisioned printer (the system default when none), silently.
    printer: createElectronReceiptPrinter({ deviceName: () => provisioned.printer }),
    customerDisplay,
  });
  core = terminal;
  registerIpcHandlers(terminal.handle);

  const enrollment = enrollFromProvisioning({
    settings: provisioned,
    device: terminal.device,
    startSync: () => terminal.worker.start(),
    defaultName: hostname(),
    // Enrolled behind the enroll screen: show the login screen instead.
    onEnrolled: () => window?.webContents.reload(),
    logger,
  });
  await waitAtMost(enrollment.firstAttempt, PROVISIONED_ENROLLMENT_WAIT_MS);

  window = createMainWindow({
    preloadPath: preloadPath(),
    renderer,
    devTools: !app.isPackaged,
    onLoadError: (error) => logger.error('the renderer failed to load', error),
  });
  window.on('closed', () => {
    window = null;
    // The display window alone would keep the app (and its queue) running with no till.
    customerDisplay.close();
  });

  const worker = terminal.worker;
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

  // An unpackaged app has no app-update.yml and nothing to replace.
  let selfUpdates: AutoUpdates | null = null;
  if (app.isPackaged) selfUpdates = startAutoUpdates({ updater: autoUpdater, coordinator: updates, feed: resolveUpdateFeed(provisioned), logger });
  else updates.disable();

  app.once('will-quit', () => {
    clearInterval(poll);
    enrollment.stop();
    selfUpdates?.stop();
    updates.stop();
  });

  await terminal.start();
  return terminal;
}

/** Settles with the core once the window is up (null in a second instance); exported for the glue's tests. */
export const started: Promise<TerminalCore | null> = main().catch((error: unknown) => {
  consoleLogger.error('Seri POS failed to start', error);
  // Say it on screen: a till that silently does not open gets restarted in a loop.
  dialog.showErrorBox('Seri POS', `Le terminal n'a pas pu démarrer : ${error instanceof Error ? error.message : String(error)}`);
  app.exit(1);
  return null;
});
