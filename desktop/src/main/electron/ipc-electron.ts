import { IPC_CHANNELS, type IpcEvent, type IpcEvents } from '@seri/shared';
import { ipcMain, type IpcMainInvokeEvent, type WebContents } from 'electron';
import type { IpcRouter } from '../ipc/ipc-router';

/** The URL main checks: the app's top-level page only, never a frame inside it (even of our origin). */
function senderUrl(event: IpcMainInvokeEvent): string | undefined {
  try {
    const frame = event.senderFrame;
    if (!frame || frame.parent !== null) return undefined;
    return frame.url;
  } catch {
    // The frame navigated away or was destroyed while its message was in flight.
    return undefined;
  }
}

/**
 * The only `ipcMain` user: one `handle` per allowlisted channel, each forwarding to the
 * router with the sender frame's URL so the router can refuse foreign frames. Returns a
 * function that removes them again.
 */
export function registerIpcHandlers(handle: IpcRouter['handle']): () => void {
  for (const channel of IPC_CHANNELS) {
    ipcMain.handle(channel, (event: IpcMainInvokeEvent, payload: unknown) => handle(channel, payload, { url: senderUrl(event) }));
  }
  return () => {
    for (const channel of IPC_CHANNELS) ipcMain.removeHandler(channel);
  };
}

/** main → renderer events, to whichever window is current; dropped while there is none. */
export function createEventSender(target: () => WebContents | null | undefined) {
  return <E extends IpcEvent>(event: E, data: IpcEvents[E]): void => {
    const contents = target();
    if (!contents || contents.isDestroyed()) return;
    contents.send(event, data);
  };
}
