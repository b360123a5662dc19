import { Injectable, Logger, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { isUuid } from '@seri/shared';
import { mergeMap, type Observable } from 'rxjs';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import { AUDIT_KEY, type AuditOptions } from './audit.decorator';
import { AuditService, redactForAudit } from './audit.service';

const READS = new Set(['GET', 'HEAD', 'OPTIONS']);
const ADMIN_PREFIX = '/api/admin';

interface AuditedRequest {
  method: string;
  originalUrl?: string;
  url: string;
  ip?: string;
  route?: { path?: string };
  params: Record<string, string | undefined>;
  body?: unknown;
  user?: AuthenticatedUser;
}

/**
 * Writes an audit entry for every successful write under /api/admin, after the handler and
 * before the response leaves, so the entry exists as soon as the manager sees the result.
 * Refused requests change nothing and are not audited (the logs keep them).
 */
@Injectable()
export class AuditInterceptor implements NestInterceptor {
  private readonly logger = new Logger('Audit');

  constructor(
    private readonly reflector: Reflector,
    private readonly audit: AuditService,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const request = context.switchToHttp().getRequest<AuditedRequest>();
    const path = request.route?.path ?? '';
    if (READS.has(request.method) || !path.startsWith(ADMIN_PREFIX) || !request.user) return next.handle();
    const options = this.reflector.get<AuditOptions | undefined>(AUDIT_KEY, context.getHandler());
    const user = request.user;
    return next.handle().pipe(
      mergeMap(async (result: unknown) => {
        const response = context.switchToHttp().getResponse<{ statusCode?: number }>();
        const resultId = idOf(result);
        await this.audit
          .record({
          shopId: options?.shopFromResult ? resultId : (request.params['shopId'] ?? null),
          userId: user.userId,
          action: options?.action ?? `${request.method} ${path}`,
          method: request.method,
          path: (request.originalUrl ?? request.url).slice(0, 500),
          targetId: targetOf(request.params) ?? resultId,
          statusCode: response.statusCode ?? null,
          details: { body: redactForAudit(request.body ?? null) },
          ip: request.ip ?? null,
          })
          // The action is done and committed; a lost audit line must not turn it into an error for the manager.
          .catch((error: unknown) => this.logger.error(`audit entry for ${request.method} ${path} not written: ${String(error)}`));
        return result;
      }),
    );
  }
}

/** The record a route acts on: its last path parameter other than the shop. */
function targetOf(params: Record<string, string | undefined>): string | null {
  const keys = Object.keys(params).filter((key) => key !== 'shopId');
  const last = keys[keys.length - 1];
  return last === undefined ? null : (params[last] ?? null);
}

function idOf(result: unknown): string | null {
  if (result === null || typeof result !== 'object') return null;
  const id = (result as { id?: unknown }).id;
  return typeof id === 'string' && isUuid(id) ? id : null;
}
