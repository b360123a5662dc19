import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { IPC_CHANNELS, IPC_EVENTS, type SeriBridge } from '@seri/shared';

/**
 * The only bridge between the page and main (VS Code's sandboxed preload): `invoke` for
 * the allowlisted channels, `on` for the allowlisted events, nothing else. Same behaviour
 * as the headless shell's init script, so the renderer cannot tell the two apart.
 */
const channels: ReadonlySet<string> = new Set(IPC_CHANNELS);
const events: ReadonlySet<string> = new Set(IPC_EVENTS);

const bridge = {
  invoke(channel: string, payload: unknown): Promise<unknown> {
    if (typeof channel !== 'string' || !channels.has(channel)) {
      return Promise.resolve({ ok: false, error: { code: 'UNKNOWN_CHANNEL', message: `unknown channel ${String(channel)}` } });
    }
    // Main answers with a Result; a rejection here means the IPC itself broke.
    return ipcRenderer.invoke(channel, payload).catch(() => ({ ok: false, error: { code: 'INTERNAL', message: 'IPC failed' } }));
  },
  on(event: string, listener: (data: unknown) => void): () => void {
    if (typeof event !== 'string' || !events.has(event)) throw new Error(`unknown event ${String(event)}`);
    if (typeof listener !== 'function') throw new TypeError('listener must be a function');
    // The page gets the data only, never the IpcRendererEvent (it carries `sender`).
    const forward = (_event: IpcRendererEvent, data: unknown): void => listener(data);
    ipcRenderer.on(event, forward);
    return () => {
      ipcRenderer.removeListener(event, forward);
    };
  },
} as SeriBridge;

contextBridge.exposeInMainWorld('seri', bridge);
