import type { AnyOp, ChangeEntity } from '@seri/shared';
import { join } from 'node:path';
import type { TestBackend } from '../../../../backend/test/support/test-backend';
import { silentLogger } from '../../../src/main/logger';
import { createTerminalCore, type TerminalCore, type TerminalCoreOptions } from '../../../src/main/terminal-core';
import { startFaultProxy, type FaultProxy } from '../../../src/shell/fault-proxy';
import { OpFactory } from './op-factory';

const ORIGIN = 'http://127.0.0.1:1';

export interface MainTerminalOptions {
  /** Seeded randomness for the link's faults. */
  random?: () => number;
  realtime?: boolean;
  periodicSyncMs?: number;
  requestTimeoutMs?: number;
  /**
   * Talk to the backend straight, not through the fault proxy (benchmarks: the proxy's
   * copying would be counted as the terminal's work). The link then has no effect.
   */
  direct?: boolean;
  /** Main's events to the renderer (status, pages, progress), as the window would get them. */
  emit?: TerminalCoreOptions['emit'];
}

/**
 * A counter terminal's main process without its window: the real terminal core (SQLite
 * queue, sync worker, device identity, WebSocket pokes) behind its own fault proxy to the
 * backend. The renderer's part is played by the test: it enqueues ops as the outbox relay
 * would, and reads the pulled pages main keeps for the renderer as this terminal's replica.
 */
export class MainTerminal {
  private factory: OpFactory | null = null;

  private constructor(
    readonly name: string,
    readonly core: TerminalCore,
    readonly link: FaultProxy,
    private readonly serverUrl: string,
  ) {}

  static async start(backend: Pick<TestBackend, 'port'>, root: string, name: string, options: MainTerminalOptions = {}): Promise<MainTerminal> {
    const link = await startFaultProxy({ host: '127.0.0.1', port: backend.port }, options.random ? { random: options.random } : {});
    const core = createTerminalCore({
      dataDir: join(root, name),
      emit: options.emit ?? (() => undefined),
      allowedOrigins: [ORIGIN],
      logger: silentLogger,
      periodicSyncMs: options.periodicSyncMs ?? 60 * 60 * 1000,
      realtime: options.realtime ?? false,
      requestTimeoutMs: options.requestTimeoutMs ?? 5_000,
      fetch: (input, init) => fetch(input, { ...init, keepalive: false }),
    });
    return new MainTerminal(name, core, link, options.direct ? `http://127.0.0.1:${backend.port}` : link.url);
  }

  async enroll(code: string, cashierId: string): Promise<void> {
    const info = await this.core.device.enroll({ serverUrl: this.serverUrl, code, name: this.name });
    this.factory = new OpFactory({ deviceId: info.deviceId!, shopId: info.shop!.id, terminalCode: info.terminalCode!, userId: cashierId });
    this.core.worker.start();
  }

  get ops(): OpFactory {
    if (!this.factory) throw new Error(`${this.name} is not enrolled`);
    return this.factory;
  }

  get deviceId(): string {
    return this.ops.identity.deviceId;
  }

  /** What the outbox relay does with a confirmed sale: hand it to main's durable queue. */
  enqueue(ops: readonly AnyOp[]): void {
    this.core.queue.enqueue(ops);
    this.core.worker.notifyEnqueued();
  }

  /** "Sync now" until the queue holds nothing but SYNCED and REJECTED ops. */
  async drain(maxPasses = 200): Promise<void> {
    for (let pass = 0; pass < maxPasses; pass += 1) {
      const status = await this.core.worker.syncNow();
      if (status.pending + status.syncing + status.failed === 0 && status.online) return;
    }
    throw new Error(`${this.name} never drained: ${JSON.stringify(this.core.worker.status())}`);
  }

  /**
   * This terminal's copy of the shop: every pulled change main stored, folded in order
   * (later changes to a record win, deletes remove it). Pages are not acked, so all stay.
   */
  replica(): Map<ChangeEntity, Map<string, unknown>> {
    const replica = new Map<ChangeEntity, Map<string, unknown>>();
    for (const page of this.core.queue.pages(1_000_000)) {
      for (const change of page.changes) {
        const table = replica.get(change.entity) ?? new Map<string, unknown>();
        replica.set(change.entity, table);
        if (change.op === 'delete') table.delete(change.entityId);
        else table.set(change.entityId, change.data);
      }
    }
    return replica;
  }

  async close(): Promise<void> {
    await this.core.close();
    await this.link.close();
  }
}
