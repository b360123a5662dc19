import type { ExpenseCreatePayload, ExpenseRecord, ExpenseUpdatePayload, Minor, Op } from '@seri/shared';
import type { SeriDb } from '../db/seri-db';
import { CommandRefusedError, commandIds, queueOp, type CommandOptions, type OpAuthor } from './local-ops';

export interface ExpenseFields {
  category: string;
  amount: Minor;
  note: string | null;
  /** The day it was spent, YYYY-MM-DD. */
  date: string;
}

function normalize(fields: Partial<ExpenseFields>): Partial<ExpenseFields> {
  const out = { ...fields };
  if (out.category !== undefined) out.category = out.category.trim();
  if (out.note !== undefined) out.note = out.note?.trim() ? out.note.trim() : null;
  return out;
}

function check(fields: Partial<ExpenseFields>): void {
  if (fields.category !== undefined && (fields.category === '' || fields.category.length > 100)) {
    throw new CommandRefusedError('BAD_CATEGORY', 'the category must be 1 to 100 characters');
  }
  if (fields.amount !== undefined && (!Number.isSafeInteger(fields.amount) || fields.amount <= 0)) throw new CommandRefusedError('BAD_AMOUNT', 'the amount must be positive');
  if (fields.date !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(fields.date)) throw new CommandRefusedError('BAD_DATE', 'the date must be a day (YYYY-MM-DD)');
  if (fields.note && fields.note.length > 500) throw new CommandRefusedError('BAD_NOTE', 'the note is at most 500 characters');
}

/** Records an expense here (HLC-stamped, I6) and queues `expense/create`, in one strict transaction. */
export async function createExpense(db: SeriDb, input: { fields: ExpenseFields; author: OpAuthor }, options: CommandOptions = {}): Promise<ExpenseRecord> {
  const { newId, now } = commandIds(options);
  const fields = normalize(input.fields) as ExpenseFields;
  check(fields);
  return db.transaction('rw', [db.expenses, db.meta, db.outbox], async () => {
    const id = newId();
    const payload: ExpenseCreatePayload = { id, ...fields };
    const op = await queueOp<Op<'expense', 'create'>>(
      db,
      input.author,
      () => ({ opId: newId(), ...input.author, entity: 'expense', kind: 'create', entityId: id, payload }),
      now,
    );
    const expense: ExpenseRecord = { ...payload, shopId: input.author.shopId, deleted: false, hlc: op.hlc, updatedAt: new Date(now()).toISOString() };
    await db.expenses.add(expense);
    return expense;
  });
}

/** Only the fields that changed travel (`expense/update`); the server merges per field by HLC (I6). Null when nothing changed. */
export async function updateExpense(
  db: SeriDb,
  input: { expenseId: string; changes: Partial<ExpenseFields>; author: OpAuthor },
  options: CommandOptions = {},
): Promise<ExpenseRecord | null> {
  const { newId, now } = commandIds(options);
  const wanted = normalize(input.changes);
  check(wanted);
  return db.transaction('rw', [db.expenses, db.meta, db.outbox], async () => {
    const current = await db.expenses.get(input.expenseId);
    if (!current || current.deleted) throw new CommandRefusedError('NOT_FOUND', `expense ${input.expenseId} is not on this terminal`);
    const changed: Partial<ExpenseFields> = {};
    for (const key of ['category', 'amount', 'note', 'date'] as const) {
      const value = wanted[key];
      if (value !== undefined && value !== current[key]) (changed as Record<string, unknown>)[key] = value;
    }
    if (Object.keys(changed).length === 0) return null;
    const payload: ExpenseUpdatePayload = { id: current.id, ...changed };
    const op = await queueOp<Op<'expense', 'update'>>(
      db,
      input.author,
      () => ({ opId: newId(), ...input.author, entity: 'expense', kind: 'update', entityId: current.id, payload }),
      now,
    );
    const updated: ExpenseRecord = { ...current, ...changed, hlc: op.hlc, updatedAt: new Date(now()).toISOString() };
    await db.expenses.put(updated);
    return updated;
  });
}

/** Deletes with a tombstone here and an `expense/delete` op; the server keeps its own tombstone (I3). */
export async function deleteExpense(db: SeriDb, input: { expenseId: string; author: OpAuthor }, options: CommandOptions = {}): Promise<void> {
  const { newId, now } = commandIds(options);
  await db.transaction('rw', [db.expenses, db.meta, db.outbox], async () => {
    const current = await db.expenses.get(input.expenseId);
    if (!current || current.deleted) throw new CommandRefusedError('NOT_FOUND', `expense ${input.expenseId} is not on this terminal`);
    const op = await queueOp<Op<'expense', 'delete'>>(
      db,
      input.author,
      () => ({ opId: newId(), ...input.author, entity: 'expense', kind: 'delete', entityId: current.id, payload: { id: current.id } }),
      now,
    );
    await db.expenses.put({ ...current, deleted: true, hlc: op.hlc, updatedAt: new Date(now()).toISOString() });
  });
}
