import { DEFAULT_PUSH_BATCH, type SeriBridge } from '@seri/shared';
import { BridgeError, callMain } from '../bridge/seri-bridge';
import type { OutboxRow, SeriDb } from '../db/seri-db';
import { SingleFlight } from './single-flight';

export interface RelayRun {
  /** Ops main accepted (or already had) in this run. */
  handed: number;
  /** Set when main could not be reached or refused: the rows stay 'new' for the next run. */
  error: string | null;
}

export interface OutboxRelayOptions {
  batchSize?: number;
  intervalMs?: number;
  onError?: (error: unknown) => void;
  /** Ops sent to main and not yet marked: main may already count them, so the UI must not count them twice. */
  onInFlight?: (opIds: readonly string[]) => void;
  /** Some ops were handed over: main's status has changed. */
  onHanded?: (count: number) => void;
}

export const RELAY_INTERVAL_MS = 5_000;

/**
 * Hands the outbox to main's durable queue, oldest first. A row becomes 'handed' only
 * once main answered that it has the op (INSERT OR IGNORE by opId on its side). A crash
 * between main's insert and our update only makes the next run send the op again, which
 * main ignores; an error leaves the rows 'new' and the next run (after the next write, on
 * the interval, or at the next start) retries. The order of `seq` is the order of the ops.
 */
export class OutboxRelay {
  private readonly flight = new SingleFlight(() => this.drain());
  private timer: ReturnType<typeof setInterval> | null = null;
  private readonly batchSize: number;
  private readonly intervalMs: number;

  constructor(
    private readonly db: SeriDb,
    private readonly bridge: SeriBridge,
    private readonly options: OutboxRelayOptions = {},
  ) {
    this.batchSize = Math.min(options.batchSize ?? DEFAULT_PUSH_BATCH, DEFAULT_PUSH_BATCH);
    this.intervalMs = options.intervalMs ?? RELAY_INTERVAL_MS;
  }

  /** Runs now (or right after the run in progress) and resolves with what it handed. */
  run(): Promise<RelayRun> {
    return this.flight.run();
  }

  /** Fire-and-forget for the UI after a write: the cashier never waits for main. */
  nudge(): void {
    this.run().catch((error: unknown) => this.options.onError?.(error));
  }

  start(): void {
    if (this.timer !== null) return;
    this.nudge();
    this.timer = setInterval(() => this.nudge(), this.intervalMs);
  }

  stop(): void {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
  }

  private async drain(): Promise<RelayRun> {
    try {
      const result = await this.drainBatches();
      if (result.handed > 0) this.options.onHanded?.(result.handed);
      return result;
    } finally {
      this.options.onInFlight?.([]);
    }
  }

  private async drainBatches(): Promise<RelayRun> {
    let handed = 0;
    for (;;) {
      const rows = await this.db.outbox
        .where('state')
        .equals('new')
        .filter((row) => row.rejection === undefined)
        .limit(this.batchSize)
        .toArray();
      if (rows.length === 0) return { handed, error: null };
      let accepted: string[];
      this.options.onInFlight?.(rows.map((row) => row.opId));
      try {
        ({ accepted } = await callMain(this.bridge, 'sync:enqueue', { ops: rows.map((row) => row.op) }));
      } catch (error) {
        if (error instanceof BridgeError && error.code === 'VALIDATION') {
          // One malformed op must not hold back the others (I7): find it and set it aside.
          const isolated = await this.handOneByOne(rows);
          handed += isolated.handed;
          if (isolated.error !== null) return { handed, error: isolated.error };
          continue;
        }
        this.options.onError?.(error);
        return { handed, error: errorText(error) };
      }
      const marked = await this.markHanded(rows, accepted);
      handed += marked;
      // Main kept some back: stop rather than spin; the rest wait, so the order of ops is kept.
      if (marked < rows.length) return { handed, error: `main accepted ${marked} of ${rows.length} ops` };
      if (rows.length < this.batchSize) return { handed, error: null };
    }
  }

  private async handOneByOne(rows: OutboxRow[]): Promise<RelayRun> {
    let handed = 0;
    for (const row of rows) {
      try {
        const { accepted } = await callMain(this.bridge, 'sync:enqueue', { ops: [row.op] });
        handed += await this.markHanded([row], accepted);
      } catch (error) {
        if (!(error instanceof BridgeError && error.code === 'VALIDATION')) return { handed, error: errorText(error) };
        // Kept, never discarded, and shown as rejected; a manager decides what to do with it.
        await markRefused(this.db, row, error.message);
      }
    }
    return { handed, error: null };
  }

  private async markHanded(rows: readonly OutboxRow[], accepted: readonly string[]): Promise<number> {
    const acceptedIds = new Set(accepted);
    const seqs = rows.filter((row) => acceptedIds.has(row.opId)).map((row) => row.seq);
    if (seqs.length === 0) return 0;
    await this.db.transaction('rw', this.db.outbox, async () => {
      await this.db.outbox
        .where('seq')
        .anyOf(seqs)
        .and((row) => row.state === 'new')
        .modify({ state: 'handed' });
    });
    return seqs.length;
  }
}

async function markRefused(db: SeriDb, row: OutboxRow, reason: string): Promise<void> {
  const rejection = { code: 'VALIDATION', reason };
  await db.transaction('rw', db.outbox, db.sales, db.refunds, async () => {
    await db.outbox.update(row.seq, { rejection });
    if (row.entity === 'sale' && row.kind === 'create') await db.sales.update(row.entityId, { syncState: 'rejected', rejection });
    if (row.op.entity === 'sale' && row.op.kind === 'refund') await db.refunds.update(row.op.payload.id, { syncState: 'rejected', rejection });
  });
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
