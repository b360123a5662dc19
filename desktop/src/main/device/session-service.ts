import bcrypt from 'bcryptjs';
import { ROLES, ResultErrorException, type Approval, type ApprovalAction, type Role, type SessionUser } from '@seri/shared';
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

/** Who may approve protected actions (voids, refunds, big discounts, stock and catalogue edits). */
export const APPROVER_ROLES: ReadonlySet<Role> = new Set(['MANAGER', 'ADMIN']);

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
    return this.checkPin(input);
  }

  /**
   * A manager's PIN approves one protected action, offline, against the same synced
   * hashes as login. Wrong PINs count towards the same lockout as login (one guess is one
   * guess, whichever screen it is typed on); a right PIN of a cashier is FORBIDDEN.
   */
  async approve(input: { userId: string; pin: string; action: ApprovalAction }): Promise<Approval> {
    const user = await this.checkPin(input);
    if (!APPROVER_ROLES.has(user.role)) {
      throw new ResultErrorException('FORBIDDEN', `${user.name} n'est pas responsable : il faut le PIN d'un responsable`);
    }
    return { approverId: user.userId, name: user.name, role: user.role, action: input.action, approvedAt: new Date(this.now()).toISOString() };
  }

  private async checkPin(input: { userId: string; pin: string }): Promise<SessionUser> {
    const attempts = this.attempts.get(input.userId);
    const now = this.now();
    if (attempts && attempts.lockedUntil > now) {
      const seconds = Math.ceil((attempts.lockedUntil - now) / 1000);
      throw new ResultErrorException('PIN_LOCKED', `Trop d'essais : réessayez dans ${seconds} s`, { seconds });
    }
    const credential = this.queue.credential(input.userId);
    const matches = credential?.pinHash ? await bcrypt.compare(input.pin, credential.pinHash) : false;
    if (!credential || !matches) {
      const attemptsLeft = this.recordFailure(input.userId);
      if (attemptsLeft === 0) {
        const seconds = Math.ceil(this.lockoutMs / 1000);
        throw new ResultErrorException('PIN_LOCKED', `PIN incorrect ; trop d'essais : réessayez dans ${seconds} s`, { seconds });
      }
      throw new ResultErrorException('BAD_PIN', 'PIN incorrect', { attemptsLeft });
    }
    this.attempts.delete(input.userId);
    if (!credential.active || credential.name === null || !isRole(credential.role)) {
      throw new ResultErrorException('FORBIDDEN', 'Cet utilisateur est désactivé');
    }
    return { userId: credential.userId, name: credential.name, role: credential.role };
  }

  /** Counts a wrong PIN; returns the tries left before the lockout (0: locked out now). */
  private recordFailure(userId: string): number {
    const attempts = this.attempts.get(userId) ?? { failures: 0, lockedUntil: 0 };
    attempts.failures += 1;
    const left = Math.max(0, this.maxFailures - attempts.failures);
    if (left === 0) {
      attempts.failures = 0;
      attempts.lockedUntil = this.now() + this.lockoutMs;
    }
    this.attempts.set(userId, attempts);
    return left;
  }
}
