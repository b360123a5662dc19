import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { CHANGES_CHANNEL } from '../sync/change-feed.service';
import { PokeGateway } from './poke-gateway';

const RECONNECT_MIN_MS = 500;
const RECONNECT_MAX_MS = 30_000;

/**
 * LISTENs on the change channel with a dedicated connection (a pooled one would lose the
 * LISTEN when returned), so a change committed through any backend instance pokes the
 * terminals attached to every instance. The NOTIFY is sent in the writing transaction, so
 * it arrives only after the commit: a poked terminal always finds the change to pull.
 * On a lost connection it reconnects with backoff and pokes every shop it serves, since
 * notifications sent meanwhile are gone.
 */
@Injectable()
export class ChangeListener implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('ChangeListener');
  private client: Client | null = null;
  private closing = false;
  private retryMs = RECONNECT_MIN_MS;
  private retryTimer: NodeJS.Timeout | null = null;
  private connected: Promise<void> | null = null;

  constructor(
    private readonly dataSource: DataSource,
    private readonly gateway: PokeGateway,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.connect();
  }

  async onModuleDestroy(): Promise<void> {
    this.closing = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => undefined);
  }

  /** Whether LISTEN is in place now (readiness: without it, this instance's terminals miss other instances' pokes). */
  get listening(): boolean {
    return this.client !== null;
  }

  /** Resolves once LISTEN is in place (for tests that need to know). */
  ready(): Promise<void> {
    return this.connected ?? Promise.resolve();
  }

  private connect(): Promise<void> {
    this.connected = this.tryConnect();
    return this.connected;
  }

  private async tryConnect(): Promise<void> {
    if (this.closing) return;
    const { url } = this.dataSource.options as { url?: string };
    const client = new Client({ connectionString: url, application_name: 'seri-listener' });
    client.on('error', (error) => this.lost(client, error));
    client.on('end', () => this.lost(client, null));
    client.on('notification', (message) => {
      if (message.channel !== CHANGES_CHANNEL || !message.payload) return;
      const [shopId, originDeviceId] = message.payload.split(':');
      if (shopId) this.gateway.pokeShop(shopId, originDeviceId ?? null);
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${CHANGES_CHANNEL}`);
    } catch (error) {
      await client.end().catch(() => undefined);
      this.lost(client, error);
      return;
    }
    if (this.closing) {
      await client.end().catch(() => undefined);
      return;
    }
    this.client = client;
    this.retryMs = RECONNECT_MIN_MS;
    this.gateway.pokeAll();
  }

  private lost(client: Client, error: unknown): void {
    if (this.closing || (this.client !== null && this.client !== client)) return;
    if (this.retryTimer) return;
    this.client = null;
    if (error) this.logger.warn(`listener connection lost (${error instanceof Error ? error.message : 'unknown error'}); reconnecting in ${this.retryMs} ms`);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      void this.connect();
    }, this.retryMs);
    this.retryTimer.unref();
    this.retryMs = Math.min(this.retryMs * 2, RECONNECT_MAX_MS);
  }
}
