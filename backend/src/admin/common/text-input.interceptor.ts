import { BadRequestException, Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import type { Observable } from 'rxjs';

const CHECKED_PREFIXES = ['/api/admin', '/api/auth', '/api/devices'];
const MAX_DEPTH = 20;

interface InputRequest {
  route?: { path?: string };
  body?: unknown;
  query?: unknown;
  params?: unknown;
}

/**
 * PostgreSQL text cannot hold U+0000: a NUL anywhere in a body, query or path would fail
 * deep in a query as a server error. Refused up front with a 400 naming the field.
 */
@Injectable()
export class TextInputInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() === 'http') {
      const request = context.switchToHttp().getRequest<InputRequest>();
      const path = request.route?.path ?? '';
      if (CHECKED_PREFIXES.some((prefix) => path.startsWith(prefix))) {
        for (const [name, value] of [['body', request.body], ['query', request.query], ['params', request.params]] as const) {
          const field = findNul(value, name, 0);
          if (field) throw new BadRequestException(`${field} must not contain the NUL character`);
        }
      }
    }
    return next.handle();
  }
}

function findNul(value: unknown, path: string, depth: number): string | null {
  if (typeof value === 'string') return value.includes('\u0000') ? path : null;
  if (value === null || typeof value !== 'object' || depth > MAX_DEPTH) return null;
  for (const [key, child] of Object.entries(value)) {
    if (key.includes('\u0000')) return `${path} (a key)`;
    const found = findNul(child, `${path}.${key}`, depth + 1);
    if (found) return found;
  }
  return null;
}
