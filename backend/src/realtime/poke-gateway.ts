import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { SOCKET_CLOSE_SERVICE_RESTART, SYNC_SOCKET_PATH, type PokeMessage } from '@seri/shared';
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer } from 'ws';
import { DevicesService } from '../devices/devices.service';
import { Metrics } from '../telemetry/metrics';

const HEARTBEAT_MS = 30_000;
/** Pokes for one shop within this window go out as one. */
const COALESCE_MS = 20;
const POKE: string = JSON.stringify({ type: 'poke' } satisfies PokeMessage);

interface Terminal {
  socket: WebSocket;
  shopId: string;
  deviceId: string;
  alive: boolean;
}

/**
 * The terminals' WebSocket (`/api/sync/ws`): authenticated by the device token on the
 * upgrade request, it only ever says "pull now". Attached to Nest's HTTP server directly
 * (the `ws` package, no gateway adapter), so it shares the port and the process with the API.
 */
@Injectable()
export class PokeGateway implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Realtime');
  private readonly wss = new WebSocketServer({ noServer: true, maxPayload: 1024 });
  private readonly byShop = new Map<string, Set<Terminal>>();
  /** Pokes waiting out the coalescing window, with the devices whose pushes asked for them (null: not a push). */
  private readonly scheduled = new Map<string, { timer: NodeJS.Timeout; origins: Set<string | null> }>();
  private heartbeat: NodeJS.Timeout | null = null;
  private draining = false;
  private server: Server | null = null;
  private readonly onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer): void => {
    void this.upgrade(request, socket, head);
  };

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly devices: DevicesService,
    private readonly metrics: Metrics,
  ) {}

  onApplicationBootstrap(): void {
    this.server = this.adapterHost.httpAdapter.getHttpServer() as Server;
    this.server.on('upgrade', this.onUpgrade);
    this.heartbeat = setInterval(() => this.beat(), HEARTBEAT_MS);
    this.heartbeat.unref();
  }

  onModuleDestroy(): void {
    this.server?.off('upgrade', this.onUpgrade);
    if (this.heartbeat) clearInterval(this.heartbeat);
    for (const { timer } of this.scheduled.values()) clearTimeout(timer);
    this.scheduled.clear();
    for (const client of this.wss.clients) client.terminate();
    this.byShop.clear();
    this.wss.close();
  }

  /**
   * SIGTERM: refuses new sockets and closes every open one with the restart code, so each
   * terminal redials at once and lands on another instance. Resolves when they are closed
   * (or after `graceMs`, when the stragglers are cut).
   */
  async closeForRestart(graceMs = 2_000): Promise<void> {
    this.draining = true;
    const sockets = [...this.wss.clients];
    const closed = Promise.all(sockets.map((socket) => (socket.readyState === WebSocket.CLOSED ? Promise.resolve() : new Promise<void>((resolve) => socket.once('close', () => resolve())))));
    for (const socket of sockets) socket.close(SOCKET_CLOSE_SERVICE_RESTART, 'server restarting');
    let timer: NodeJS.Timeout | undefined;
    const cut = new Promise<void>((resolve) => {
      timer = setTimeout(() => {
        for (const socket of sockets) socket.terminate();
        resolve();
      }, graceMs);
      timer.unref();
    });
    await Promise.race([closed, cut]);
    clearTimeout(timer);
  }

  /** How many terminals of the shop are connected to this instance. */
  connectedCount(shopId: string): number {
    return this.byShop.get(shopId)?.size ?? 0;
  }

  shops(): string[] {
    return [...this.byShop.keys()];
  }

  /**
   * Tells the shop's terminals on this instance to pull; bursts are folded into one poke.
   * When every change of the burst came from one device's push, that device is not poked:
   * its worker pulls right after pushing.
   */
  pokeShop(shopId: string, originDeviceId: string | null = null): void {
    if (!this.byShop.has(shopId)) return;
    const pending = this.scheduled.get(shopId);
    if (pending) {
      pending.origins.add(originDeviceId);
      return;
    }
    const origins = new Set<string | null>([originDeviceId]);
    const timer = setTimeout(() => {
      this.scheduled.delete(shopId);
      const [only] = origins;
      const skip = origins.size === 1 && only ? only : null;
      for (const terminal of this.byShop.get(shopId) ?? []) {
        if (terminal.deviceId !== skip && terminal.socket.readyState === WebSocket.OPEN) this.send(terminal.socket);
      }
    }, COALESCE_MS);
    timer.unref();
    this.scheduled.set(shopId, { timer, origins });
  }

  pokeAll(): void {
    for (const shopId of this.byShop.keys()) this.pokeShop(shopId);
  }

  private async upgrade(request: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    // Node's HTTP server drops its own error listener from an upgraded socket: without this,
    // a terminal whose connection resets while its token is being checked would crash the process.
    socket.on('error', () => socket.destroy());
    const path = (request.url ?? '').split('?')[0];
    if (path !== SYNC_SOCKET_PATH) {
      // Another handler may own this path; with none, the request would hang.
      if (this.server && this.server.listeners('upgrade').length <= 1) socket.destroy();
      return;
    }
    if (this.draining) {
      socket.end('HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\nRetry-After: 1\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    const header = request.headers['authorization'];
    const match = typeof header === 'string' ? /^Bearer\s+([A-Za-z0-9_\-.~+/=]{16,512})$/i.exec(header.trim()) : null;
    const device = match?.[1] ? await this.devices.authenticate(match[1]).catch(() => null) : null;
    if (!device) {
      socket.end('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    this.wss.handleUpgrade(request, socket, head, (ws) => {
      const terminal: Terminal = { socket: ws, shopId: device.shopId, deviceId: device.deviceId, alive: true };
      const set = this.byShop.get(device.shopId) ?? new Set<Terminal>();
      this.byShop.set(device.shopId, set);
      set.add(terminal);
      this.metrics.socketConnections.inc();
      ws.on('pong', () => {
        terminal.alive = true;
      });
      ws.on('message', () => undefined);
      ws.on('error', () => ws.terminate());
      ws.on('close', () => {
        this.metrics.socketConnections.dec();
        set.delete(terminal);
        if (set.size === 0 && this.byShop.get(device.shopId) === set) this.byShop.delete(device.shopId);
      });
      // Whatever changed while it was disconnected: pull once now.
      this.send(ws);
    });
  }

  private send(socket: WebSocket): void {
    socket.send(POKE);
    this.metrics.pokes.inc();
  }

  /** Drops terminals that stopped answering pings (a cable pulled leaves no close frame). */
  private beat(): void {
    for (const set of this.byShop.values()) {
      for (const terminal of set) {
        if (!terminal.alive) {
          terminal.socket.terminate();
          continue;
        }
        terminal.alive = false;
        try {
          terminal.socket.ping();
        } catch (error) {
          this.logger.warn(`ping to device ${terminal.deviceId} failed: ${String(error)}`);
        }
      }
    }
  }
}
