import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { IPC_CHANNELS, IPC_EVENTS, type IpcEvent, type IpcEvents } from '@seri/shared';
import { createTerminalCore, type TerminalCore } from '../main/terminal-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './chromium';
import { createShellCustomerDisplay, type ShellCustomerDisplay } from './customer-display-page';

export interface HeadlessTerminalOptions {
  /** Where this terminal keeps its SQLite queue and its Chromium profile (IndexedDB). */
  dataDir: string;
  /** URL of the built renderer, served from 127.0.0.1 (see serveRenderer). */
  rendererUrl: string;
  headless?: boolean;
  /** How often the worker syncs on its own; tests usually drive "sync now" instead. */
  periodicSyncMs?: number;
  viewport?: { width: number; height: number };
}

export interface HeadlessTerminal {
  page: Page;
  context: BrowserContext;
  core: TerminalCore;
  /** The customer display: a second page, opened from the settings like Electron's second window. */
  customerDisplay: ShellCustomerDisplay;
  /** Closes the page, Chromium and main's modules, in that order. */
  close(): Promise<void>;
}

interface BridgeSetup {
  channels: readonly string[];
  events: readonly string[];
}

/**
 * Runs in the page before its own scripts (addInitScript), and defines the same
 * `window.seri` the preload exposes in Electron: allowlisted invoke + on. The renderer
 * cannot tell the two apart.
 */
function installBridge({ channels, events }: BridgeSetup): void {
  type Listener = (data: unknown) => void;
  // Runs in the page; this project has no DOM lib, so the page's global is typed here.
  interface ShellWindow {
    __seriInvoke(channel: string, payload: unknown): Promise<unknown>;
    __seriDispatch?: (event: string, data: unknown) => void;
  }
  const shellWindow = globalThis as unknown as ShellWindow;
  const listeners = new Map<string, Set<Listener>>();
  const bridge = {
    invoke(channel: string, payload: unknown): Promise<unknown> {
      if (!channels.includes(channel)) {
        return Promise.resolve({ ok: false, error: { code: 'UNKNOWN_CHANNEL', message: `unknown channel ${channel}` } });
      }
      return shellWindow.__seriInvoke(channel, payload);
    },
    on(event: string, listener: Listener): () => void {
      if (!events.includes(event)) throw new Error(`unknown event ${event}`);
      const set = listeners.get(event) ?? new Set<Listener>();
      listeners.set(event, set);
      set.add(listener);
      return () => set.delete(listener);
    },
  };
  Object.defineProperty(globalThis, 'seri', { value: Object.freeze(bridge), writable: false, configurable: false });
  shellWindow.__seriDispatch = (event, data) => {
    for (const listener of listeners.get(event) ?? []) {
      try {
        listener(data);
      } catch (error) {
        console.error(error);
      }
    }
  };
}

/**
 * One counter terminal in the headless shell: main's modules in this Node process (own
 * SQLite file and device identity) and the renderer in its own Chromium profile (own IndexedDB).
 */
export async function launchHeadlessTerminal(options: HeadlessTerminalOptions): Promise<HeadlessTerminal> {
  mkdirSync(options.dataDir, { recursive: true });
  const rendererOrigin = new URL(options.rendererUrl).origin;
  const context = await chromium.launchPersistentContext(join(options.dataDir, 'chromium'), {
    executablePath: CHROMIUM_PATH,
    headless: options.headless ?? true,
    args: CHROMIUM_ARGS,
    viewport: options.viewport ?? { width: 1280, height: 800 },
    locale: 'fr-FR',
  });

  const emit = <E extends IpcEvent>(event: E, data: IpcEvents[E]): void => {
    for (const page of context.pages()) {
      page
        .evaluate(([name, payload]) => {
          (globalThis as unknown as { __seriDispatch?: (e: string, d: unknown) => void }).__seriDispatch?.(name, payload);
        }, [event, data] as const)
        .catch(() => {
          // The page may be navigating or closing; the renderer re-reads state when it starts.
        });
    }
  };

  const customerDisplay = createShellCustomerDisplay(context, options.rendererUrl);
  const core = createTerminalCore({
    dataDir: join(options.dataDir, 'main'),
    emit,
    customerDisplay,
    allowedOrigins: [rendererOrigin],
    periodicSyncMs: options.periodicSyncMs,
  });
  await context.exposeBinding('__seriInvoke', ({ frame }, channel: unknown, payload: unknown) =>
    core.handle(channel, payload, { url: frame.url() }),
  );
  await context.addInitScript(installBridge, { channels: IPC_CHANNELS, events: IPC_EVENTS });
  await core.start();

  const page = context.pages()[0] ?? (await context.newPage());
  await page.goto(options.rendererUrl);

  return {
    page,
    context,
    core,
    customerDisplay,
    async close() {
      await context.close().catch(() => undefined);
      await core.close();
    },
  };
}
