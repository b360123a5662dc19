import { BrowserWindow, screen } from 'electron';
import type { CustomerDisplayStatus, DisplayScreen } from '@seri/shared';
import { CLOSED_DISPLAY, CUSTOMER_DISPLAY_HASH, pickScreen, type CustomerDisplay } from '../display/customer-display';
import { createOriginCheck } from '../ipc/trusted-origin';
import { denyPermissions, hardenWebContents, loadRendererPage, rendererOrigins, type RendererSource } from './window';

export interface ElectronCustomerDisplayOptions {
  renderer: RendererSource;
  devTools: boolean;
  onLoadError?: (error: unknown) => void;
}

export interface ElectronCustomerDisplay extends CustomerDisplay {
  show(request: { enabled: boolean; screenId: number | null }): CustomerDisplayStatus;
  /** Closes the window (the till's own window closed: the app is quitting). */
  close(): void;
}

/** The OS's screens as the settings list them: Electron's id, its label, the primary one marked. */
export function attachedScreens(): DisplayScreen[] {
  const primaryId = screen.getPrimaryDisplay().id;
  return screen.getAllDisplays().map((display) => ({
    id: display.id,
    label: display.label,
    primary: display.id === primaryId,
    width: display.size.width,
    height: display.size.height,
  }));
}

/**
 * The customer display in Electron: a frameless, full-screen window on the chosen screen that
 * never takes the focus (the scanner and the keyboard stay on the till), with no preload at all:
 * the page reads the cart over a BroadcastChannel from the till's page and calls nothing in main.
 * Thin on purpose: which screen is picked is `pickScreen`'s, the page is the renderer's.
 */
export function createElectronCustomerDisplay(options: ElectronCustomerDisplayOptions): ElectronCustomerDisplay {
  const isAppUrl = createOriginCheck(rendererOrigins(options.renderer));
  let window: BrowserWindow | null = null;
  let shownOn: number | null = null;

  const close = (): void => {
    if (window && !window.isDestroyed()) window.destroy();
    window = null;
    shownOn = null;
  };

  const open = (target: DisplayScreen): BrowserWindow => {
    const bounds = screen.getAllDisplays().find((display) => display.id === target.id)?.bounds;
    const created = new BrowserWindow({
      ...(bounds ?? {}),
      show: false,
      frame: false,
      fullscreen: true,
      focusable: false,
      skipTaskbar: true,
      autoHideMenuBar: true,
      backgroundColor: '#ffffff',
      // Spelled out, not shared with the till's window: lint:electron (Electronegativity) reads the literal.
      webPreferences: {
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
        disableBlinkFeatures: 'Auxclick',
        devTools: options.devTools,
      },
    });
    hardenWebContents(created.webContents, isAppUrl);
    denyPermissions(created.webContents.session);
    created.once('ready-to-show', () => created.showInactive());
    created.on('closed', () => {
      if (window === created) {
        window = null;
        shownOn = null;
      }
    });
    loadRendererPage(created, options.renderer, CUSTOMER_DISPLAY_HASH).catch((error: unknown) => options.onLoadError?.(error));
    return created;
  };

  return {
    screens: attachedScreens,
    show({ enabled, screenId }): CustomerDisplayStatus {
      if (!enabled) {
        close();
        return CLOSED_DISPLAY;
      }
      const target = pickScreen(attachedScreens(), screenId);
      if (window && shownOn === target.id) return { open: true, screenId: target.id };
      // Moved to another screen: a new window there, full screen from the start.
      close();
      window = open(target);
      shownOn = target.id;
      return { open: true, screenId: target.id };
    },
    close,
  };
}
