import { createHash } from 'node:crypto';
import { Injectable, type ExecutionContext } from '@nestjs/common';
import type { Reflector } from '@nestjs/core';
import { ThrottlerGuard, type ThrottlerStorage } from '@nestjs/throttler';
import { addressOf } from '../auth/login-throttler.guard';

/** Requests one client address may make in a window, across every rate-limited route. */
export const DEFAULT_RATE_LIMIT_PER_MINUTE = 6000;
export const RATE_LIMIT_WINDOW_MS = 60_000;

/** The limit in force: SERI_RATE_LIMIT_PER_MINUTE when it is a positive whole number, else the default. */
export function rateLimitPerMinute(env: NodeJS.ProcessEnv = process.env): number {
  const text = env['SERI_RATE_LIMIT_PER_MINUTE'];
  return text !== undefined && /^[1-9]\d{0,6}$/.test(text) ? Number(text) : DEFAULT_RATE_LIMIT_PER_MINUTE;
}

/**
 * A flood guard on every HTTP route but the sync protocol's (which says @SkipThrottle(), and
 * bounds itself by batch and body size): past the limit an address gets 429 with Retry-After
 * until its window ends. Every answer of a limited route carries X-RateLimit-Limit, -Remaining
 * and -Reset (the throttler's own headers), so a console can slow down before it is refused.
 * It runs before the access guard, so refused logins and bad tokens count too. Counters live in
 * each instance's memory, as the login limits do. The OpenAPI document says 429 exactly on the
 * routes this guard covers (see openapi-contract.ts), from the same skip metadata.
 */
@Injectable()
export class RateLimitGuard extends ThrottlerGuard {
  static create(storage: ThrottlerStorage, reflector: Reflector, limit = rateLimitPerMinute()): RateLimitGuard {
    return new RateLimitGuard(
      { throttlers: [{ name: 'default', ttl: RATE_LIMIT_WINDOW_MS, limit }], errorMessage: 'too many requests; wait for Retry-After seconds and try again' },
      storage,
      reflector,
    );
  }

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    // WebSocket messages carry their own limits (one socket per device).
    if (context.getType() !== 'http') return true;
    return super.canActivate(context);
  }

  protected override getTracker(request: Record<string, unknown>): Promise<string> {
    return Promise.resolve(addressOf(request as { ip?: string }));
  }

  /** One counter per address for the whole API, not one per route. */
  protected override generateKey(_context: ExecutionContext, tracker: string, throttlerName: string): string {
    return createHash('sha256').update(`api-${throttlerName}-${tracker}`).digest('hex');
  }
}
