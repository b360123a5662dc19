import { Injectable, type ExecutionContext } from '@nestjs/common';
import { ThrottlerGuard, type ThrottlerLimitDetail } from '@nestjs/throttler';

/** Attempts per minute: per account from one address, and per address whatever the account. */
export const LOGIN_ATTEMPTS_PER_ACCOUNT = 5;
export const LOGIN_ATTEMPTS_PER_ADDRESS = 30;
export const LOGIN_WINDOW_MS = 60_000;
/**
 * Enrollments per minute from one address: a code is about 60 bits and single-use, so this
 * only slows a guesser down; IT enrolling a room of terminals from one desk stays well under it.
 */
export const ENROLLMENTS_PER_ADDRESS = 600;

interface TrackedRequest {
  ip?: string;
  body?: { email?: unknown };
}

export function addressOf(request: TrackedRequest): string {
  return request.ip ?? 'unknown';
}

/**
 * Brute force on the login, refresh and enrollment → 429 with Retry-After. The counters live
 * in PostgreSQL (PgThrottlerStorage), so every instance behind the load balancer counts the
 * same attempts (set SERI_TRUST_PROXY so the client's address is the one counted, not the
 * balancer's).
 */
@Injectable()
export class LoginThrottlerGuard extends ThrottlerGuard {
  protected override getTracker(request: Record<string, unknown>): Promise<string> {
    return Promise.resolve(addressOf(request as TrackedRequest));
  }

  /** The standard Retry-After too (the throttler names its own per throttler: Retry-After-account). */
  protected override async throwThrottlingException(context: ExecutionContext, detail: ThrottlerLimitDetail): Promise<void> {
    const { res } = this.getRequestResponse(context);
    this.setResponseHeader(res, 'Retry-After', Math.max(1, detail.timeToBlockExpire));
    await super.throwThrottlingException(context, detail);
  }
}

export function accountTracker(request: Record<string, unknown>): string {
  const email = (request as TrackedRequest).body?.email;
  return `${addressOf(request)}|${typeof email === 'string' ? email.trim().toLowerCase().slice(0, 254) : ''}`;
}
