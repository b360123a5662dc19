import { Injectable } from '@nestjs/common';
import { uuidv7 } from '@seri/shared';
import { createHash, randomBytes } from 'node:crypto';
import { IsNull, type EntityManager } from 'typeorm';
import { RefreshToken } from './refresh-token.entity';

/** A login stays usable for 30 days of inactivity; each refresh starts the 30 days again. */
export const REFRESH_TOKEN_TTL_MS = 30 * 24 * 60 * 60 * 1000;

export interface IssuedRefreshToken {
  token: string;
  familyId: string;
  expiresAt: Date;
}

export type RotationOutcome =
  | { status: 'rotated'; userId: string; next: IssuedRefreshToken }
  | { status: 'unknown' | 'expired' | 'revoked' }
  /** The token was already used: someone else holds the family. */
  | { status: 'reused'; userId: string; familyId: string };

export function hashRefreshToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

@Injectable()
export class RefreshTokensService {
  async issue(manager: EntityManager, userId: string, familyId: string = uuidv7()): Promise<IssuedRefreshToken> {
    const token = randomBytes(32).toString('base64url');
    const expiresAt = new Date(Date.now() + REFRESH_TOKEN_TTL_MS);
    await manager.insert(RefreshToken, {
      id: uuidv7(),
      familyId,
      userId,
      tokenHash: hashRefreshToken(token),
      expiresAt,
      usedAt: null,
      revokedAt: null,
      revokedReason: null,
    });
    return { token, familyId, expiresAt };
  }

  /**
   * Uses a refresh token up and issues its successor in the same family. Call inside a
   * transaction: the row lock makes two concurrent uses of one token a reuse, not two logins.
   */
  async rotate(manager: EntityManager, token: string): Promise<RotationOutcome> {
    const row = await manager.findOne(RefreshToken, { where: { tokenHash: hashRefreshToken(token) }, lock: { mode: 'pessimistic_write' } });
    if (!row) return { status: 'unknown' };
    if (row.revokedAt !== null) return { status: 'revoked' };
    if (row.usedAt !== null) {
      await this.revokeFamily(manager, row.familyId, 'reuse detected');
      return { status: 'reused', userId: row.userId, familyId: row.familyId };
    }
    if (row.expiresAt.getTime() <= Date.now()) return { status: 'expired' };
    await manager.update(RefreshToken, { id: row.id }, { usedAt: new Date() });
    return { status: 'rotated', userId: row.userId, next: await this.issue(manager, row.userId, row.familyId) };
  }

  async familyOf(manager: EntityManager, token: string): Promise<RefreshToken | null> {
    return manager.findOneBy(RefreshToken, { tokenHash: hashRefreshToken(token) });
  }

  async isFamilyLive(manager: EntityManager, familyId: string): Promise<boolean> {
    return manager.existsBy(RefreshToken, { familyId, revokedAt: IsNull() });
  }

  async revokeFamily(manager: EntityManager, familyId: string, reason: string): Promise<void> {
    await manager.update(RefreshToken, { familyId, revokedAt: IsNull() }, { revokedAt: new Date(), revokedReason: reason });
  }

  /** Ends every login of a user (disabled, password changed). */
  async revokeAllOf(manager: EntityManager, userId: string, reason: string): Promise<void> {
    await manager.update(RefreshToken, { userId, revokedAt: IsNull() }, { revokedAt: new Date(), revokedReason: reason });
  }
}
