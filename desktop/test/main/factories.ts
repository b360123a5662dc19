import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeHlc, uuidv7, type AnyOp, type Change, type ExpenseCreatePayload, type Op, type UserRecord } from '@seri/shared';

/** Test data for main's specs: valid ops (they pass IPC_VALIDATORS), users, pulled changes. */
export interface TerminalIds {
  deviceId: string;
  userId: string;
  shopId: string;
}

export function makeTerminalIds(): TerminalIds {
  return { deviceId: uuidv7(), userId: uuidv7(), shopId: uuidv7() };
}

let counter = 0;

export function makeExpenseOp(ids: TerminalIds = makeTerminalIds(), overrides: Partial<ExpenseCreatePayload> = {}): AnyOp {
  counter += 1;
  const id = uuidv7();
  const op: Op<'expense', 'create'> = {
    opId: uuidv7(),
    deviceId: ids.deviceId,
    userId: ids.userId,
    shopId: ids.shopId,
    entity: 'expense',
    kind: 'create',
    entityId: id,
    hlc: encodeHlc({ ms: Date.now(), counter: counter % 0xffff, node: ids.deviceId }),
    payload: {
      id,
      category: 'Transport',
      amount: 1500 + counter,
      note: null,
      date: new Date().toISOString().slice(0, 10),
      ...overrides,
    },
  };
  return op;
}

export function makeExpenseOps(count: number, ids: TerminalIds = makeTerminalIds()): AnyOp[] {
  return Array.from({ length: count }, () => makeExpenseOp(ids));
}

export function makeUser(overrides: Partial<UserRecord> = {}): UserRecord {
  return { id: uuidv7(), shopId: uuidv7(), name: 'Awa Diop', role: 'CASHIER', active: true, ...overrides };
}

export function userChange(user: UserRecord): Change {
  return { entity: 'user', entityId: user.id, op: 'upsert', data: user };
}

export function productChange(shopId: string, name = 'Riz parfumé 5 kg'): Extract<Change, { entity: 'product'; op: 'upsert' }> {
  const id = uuidv7();
  return {
    entity: 'product',
    entityId: id,
    op: 'upsert',
    data: {
      id,
      shopId,
      sku: `SKU-${id.slice(-6)}`,
      barcode: null,
      name,
      price: 4500,
      cost: null,
      category: null,
      lowStockThreshold: 0,
      archived: false,
      hlc: encodeHlc({ ms: Date.now(), counter: 0, node: 'server' }),
      updatedAt: new Date().toISOString(),
    },
  };
}

/** A fresh temp folder per test; `cleanup` removes it. */
export function makeTempDir(prefix = 'seri-main-'): { dir: string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A clock the test moves by hand. */
export function manualClock(start = Date.UTC(2026, 0, 15, 9, 0, 0)): { now: () => number; advance(ms: number): void } {
  let current = start;
  return {
    now: () => current,
    advance: (ms) => {
      current += ms;
    },
  };
}

/** The code a synchronous refusal carries (a ResultErrorException's), or null when nothing was thrown. */
export function thrownCode(run: () => unknown): string | null {
  try {
    run();
    return null;
  } catch (error) {
    return (error as { code?: string }).code ?? 'no code';
  }
}
