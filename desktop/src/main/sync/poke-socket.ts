import { SOCKET_CLOSE_SERVICE_RESTART, SYNC_SOCKET_PATH } from '@seri/shared';
import WebSocket from 'ws';
import { silentLogger, type Logger } from '../logger';
import { Backoff, type BackoffOptions } from './backoff';
import { nodeTimers, type TimerHandle, type Timers } from './timers';

/** Where and as whom to connect; null while the terminal is not enrolled. */
export type PokeConnection = () => Promise<{ serverUrl: string; token: string } | null>;

/** What the worker needs from a source of pokes (the WebSocket in the app, a stand-in in tests). */
export interface PokeSource {
  start(onPoke: () => void): void;
  stop(): Promise<void>;
  readonly connected: boolean;
}

export interface PokeSocketOptions {
  connection: PokeConnection;
  timers?: Timers;
  backoff?: BackoffOptions;
  logger?: Logger;
  /** A socket that neither pokes nor answers pings for this long is dropped and redialled. */
  silenceMs?: number;
}

const DEFAULT_SILENCE_MS = 75_000;

/** `http://host:3000/base` → `ws://host:3000/base/api/sync/ws` (https → wss). */
export function socketUrl(serverUrl: string): string {
  const url = new URL(serverUrl.endsWith('/') ? serverUrl : `${serverUrl}/`);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  url.pathname = `${url.pathname.replace(/\/+$/, '')}${SYNC_SOCKET_PATH}`;
  return url.toString();
}

/**
 * The terminal's end of the realtime channel: one WebSocket to the backend, authenticated by
 * the device token, reconnected with backoff and jitter for ever. A poke only asks for a
 * pull, so nothing is lost while it is down: the periodic pull, `online` and "sync now"
 * still run. The server pokes once on every (re)connection, which covers what it missed.
 */
export class PokeSocket implements PokeSource {
  private readonly connection: PokeConnection;
  private readonly timers: Timers;
  private readonly backoff: Backoff;
  private readonly logger: Logger;
  private readonly silenceMs: number;
  private socket: WebSocket | null = null;
  private onPoke: (() => void) | null = null;
  // TimerHandle is opaque (unknown): `undefined` marks no timer.
  private retry: TimerHandle = undefined;
  private silence: TimerHandle = undefined;
  private stopped = true;
  private isConnected = false;

  constructor(options: PokeSocketOptions) {
    this.connection = options.connection;
    this.timers = options.timers ?? nodeTimers;
    this.backoff = new Backoff({ baseMs: 500, capMs: 60_000, ...options.backoff });
    this.logger = options.logger ?? silentLogger;
    this.silenceMs = options.silenceMs ?? DEFAULT_SILENCE_MS;
  }

  get connected(): boolean {
    return this.isConnected;
  }

  start(onPoke: () => void): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.onPoke = onPoke;
    void this.dial();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.clear();
    const socket = this.socket;
    this.socket = null;
    this.isConnected = false;
    if (!socket || socket.readyState === WebSocket.CLOSED) return;
    await new Promise<void>((resolve) => {
      socket.once('close', () => resolve());
      socket.terminate();
    });
  }

  private async dial(): Promise<void> {
    if (this.stopped) return;
    let target: { serverUrl: string; token: string } | null = null;
    try {
      target = await this.connection();
    } catch (error) {
      this.logger.warn('realtime: no connection settings', error);
    }
    if (this.stopped) return;
    if (!target) {
      this.redial();
      return;
    }
    const socket = new WebSocket(socketUrl(target.serverUrl), {
      headers: { authorization: `Bearer ${target.token}` },
      handshakeTimeout: 15_000,
      maxPayload: 64 * 1024,
    });
    this.socket = socket;
    socket.on('open', () => {
      this.isConnected = true;
      this.backoff.reset();
      this.expectLife();
    });
    socket.on('ping', () => this.expectLife());
    socket.on('message', () => {
      this.expectLife();
      this.onPoke?.();
    });
    socket.on('error', (error: Error) => {
      this.logger.info(`realtime: ${error.message}`);
    });
    socket.on('close', (code: number) => {
      if (this.socket !== socket) return;
      this.socket = null;
      this.isConnected = false;
      // An instance going down for a rolling restart: another one is up, so redial now, not after a backoff.
      if (code === SOCKET_CLOSE_SERVICE_RESTART) {
        this.backoff.reset();
        this.redial(0);
      } else this.redial();
    });
  }

  private redial(delayMs: number = this.backoff.next()): void {
    if (this.stopped) return;
    this.clear();
    this.retry = this.timers.setTimeout(() => {
      this.retry = undefined;
      void this.dial();
    }, delayMs);
  }

  private expectLife(): void {
    if (this.silence !== undefined) this.timers.clearTimeout(this.silence);
    this.silence = this.timers.setTimeout(() => {
      this.silence = undefined;
      // A half-open socket (cable pulled, NAT timeout) never closes by itself.
      this.socket?.terminate();
    }, this.silenceMs);
  }

  private clear(): void {
    if (this.retry !== undefined) this.timers.clearTimeout(this.retry);
    if (this.silence !== undefined) this.timers.clearTimeout(this.silence);
    this.retry = undefined;
    this.silence = undefined;
  }
}
