import { IPC_VALIDATORS, findHostileInput } from '@seri/shared/dto';
import {
  ResultErrorException,
  fail,
  isIpcChannel,
  ok,
  type IpcChannel,
  type IpcRequest,
  type IpcResponse,
  type Result,
} from '@seri/shared';
import { consoleLogger, type Logger } from '../logger';
import { createOriginCheck } from './trusted-origin';

/** One handler per channel; it receives the payload as validated by IPC_VALIDATORS. */
export type IpcHandlers = {
  [C in IpcChannel]: (request: IpcRequest<C>) => IpcResponse<C> | Promise<IpcResponse<C>>;
};

export interface IpcSender {
  /** URL of the frame that sent the message (Electron's senderFrame.url, Playwright's frame.url()). */
  url: string | undefined;
}

export interface IpcRouterOptions {
  /** Renderer origins allowed to call main; see trusted-origin.ts for the forms. */
  allowedOrigins: readonly string[];
  logger?: Logger;
}

export interface IpcRouter {
  /** Never throws and never rejects: every outcome is a Result. */
  handle(channel: unknown, payload: unknown, sender: IpcSender): Promise<Result<unknown>>;
}

const MAX_MESSAGE_LENGTH = 2_000;

function clip(text: string): string {
  return text.length > MAX_MESSAGE_LENGTH ? `${text.slice(0, MAX_MESSAGE_LENGTH)}…` : text;
}

/**
 * The one door from the renderer into main (GitHub Desktop's ipc-main): sender frame
 * checked, channel allowlisted, payload validated, errors turned into Results. Used by the
 * Electron glue (ipcMain.handle) and by the headless shell (exposeBinding) alike.
 */
export function createIpcRouter(handlers: IpcHandlers, options: IpcRouterOptions): IpcRouter {
  const trusted = createOriginCheck(options.allowedOrigins);
  const logger = options.logger ?? consoleLogger;

  async function dispatch<C extends IpcChannel>(channel: C, payload: unknown): Promise<Result<unknown>> {
    // The renderer is less trusted than main: the same text and depth rules as the server's
    // boundary, before any DTO sees the payload (a NUL or lone surrogate queued here would
    // be refused by the server only after the cashier was told the sale was saved).
    const hostile = findHostileInput(payload);
    if (hostile) return fail('VALIDATION', clip(hostile));
    let validated: ReturnType<(typeof IPC_VALIDATORS)[C]>;
    try {
      validated = IPC_VALIDATORS[channel](payload) as ReturnType<(typeof IPC_VALIDATORS)[C]>;
    } catch (error) {
      logger.warn(`ipc ${channel}: payload could not be validated`, error);
      return fail('VALIDATION', 'invalid payload');
    }
    if (!validated.ok) return fail('VALIDATION', clip(validated.errors.join('; ')));
    const handler = handlers[channel] as (request: unknown) => unknown;
    try {
      return ok(await handler(validated.value));
    } catch (error) {
      if (error instanceof ResultErrorException) return fail(error.code, clip(error.message));
      logger.error(`ipc ${channel}: handler failed`, error);
      return fail('INTERNAL', 'Erreur interne');
    }
  }

  return {
    async handle(channel, payload, sender) {
      try {
        if (!trusted(sender?.url)) {
          logger.warn(`ipc refused from an untrusted frame: ${String(sender?.url)}`);
          return fail('FORBIDDEN', 'sender not allowed');
        }
        if (!isIpcChannel(channel)) return fail('UNKNOWN_CHANNEL', `unknown channel ${clip(String(channel))}`);
        return await dispatch(channel, payload);
      } catch (error) {
        logger.error('ipc router failed', error);
        return fail('INTERNAL', 'Erreur interne');
      }
    },
  };
}
