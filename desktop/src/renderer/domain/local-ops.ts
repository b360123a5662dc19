import { uuidv7, type AnyOp } from '@seri/shared';
import type { OutboxRow, SeriDb } from '../db/seri-db';
import { tickTerminalClock } from './terminal-clock';

/** Who makes an op on this terminal: the device, its shop, and the person at the till. */
export interface OpAuthor {
  deviceId: string;
  shopId: string;
  userId: string;
}

export interface CommandOptions {
  /** Id maker (UUIDv7 by default). */
  newId?: () => string;
  now?: () => number;
}

export function commandIds(options: CommandOptions): { newId: () => string; now: () => number } {
  return { newId: options.newId ?? (() => uuidv7()), now: options.now ?? Date.now };
}

/**
 * Stamps an op with the terminal's next HLC and adds it to the outbox. Call it inside the
 * rw transaction that writes the op's local effect (tables `meta` and `outbox` included), so
 * the record and the op that carries it to the server commit together or not at all (I1).
 */
export async function queueOp<O extends AnyOp>(
  db: SeriDb,
  author: OpAuthor,
  build: (hlc: string) => Omit<O, 'hlc'> & { hlc?: string },
  now: () => number,
): Promise<O> {
  const hlc = await tickTerminalClock(db, author.deviceId, now);
  const op = { ...build(hlc), hlc } as O;
  const row: Omit<OutboxRow, 'seq'> = {
    opId: op.opId,
    state: 'new',
    entity: op.entity,
    kind: op.kind,
    entityId: op.entityId,
    op,
    createdAt: new Date(now()).toISOString(),
  };
  await db.outbox.add(row);
  return op;
}

/** A command refused before anything was written (the screen shows the reason). */
export class CommandRefusedError extends Error {
  constructor(
    readonly code: string,
    message: string,
    /** Values for the translated sentence (errors.<code>). */
    readonly params: Record<string, string | number> = {},
  ) {
    super(message);
    this.name = 'CommandRefusedError';
  }
}
