import bcrypt from 'bcryptjs';
import { ROLES, ResultErrorException, type Role, type SessionUser } from '@seri/shared';
import type { OpQueue } from '../queue/op-queue';

export interface SessionServiceOptions {
  queue: OpQueue;
  now?: () => number;
  /** Wrong PINs in a row before the user is locked out for a while. */
  maxFailures?: number;
  lockoutMs?: number;
}

export const DEFAULT_MAX_PIN_FAILURES = 5;
export const DEFAULT_PIN_LOCKOUT_MS = 30_000;

interface Attempts {
  failures: number;
  lockedUntil: number;
}

function isRole(value: string | null): value is Role {
  return value !== null && (ROLES as readonly string[]).includes(value);
}

/**
 * PIN login at the counter, offline: checked with bcrypt against the hashes pulled from the
 * server into main's credentials table. The renderer only ever gets the SessionUser. A few
 * wrong PINs in a row lock that user out briefly, so a 4-digit PIN cannot be walked through.
 */
export class SessionService {
  private readonly queue: OpQueue;
  private readonly now: () => number;
  private readonly maxFailures: number;
  private readonly lockoutMs: number;
  private readonly attempts = new Map<string, Attempts>();

  constructor(options: SessionServiceOptions) {
    this.queue = options.queue;
    this.now = options.now ?? Date.now;
    this.maxFailures = options.maxFailures ?? DEFAULT_MAX_PIN_FAILURES;
    this.lockoutMs = options.lockoutMs ?? DEFAULT_PIN_LOCKOUT_MS;
  }

  async login(input: { userId: string; pin: string }): Promise<SessionUser> {
    const attempts = this.attempts.get(input.userId);
    const now = this.now();
    if (attempts && attempts.lockedUntil > now) {
      const seconds = Math.ceil((attempts.lockedUntil - now) / 1000);
      throw new ResultErrorException('BAD_PIN', `Trop d'essais : réessayez dans ${seconds} s`);
    }
    const credential = this.queue.credential(input.userId);
    const matches = credential?.pinHash ? await bcrypt.compare(input.pin, credential.pinHash) : false;
    if (!credential || !matches) {
      this.recordFailure(input.userId);
      throw new ResultErrorException('BAD_PIN', 'PIN incorrect');
    }
    this.attempts.delete(input.userId);
    if (!credential.active || credential.name === null || !isRole(credential.role)) {
      throw new ResultErrorException('FORBIDDEN', 'Cet utilisateur est désactivé');
    }
    return { userId: credential.userId, name: credential.name, role: credential.role };
  }

  private recordFailure(userId: string): void {
    const attempts = this.attempts.get(userId) ?? { failures: 0, lockedUntil: 0 };
    attempts.failures += 1;
    if (attempts.failures >= this.maxFailures) {
      attempts.failures = 0;
      attempts.lockedUntil = this.now() + this.lockoutMs;
    }
    this.attempts.set(userId, attempts);
  }
}
