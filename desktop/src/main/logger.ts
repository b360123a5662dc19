/**
 * What main writes about itself. The renderer never sees these lines: errors crossing
 * IPC carry a code and a short message, the detail stays here.
 */
export interface Logger {
  info(message: string, detail?: unknown): void;
  warn(message: string, detail?: unknown): void;
  error(message: string, detail?: unknown): void;
}

export const consoleLogger: Logger = {
  info: (message, detail) => (detail === undefined ? console.info(`[seri] ${message}`) : console.info(`[seri] ${message}`, detail)),
  warn: (message, detail) => (detail === undefined ? console.warn(`[seri] ${message}`) : console.warn(`[seri] ${message}`, detail)),
  error: (message, detail) => (detail === undefined ? console.error(`[seri] ${message}`) : console.error(`[seri] ${message}`, detail)),
};

export const silentLogger: Logger = {
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};
