import { RequestMethod } from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import type { Params } from 'nestjs-pino';
import type { BackendConfig } from '../config/backend-config';

/** A caller's X-Request-Id is kept when it looks like an id (a load balancer's or a terminal's), else one is made. */
const REQUEST_ID = /^[A-Za-z0-9._:-]{8,128}$/;

/** Paths that must never reach a log line, whatever a future log call passes in. */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'res.headers["set-cookie"]',
  '*.password',
  '*.pin',
  '*.token',
  '*.deviceToken',
  '*.refreshToken',
  '*.accessToken',
  '*.enrollmentCode',
  '*.code',
  '*.secret',
];

interface LoggedRequest extends IncomingMessage {
  originalUrl?: string;
  baseUrl?: string;
  route?: { path?: unknown };
  device?: { deviceId: string; shopId: string };
  user?: { userId: string; homeShopId?: string };
  params?: Record<string, string | undefined>;
}

/** Probes and scrapes come every few seconds: logged at debug when they succeed. */
const QUIET_PATHS = new Set(['/metrics', '/api/health', '/api/health/live', '/api/health/ready']);

/**
 * nestjs-pino's setup: one line per request `{method, route, status, durationMs, requestId,
 * deviceId | userId, shopId}` (headers, bodies and query strings are left out, so tokens,
 * PINs and enrollment codes never reach a line; the redaction list is the second lock),
 * JSON in production, one pretty line per event in development, nothing at `silent`.
 */
export function loggerParams(config: BackendConfig): Params {
  const pretty = config.log.format === 'pretty' && config.log.level !== 'silent';
  return {
    // Nest 12 matches every route with this pattern.
    forRoutes: [{ path: '{*splat}', method: RequestMethod.ALL }],
    pinoHttp: {
      level: config.log.level,
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      ...(pretty
        ? { transport: { target: 'pino-pretty', options: { singleLine: true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname' } } }
        : {}),
      genReqId: (request: IncomingMessage, response: ServerResponse) => {
        const given = request.headers['x-request-id'];
        const id = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
        response.setHeader('X-Request-Id', id);
        return id;
      },
      customAttributeKeys: { reqId: 'requestId', responseTime: 'durationMs' },
      quietReqLogger: true,
      // Only what the line needs: no headers, no query string (a pull cursor is fine, a token in a URL is not).
      serializers: {
        req: (request: { method?: string; url?: string }) => ({ method: request.method, path: (request.url ?? '').split('?')[0] }),
        res: (response: { statusCode?: number }) => ({ status: response.statusCode }),
      },
      customLogLevel: (request: IncomingMessage, response: ServerResponse, error?: Error) => {
        if (error || response.statusCode >= 500) return 'error';
        if (QUIET_PATHS.has(pathOf(request))) return 'debug';
        return response.statusCode >= 400 ? 'warn' : 'info';
      },
      customSuccessMessage: (request: IncomingMessage, response: ServerResponse) =>
        `${request.method ?? ''} ${routeOf(request)} ${response.statusCode}`,
      customErrorMessage: (request: IncomingMessage, response: ServerResponse) =>
        `${request.method ?? ''} ${routeOf(request)} ${response.statusCode}`,
      customSuccessObject: (request: IncomingMessage, response: ServerResponse, value: Record<string, unknown>) => ({
        ...value,
        ...who(request, response),
      }),
      customErrorObject: (request: IncomingMessage, response: ServerResponse, _error: Error, value: Record<string, unknown>) => ({
        ...value,
        ...who(request, response),
      }),
    },
  };
}

function pathOf(request: LoggedRequest): string {
  return (request.originalUrl ?? request.url ?? '').split('?')[0] ?? '';
}

/** The route template (`/api/admin/shops/:shopId/products`), so a dashboard groups by route, not by id. */
function routeOf(request: LoggedRequest): string {
  const template = request.route?.path;
  return typeof template === 'string' ? `${request.baseUrl ?? ''}${template}` : pathOf(request);
}

function who(request: LoggedRequest, response: ServerResponse): Record<string, unknown> {
  const shopId = request.device?.shopId ?? request.params?.['shopId'] ?? (request.user?.homeShopId);
  return {
    route: routeOf(request),
    status: response.statusCode,
    ...(request.device ? { deviceId: request.device.deviceId } : {}),
    ...(request.user ? { userId: request.user.userId } : {}),
    ...(shopId ? { shopId } : {}),
  };
}
