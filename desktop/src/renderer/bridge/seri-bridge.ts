import type { ErrorCode, ErrorParams, IpcChannel, IpcRequest, IpcResponse, SeriBridge } from '@seri/shared';

/**
 * The renderer's only way out: `window.seri`, put there by the preload (Electron) or by
 * the headless shell's init script. Nothing here knows which one it is.
 */
declare global {
  interface Window {
    seri?: SeriBridge;
  }
}

export function windowBridge(): SeriBridge | null {
  return typeof window !== 'undefined' && window.seri ? window.seri : null;
}

/** A `{ok:false}` answer from main, or a bridge that threw (it should not, but a crash of main can). */
export class BridgeError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly params: ErrorParams = {},
  ) {
    super(message);
    this.name = 'BridgeError';
  }
}

/** Invokes a channel and unwraps its Result; any failure becomes a BridgeError. */
export async function callMain<C extends IpcChannel>(bridge: SeriBridge, channel: C, payload: IpcRequest<C>): Promise<IpcResponse<C>> {
  let result;
  try {
    result = await bridge.invoke(channel, payload);
  } catch (error) {
    throw new BridgeError('INTERNAL', error instanceof Error ? error.message : String(error));
  }
  if (!result.ok) throw new BridgeError(result.error.code, result.error.message, result.error.params);
  return result.value;
}
