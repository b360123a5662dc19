import {
  DEFAULT_ALLOW_SALES_WITHOUT_SESSION,
  DEFAULT_CASH_MOVEMENT_APPROVAL_THRESHOLD,
  buildZReport,
  computeSessionFigures,
  countTotal,
  formatZNumber,
  isMinor,
  type CashMovementRecord,
  type CashMovementType,
  type DenominationCount,
  type Minor,
  type Op,
  type SessionFigures,
  type ShopRecord,
  type ZReport,
} from '@seri/shared';
import type { LocalCashSession, SeriDb } from '../db/seri-db';
import { CommandRefusedError, commandIds, queueOp, type CommandOptions, type OpAuthor } from './local-ops';

/** The counted cash: a plain amount, or a grid of notes and coins (its total is the amount). */
export interface CashCount {
  amount: Minor;
  grid: DenominationCount | null;
}

function checkCount(count: CashCount): void {
  if (!isMinor(count.amount) || count.amount < 0) throw new CommandRefusedError('BAD_AMOUNT', 'the amount must be zero or more');
  if (count.grid !== null && countTotal(count.grid) !== count.amount) {
    throw new CommandRefusedError('BAD_COUNT', 'the amount must be the total of the notes and coins counted');
  }
}

/** This terminal's open session, if any (one at most: the open refuses a second). */
export async function openSessionOf(db: SeriDb, deviceId: string): Promise<LocalCashSession | undefined> {
  return db.cashSessions.where('deviceId').equals(deviceId).filter((session) => session.status === 'OPEN').first();
}

export function shopCashRules(shop: ShopRecord | undefined): { allowSalesWithoutSession: boolean; approvalThreshold: Minor } {
  return {
    allowSalesWithoutSession: shop?.allowSalesWithoutSession ?? DEFAULT_ALLOW_SALES_WITHOUT_SESSION,
    approvalThreshold: shop?.cashMovementApprovalThreshold ?? DEFAULT_CASH_MOVEMENT_APPROVAL_THRESHOLD,
  };
}

/**
 * The session a sale or refund made now belongs to: the open one, or — when none is open
 * and the shop allows selling without one — the id the next session will take (kept in
 * meta, so every such sale joins the same next session, offline too). Refused when the
 * shop requires an open session.
 */
export async function sessionForSale(db: SeriDb, deviceId: string, options: CommandOptions = {}): Promise<string> {
  const { newId } = commandIds(options);
  return db.transaction('rw', [db.cashSessions, db.meta], async () => {
    const open = await openSessionOf(db, deviceId);
    if (open) return open.id;
    if (!shopCashRules(await db.getMeta('shop')).allowSalesWithoutSession) {
      throw new CommandRefusedError('NO_SESSION', 'open the till (cash session) before selling');
    }
    const next = await db.getMeta('nextSessionId');
    if (next) return next;
    const id = newId();
    await db.meta.put({ key: 'nextSessionId', value: id });
    return id;
  });
}

export interface OpenSessionInput {
  author: OpAuthor;
  float: CashCount;
}

/**
 * Opens the till with a counted float, in one strict transaction with its
 * `cash_session/open` op (I2: the op id makes it count once). Offline it is open here at
 * once; the server opens it when the op arrives. It takes the id sales made before it
 * already carry, so they are in its figures.
 */
export async function openSession(db: SeriDb, input: OpenSessionInput, options: CommandOptions = {}): Promise<LocalCashSession> {
  const { newId, now } = commandIds(options);
  checkCount(input.float);
  return db.transaction('rw', [db.cashSessions, db.meta, db.outbox], async () => {
    const open = await openSessionOf(db, input.author.deviceId);
    if (open) throw new CommandRefusedError('SESSION_OPEN', 'a cash session is already open on this terminal');
    const id = (await db.getMeta('nextSessionId')) ?? newId();
    await db.meta.delete('nextSessionId');
    const openedAt = new Date(now()).toISOString();
    const session: LocalCashSession = {
      id,
      shopId: input.author.shopId,
      deviceId: input.author.deviceId,
      status: 'OPEN',
      openedBy: input.author.userId,
      openedAt,
      openingFloat: input.float.amount,
      openingCount: input.float.grid,
      movements: [],
      closedBy: null,
      closedAt: null,
      counted: null,
      closingCount: null,
      z: null,
      syncState: 'pending',
    };
    await db.cashSessions.add(session);
    await queueOp<Op<'cash_session', 'open'>>(
      db,
      input.author,
      () => ({
        opId: newId(),
        ...input.author,
        entity: 'cash_session',
        kind: 'open',
        entityId: id,
        payload: { id, openedBy: input.author.userId, openingFloat: input.float.amount, openingCount: input.float.grid, openedAt },
      }),
      now,
    );
    return session;
  });
}

export interface CashMovementInput {
  author: OpAuthor;
  type: CashMovementType;
  amount: Minor;
  reason: string;
  /** The manager whose PIN approved it; required above the shop's threshold. */
  approvedBy: string | null;
}

/** Does this amount need a manager's PIN in this shop? */
export async function movementNeedsApproval(db: SeriDb, amount: Minor): Promise<boolean> {
  return amount > shopCashRules(await db.getMeta('shop')).approvalThreshold;
}

/** Records a paid-in or paid-out in the open session, with its op, in one transaction. */
export async function recordCashMovement(db: SeriDb, input: CashMovementInput, options: CommandOptions = {}): Promise<CashMovementRecord> {
  const { newId, now } = commandIds(options);
  const reason = input.reason.trim();
  if (reason === '') throw new CommandRefusedError('REASON_REQUIRED', 'a cash movement needs a reason');
  if (!isMinor(input.amount) || input.amount <= 0) throw new CommandRefusedError('BAD_AMOUNT', 'the amount must be more than zero');
  return db.transaction('rw', [db.cashSessions, db.meta, db.outbox], async () => {
    const session = await openSessionOf(db, input.author.deviceId);
    if (!session) throw new CommandRefusedError('NO_SESSION', 'no cash session is open on this terminal');
    if (input.approvedBy === null && (await movementNeedsApproval(db, input.amount))) {
      throw new CommandRefusedError('APPROVAL_REQUIRED', 'a manager must approve this amount');
    }
    const movement: CashMovementRecord = {
      id: newId(),
      sessionId: session.id,
      type: input.type,
      amount: input.amount,
      reason,
      userId: input.author.userId,
      approvedBy: input.approvedBy,
      createdAt: new Date(now()).toISOString(),
    };
    await db.cashSessions.update(session.id, { movements: [...session.movements, movement], syncState: 'pending' });
    const { userId: _userId, ...payload } = movement;
    await queueOp<Op<'cash_session', 'movement'>>(
      db,
      input.author,
      () => ({ opId: newId(), ...input.author, entity: 'cash_session', kind: 'movement', entityId: session.id, payload }),
      now,
    );
    return movement;
  });
}

/**
 * A session's figures from what this terminal holds (the X report while open): its sales
 * and refunds by session id, and its movements. The server runs the same computation on
 * its rows (I11).
 */
export async function localSessionFigures(db: SeriDb, session: Pick<LocalCashSession, 'id' | 'openingFloat' | 'movements'>): Promise<SessionFigures> {
  const [sales, refunds] = await Promise.all([
    db.sales.where('sessionId').equals(session.id).toArray(),
    db.refunds.where('sessionId').equals(session.id).toArray(),
  ]);
  const lines = await db.saleLines.where('saleId').anyOf(sales.map((sale) => sale.id)).toArray();
  const bySale = new Map<string, typeof lines>();
  for (const line of lines) bySale.set(line.saleId, [...(bySale.get(line.saleId) ?? []), line]);
  return computeSessionFigures({
    openingFloat: session.openingFloat,
    // A sale or refund the server rejected never took effect there: it is left out here too.
    sales: sales.filter((sale) => sale.syncState !== 'rejected').map((sale) => ({ ...sale, lines: bySale.get(sale.id) ?? [] })),
    refunds: refunds.filter((refund) => refund.syncState !== 'rejected'),
    movements: session.movements,
  });
}

export interface CloseSessionInput {
  author: OpAuthor;
  counted: CashCount;
  terminalCode: string;
}

/**
 * Closes the till: computes the Z report from this terminal's rows, numbers it (the Z
 * counter moves only if everything commits: no gaps), and writes the closed session with
 * its `cash_session/close` op in one strict transaction. The session is final here at
 * once, offline too; the server stores the same Z and sets its own figures beside it.
 */
export async function closeSession(db: SeriDb, input: CloseSessionInput, options: CommandOptions = {}): Promise<ZReport> {
  const { newId, now } = commandIds(options);
  checkCount(input.counted);
  const tables = [db.cashSessions, db.sales, db.saleLines, db.refunds, db.meta, db.outbox];
  return db.transaction('rw', tables, async () => {
    const session = await openSessionOf(db, input.author.deviceId);
    if (!session) throw new CommandRefusedError('NO_SESSION', 'no cash session is open on this terminal');
    const figures = await localSessionFigures(db, session);
    const counter = ((await db.getMeta('zCounter')) ?? 0) + 1;
    const closedAt = new Date(Math.max(now(), Date.parse(session.openedAt))).toISOString();
    const z = buildZReport(figures, { number: formatZNumber(input.terminalCode, counter), counted: input.counted.amount, openedAt: session.openedAt, closedAt });
    await db.cashSessions.update(session.id, {
      status: 'CLOSED',
      closedBy: input.author.userId,
      closedAt,
      counted: input.counted.amount,
      closingCount: input.counted.grid,
      z,
      syncState: 'pending',
    });
    await db.meta.put({ key: 'zCounter', value: counter });
    await queueOp<Op<'cash_session', 'close'>>(
      db,
      input.author,
      () => ({
        opId: newId(),
        ...input.author,
        entity: 'cash_session',
        kind: 'close',
        entityId: session.id,
        payload: { sessionId: session.id, closedBy: input.author.userId, counted: input.counted.amount, closingCount: input.counted.grid, closedAt, z },
      }),
      now,
    );
    return z;
  });
}
