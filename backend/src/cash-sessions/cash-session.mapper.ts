import type { CashMovementRecord, CashSessionRecord } from '@seri/shared';
import type { CashMovement } from './cash-movement.entity';
import type { CashSession } from './cash-session.entity';

export function toCashMovementRecord(movement: CashMovement): CashMovementRecord {
  return {
    id: movement.id,
    sessionId: movement.sessionId,
    type: movement.type,
    amount: movement.amount,
    reason: movement.reason,
    userId: movement.userId,
    approvedBy: movement.approvedBy,
    createdAt: movement.createdAt.toISOString(),
  };
}

/** The session as the feed and the admin API carry it, its movements inside (like a sale's refunds). */
export function toCashSessionRecord(session: CashSession, movements: readonly CashMovement[]): CashSessionRecord {
  return {
    id: session.id,
    shopId: session.shopId,
    deviceId: session.deviceId,
    status: session.status,
    openedBy: session.openedBy,
    openedAt: session.openedAt.toISOString(),
    openingFloat: session.openingFloat,
    openingCount: session.openingCount,
    movements: [...movements].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.id.localeCompare(b.id)).map(toCashMovementRecord),
    closedBy: session.closedBy,
    closedAt: session.closedAt?.toISOString() ?? null,
    counted: session.counted,
    closingCount: session.closingCount,
    z: session.z,
  };
}
