import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * A stand-in for the `electron` module (no Electron binary on these machines): just enough
 * of app, BrowserWindow, webContents, session, ipcMain/ipcRenderer, contextBridge, net,
 * powerMonitor, safeStorage and dialog for the glue's unit tests to drive and observe it.
 * Use it with `jest.mock('electron', () => createElectronStandIn(), { virtual: true })`.
 */
type Listener = (...args: unknown[]) => unknown;

export class FakeEmitter {
  readonly listeners = new Map<string, Listener[]>();

  on(event: string, listener: Listener): this {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
    return this;
  }

  once(event: string, listener: Listener): this {
    const wrapped: Listener = (...args) => {
      this.removeListener(event, wrapped);
      return listener(...args);
    };
    return this.on(event, wrapped);
  }

  removeListener(event: string, listener: Listener): this {
    this.listeners.set(event, (this.listeners.get(event) ?? []).filter((l) => l !== listener));
    return this;
  }

  emit(event: string, ...args: unknown[]): void {
    for (const listener of this.listeners.get(event) ?? []) listener(...args);
  }

  listenerCount(event: string): number {
    return this.listeners.get(event)?.length ?? 0;
  }
}

/** An Electron-style event object: `preventDefault` records that it was called. */
export function fakeEvent<P extends object>(params: P = {} as P): P & { preventDefault(): void; defaultPrevented: boolean } {
  const event = {
    ...params,
    defaultPrevented: false,
    preventDefault() {
      event.defaultPrevented = true;
    },
  };
  return event;
}

export class FakeSession extends FakeEmitter {
  permissionRequestHandler: ((contents: unknown, permission: string, callback: (granted: boolean) => void, details: unknown) => void) | null = null;
  permissionCheckHandler: ((contents: unknown, permission: string, origin: string, details: unknown) => boolean) | null = null;
  devicePermissionHandler: ((details: unknown) => boolean) | null = null;
  displayMediaRequestHandler: ((request: unknown, callback: (streams: unknown) => void) => void) | null = null;

  setDevicePermissionHandler(handler: FakeSession['devicePermissionHandler']): void {
    this.devicePermissionHandler = handler;
  }

  setDisplayMediaRequestHandler(handler: FakeSession['displayMediaRequestHandler']): void {
    this.displayMediaRequestHandler = handler;
  }

  setPermissionRequestHandler(handler: FakeSession['permissionRequestHandler']): void {
    this.permissionRequestHandler = handler;
  }

  setPermissionCheckHandler(handler: FakeSession['permissionCheckHandler']): void {
    this.permissionCheckHandler = handler;
  }
}

export class FakeWebContents extends FakeEmitter {
  readonly session = new FakeSession();
  readonly sent: { channel: string; data: unknown }[] = [];
  windowOpenHandler: ((details: { url: string }) => { action: string }) | null = null;
  destroyed = false;
  reloads = 0;

  reload(): void {
    this.reloads += 1;
  }

  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }): void {
    this.windowOpenHandler = handler;
  }

  send(channel: string, data: unknown): void {
    this.sent.push({ channel, data });
  }

  isDestroyed(): boolean {
    return this.destroyed;
  }
}

export class FakeBrowserWindow extends FakeEmitter {
  static readonly instances: FakeBrowserWindow[] = [];
  readonly webContents = new FakeWebContents();
  readonly loaded: { kind: 'file' | 'url'; target: string }[] = [];
  shown = false;
  shownInactive = false;
  focused = false;
  minimized = false;
  destroyed = false;

  constructor(readonly options: { webPreferences?: Record<string, unknown> } & Record<string, unknown>) {
    super();
    FakeBrowserWindow.instances.push(this);
  }

  loadFile(path: string, options?: { hash?: string }): Promise<void> {
    this.loaded.push({ kind: 'file', target: options?.hash ? `${path}#${options.hash}` : path });
    return Promise.resolve();
  }

  loadURL(url: string): Promise<void> {
    this.loaded.push({ kind: 'url', target: url });
    return Promise.resolve();
  }

  show(): void {
    this.shown = true;
  }

  showInactive(): void {
    this.shownInactive = true;
  }

  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    this.webContents.destroyed = true;
    this.emit('closed');
  }

  isDestroyed(): boolean {
    return this.destroyed;
  }

  focus(): void {
    this.focused = true;
  }

  isMinimized(): boolean {
    return this.minimized;
  }

  restore(): void {
    this.minimized = false;
  }
}

export class FakeApp extends FakeEmitter {
  singleInstanceLock = true;
  isPackaged = true;
  userData = '/tmp/seri-user-data';
  appPath = '/opt/seri/resources/app.asar';
  quitCalls = 0;
  exitCodes: number[] = [];
  sandboxEnabled = false;
  /** Paths set with setPath, by name. */
  readonly paths = new Map<string, string>();
  private quitWaiters: (() => void)[] = [];

  requestSingleInstanceLock(): boolean {
    return this.singleInstanceLock;
  }

  whenReady(): Promise<void> {
    return Promise.resolve();
  }

  getPath(name: string): string {
    if (name !== 'userData') throw new Error(`stand-in has no path ${name}`);
    return this.paths.get(name) ?? this.userData;
  }

  setPath(name: string, path: string): void {
    this.paths.set(name, path);
  }

  enableSandbox(): void {
    this.sandboxEnabled = true;
  }

  getAppPath(): string {
    return this.appPath;
  }

  quit(): void {
    this.quitCalls += 1;
    for (const resolve of this.quitWaiters.splice(0)) resolve();
  }

  exit(code: number): void {
    this.exitCodes.push(code);
  }

  /** Resolves at the next `app.quit()`. */
  nextQuit(): Promise<void> {
    return new Promise((resolve) => this.quitWaiters.push(resolve));
  }
}

export class FakeIpcMain {
  readonly handlers = new Map<string, (event: unknown, payload: unknown) => unknown>();

  handle(channel: string, handler: (event: unknown, payload: unknown) => unknown): void {
    if (this.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.handlers.set(channel, handler);
  }

  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }
}

export class FakeIpcRenderer extends FakeEmitter {
  readonly invoked: { channel: string; payload: unknown }[] = [];
  answer: (channel: string, payload: unknown) => Promise<unknown> = () => Promise.resolve({ ok: true, value: null });

  invoke(channel: string, payload: unknown): Promise<unknown> {
    this.invoked.push({ channel, payload });
    return this.answer(channel, payload);
  }
}

/** Reversible and visibly not clear text, like the real thing for a test's purposes. */
export class FakeSafeStorage {
  available = true;
  reEncrypt = false;

  isAsyncEncryptionAvailable(): Promise<boolean> {
    return Promise.resolve(this.available);
  }

  encryptStringAsync(text: string): Promise<Buffer> {
    return Promise.resolve(Buffer.from(`enc:${Buffer.from(text, 'utf8').toString('base64').split('').reverse().join('')}`));
  }

  decryptStringAsync(encrypted: Buffer): Promise<{ result: string; shouldReEncrypt: boolean }> {
    const body = encrypted.toString('utf8');
    if (!body.startsWith('enc:')) throw new Error('not encrypted by this stand-in');
    const result = Buffer.from(body.slice(4).split('').reverse().join(''), 'base64').toString('utf8');
    const shouldReEncrypt = this.reEncrypt;
    this.reEncrypt = false;
    return Promise.resolve({ result, shouldReEncrypt });
  }
}

/** protocol: records the privileged schemes and the handlers main registers. */
export class FakeProtocol {
  readonly privileged: { scheme: string; privileges?: Record<string, boolean> }[] = [];
  readonly handlers = new Map<string, (request: Request) => Response | Promise<Response>>();

  registerSchemesAsPrivileged(schemes: { scheme: string; privileges?: Record<string, boolean> }[]): void {
    this.privileged.push(...schemes);
  }

  handle(scheme: string, handler: (request: Request) => Response | Promise<Response>): void {
    this.handlers.set(scheme, handler);
  }
}

export interface FakeDisplay {
  id: number;
  label: string;
  bounds: { x: number; y: number; width: number; height: number };
  size: { width: number; height: number };
}

/** screen: the attached displays, changed by a test to plug and unplug one. */
export class FakeScreen {
  displays: FakeDisplay[] = [fakeDisplay(1, 'Built-in', 0, 1366, 768)];
  primaryId = 1;

  getAllDisplays(): FakeDisplay[] {
    return this.displays;
  }

  getPrimaryDisplay(): FakeDisplay {
    const primary = this.displays.find((display) => display.id === this.primaryId);
    if (!primary) throw new Error('stand-in has no primary display');
    return primary;
  }
}

export function fakeDisplay(id: number, label: string, x: number, width: number, height: number): FakeDisplay {
  return { id, label, bounds: { x, y: 0, width, height }, size: { width, height } };
}

export function createElectronStandIn() {
  FakeBrowserWindow.instances.length = 0;
  return {
    protocol: new FakeProtocol(),
    app: new FakeApp(),
    BrowserWindow: FakeBrowserWindow,
    ipcMain: new FakeIpcMain(),
    ipcRenderer: new FakeIpcRenderer(),
    contextBridge: {
      exposed: {} as Record<string, unknown>,
      exposeInMainWorld(key: string, api: unknown) {
        this.exposed[key] = api;
      },
    },
    net: {
      online: true,
      isOnline(): boolean {
        return this.online;
      },
      /** Only file: URLs, which is all main fetches through net (the app:// handler). */
      fetch(url: string): Promise<Response> {
        return new Promise((resolve) => resolve(new Response(readFileSync(fileURLToPath(url)))));
      },
    },
    powerMonitor: new FakeEmitter(),
    screen: new FakeScreen(),
    safeStorage: new FakeSafeStorage(),
    dialog: { errors: [] as string[], showErrorBox(_title: string, content: string) { this.errors.push(content); } },
  };
}

export type ElectronStandIn = ReturnType<typeof createElectronStandIn>;
