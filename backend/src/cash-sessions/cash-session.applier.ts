import { Injectable } from '@nestjs/common';
import { formatZNumber, type CashMovementPayload, type CashSessionClosePayload, type CashSessionOpenPayload, type Change } from '@seri/shared';
import type { EntityManager } from 'typeorm';
import type { AppliedEffect } from '../common/change.types';
import type { OpContext } from '../common/op-context';
import { OpRejection } from '../common/op-rejection';
import { terminalCode } from '../devices/device.entity';
import { selectRows } from '../common/sql';
import { Shop } from '../shops/shop.entity';
import { UsersService } from '../users/users.service';
import { CashMovement } from './cash-movement.entity';
import { CashSession } from './cash-session.entity';
import { toCashSessionRecord } from './cash-session.mapper';

const APPROVER_ROLES = new Set(['MANAGER', 'ADMIN']);

/**
 * `cash_session/open|movement|close` (I11). A session belongs to the terminal that opened
 * it; only that terminal moves cash in it or closes it, once. After the close nothing
 * changes it: the Z report is stored as printed, and the admin API sets the server's own
 * recomputation beside it.
 */
@Injectable()
export class CashSessionApplier {
  constructor(private readonly users: UsersService) {}

  async open(context: OpContext, payload: CashSessionOpenPayload): Promise<AppliedEffect> {
    const { manager, shopId, deviceId } = context;
    if (await manager.existsBy(CashSession, { id: payload.id })) {
      throw new OpRejection('CONFLICT', `cash session ${payload.id} already exists (opened by another op)`);
    }
    const [opener] = await this.users.findInShop(manager, shopId, [payload.openedBy]);
    if (!opener) throw new OpRejection('NOT_FOUND', `user ${payload.openedBy} not found in this shop`);
    const open = await manager.findOne(CashSession, { where: { deviceId, status: 'OPEN' }, lock: { mode: 'pessimistic_write' } });
    if (open) throw new OpRejection('BUSINESS_RULE', `this terminal's session ${open.id} is still open: close it first`);
    // Sales made before the open already name this session (shop setting): they must be this terminal's.
    const foreign = await selectRows<{ id: string }>(manager, 'SELECT id FROM sales WHERE session_id = $1 AND device_id <> $2 LIMIT 1', [payload.id, deviceId]);
    if (foreign.length > 0) throw new OpRejection('FORBIDDEN', `session ${payload.id} already holds another terminal's sales`);
    await manager.insert(CashSession, {
      id: payload.id,
      shopId,
      deviceId,
      status: 'OPEN',
      openedBy: opener.id,
      openedAt: new Date(payload.openedAt),
      openingFloat: payload.openingFloat,
      openingCount: payload.openingCount,
      closedBy: null,
      closedAt: null,
      counted: null,
      closingCount: null,
      zNumber: null,
      z: null,
    });
    return { changes: [await this.change(manager, payload.id)] };
  }

  async movement(context: OpContext, payload: CashMovementPayload): Promise<AppliedEffect> {
    const { manager, shopId } = context;
    const session = await this.lockOwnOpenSession(context, payload.sessionId);
    if (await manager.existsBy(CashMovement, { id: payload.id })) {
      throw new OpRejection('CONFLICT', `cash movement ${payload.id} already exists (recorded by another op)`);
    }
    const shop = await manager.findOneByOrFail(Shop, { id: shopId });
    if (payload.approvedBy === null && payload.amount > shop.cashMovementApprovalThreshold) {
      throw new OpRejection('FORBIDDEN', `a ${payload.type} of ${payload.amount} is above the shop's threshold (${shop.cashMovementApprovalThreshold}): a manager must approve it`);
    }
    if (payload.approvedBy !== null) {
      const [approver] = await this.users.findInShop(manager, shopId, [payload.approvedBy]);
      if (!approver) throw new OpRejection('NOT_FOUND', `approver ${payload.approvedBy} not found in this shop`);
      if (!APPROVER_ROLES.has(approver.role)) {
        throw new OpRejection('FORBIDDEN', `${approver.name} (${approver.role}) cannot approve a cash movement: a manager must`);
      }
    }
    await manager.insert(CashMovement, {
      id: payload.id,
      shopId,
      sessionId: session.id,
      type: payload.type,
      amount: payload.amount,
      reason: payload.reason,
      userId: context.userId,
      approvedBy: payload.approvedBy,
      createdAt: new Date(payload.createdAt),
    });
    return { changes: [await this.change(manager, session.id)] };
  }

  /**
   * The close keeps the Z report as the terminal printed it, even when the server's own
   * figures differ (a sale of the session rejected, say): the count is a fact of the drawer
   * and the admin API flags the difference for a manager. What the server cannot hold
   * differently (the float, the Z number) must match.
   */
  async close(context: OpContext, payload: CashSessionClosePayload): Promise<AppliedEffect> {
    const { manager, shopId, deviceId } = context;
    const session = await this.lockOwnOpenSession(context, payload.sessionId);
    const [closer] = await this.users.findInShop(manager, shopId, [payload.closedBy]);
    if (!closer) throw new OpRejection('NOT_FOUND', `user ${payload.closedBy} not found in this shop`);
    if (payload.z.openingFloat !== session.openingFloat) {
      throw new OpRejection('BUSINESS_RULE', `z.openingFloat ${payload.z.openingFloat} is not the session's float (${session.openingFloat})`);
    }
    if (Date.parse(payload.z.openedAt) !== session.openedAt.getTime()) {
      throw new OpRejection('BUSINESS_RULE', `z.openedAt is not when the session opened (${session.openedAt.toISOString()})`);
    }
    if (await manager.existsBy(CashSession, { deviceId, zNumber: payload.z.number })) {
      throw new OpRejection('CONFLICT', `Z report ${payload.z.number} already exists on this terminal`);
    }
    const gap = await zSequenceProblem(manager, deviceId, payload.z.number);
    if (gap) throw gap;
    await manager.update(
      CashSession,
      { id: session.id },
      {
        status: 'CLOSED',
        closedBy: closer.id,
        closedAt: new Date(payload.closedAt),
        counted: payload.counted,
        closingCount: payload.closingCount,
        zNumber: payload.z.number,
        z: payload.z,
      },
    );
    return { changes: [await this.change(manager, session.id)] };
  }

  private async lockOwnOpenSession(context: OpContext, sessionId: string): Promise<CashSession> {
    const session = await context.manager.findOne(CashSession, { where: { id: sessionId }, lock: { mode: 'pessimistic_write' } });
    if (!session || session.shopId !== context.shopId) throw new OpRejection('NOT_FOUND', `cash session ${sessionId} not found in this shop`);
    if (session.deviceId !== context.deviceId) throw new OpRejection('FORBIDDEN', `cash session ${sessionId} belongs to another terminal`);
    if (session.status === 'CLOSED') throw new OpRejection('BUSINESS_RULE', `cash session ${sessionId} is closed: its Z report is final`);
    return session;
  }

  private async change(manager: EntityManager, sessionId: string): Promise<Change> {
    const session = await manager.findOneByOrFail(CashSession, { id: sessionId });
    const movements = await manager.find(CashMovement, { where: { sessionId } });
    return { entity: 'cash_session', entityId: sessionId, op: 'upsert', data: toCashSessionRecord(session, movements) };
  }
}

/**
 * Z reports are numbered without gaps per terminal (I11): the next one is the terminal's
 * code and its last Z counter + 1 (the first is 1). The session row lock taken by the close
 * and the unique (device, Z number) index keep two closes from taking the same number.
 */
async function zSequenceProblem(manager: EntityManager, deviceId: string, number: string): Promise<OpRejection | null> {
  const [row] = await selectRows<{ terminal_number: number; last: string | null }>(
    manager,
    `SELECT d.terminal_number, (SELECT max(substring(s.z_number FROM '-Z([0-9]+)$')::bigint) FROM cash_sessions s WHERE s.device_id = d.id)::text AS last
       FROM devices d WHERE d.id = $1`,
    [deviceId],
  );
  if (!row) return null;
  const expected = formatZNumber(terminalCode(row.terminal_number), Number(row.last ?? 0) + 1);
  return number === expected ? null : new OpRejection('BUSINESS_RULE', `Z report ${number} breaks this terminal's sequence: the next Z number is ${expected}`);
}

/**
 * Why a sale or a refund cannot join the session it names, by session id (absent: it may).
 * A session not on the server yet is the terminal's next one (a sale made before the open,
 * when the shop allows it): the sale joins it when it opens. A known session must be this
 * terminal's and still open: a closed session's Z report is final.
 */
export async function sessionAttachmentProblems(manager: EntityManager, shopId: string, deviceId: string, sessionIds: readonly (string | null | undefined)[]): Promise<Map<string, OpRejection>> {
  const ids = [...new Set(sessionIds.filter((id): id is string => typeof id === 'string'))];
  const problems = new Map<string, OpRejection>();
  if (ids.length === 0) return problems;
  const rows = await selectRows<{ id: string; shop_id: string; device_id: string; status: string }>(
    manager,
    'SELECT id, shop_id, device_id, status FROM cash_sessions WHERE id = ANY($1::uuid[])',
    [ids],
  );
  for (const row of rows) {
    if (row.shop_id !== shopId || row.device_id !== deviceId) problems.set(row.id, new OpRejection('FORBIDDEN', `cash session ${row.id} belongs to another terminal`));
    else if (row.status !== 'OPEN') problems.set(row.id, new OpRejection('BUSINESS_RULE', `cash session ${row.id} is closed: its Z report is final`));
  }
  return problems;
}

/** A void takes money out of the sale's session: refused once that session is closed (refund it instead). */
export async function voidSessionProblem(manager: EntityManager, sessionId: string | null | undefined): Promise<OpRejection | null> {
  if (!sessionId) return null;
  const [row] = await selectRows<{ status: string }>(manager, 'SELECT status FROM cash_sessions WHERE id = $1', [sessionId]);
  return row?.status === 'CLOSED' ? new OpRejection('BUSINESS_RULE', `the sale's cash session is closed: refund the sale instead of voiding it`) : null;
}
