import { IPC_CHANNELS, type IpcEvent, type IpcEvents } from '@seri/shared';
import { ipcMain, type IpcMainInvokeEvent, type WebContents } from 'electron';
import type { IpcRouter } from '../ipc/ipc-router';

function senderUrl(event: IpcMainInvokeEvent): string | undefined {
  try {
    return event.senderFrame?.url;
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
