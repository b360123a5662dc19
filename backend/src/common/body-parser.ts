import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { MAX_PUSH_BODY_BYTES } from '@seri/shared';
import { toErrorBody } from './error-body';
import { checkUrl, verifyJsonBody } from './input-boundary';

interface MinimalResponse {
  headersSent: boolean;
  status(code: number): MinimalResponse;
  json(body: unknown): void;
}

type Next = (error?: unknown) => void;

/**
 * The input boundary for every request (see input-boundary.ts): the URL checked, then JSON
 * bodies up to the push limit with body-parser's own options (limit, inflate with the limit
 * on the inflated size, strict) and its `verify` hook for what it lacks. The parser runs
 * before Nest's routing, so its errors (malformed JSON, too large, bad encoding, refused
 * text) never reach the exception filter: an express error handler right after it turns
 * them into the same error body instead of Express's HTML page.
 */
export function installJsonBodyParser(app: INestApplication): void {
  const expressApp = app as NestExpressApplication;
  expressApp.use((request: { url: string }, _response: unknown, next: Next) => {
    try {
      checkUrl(request.url);
      next();
    } catch (error) {
      next(error);
    }
  });
  expressApp.useBodyParser('json', { limit: MAX_PUSH_BODY_BYTES, inflate: true, strict: true, verify: verifyJsonBody });
  expressApp.use((error: unknown, _request: unknown, response: MinimalResponse, next: Next) => {
    if (response.headersSent) {
      next(error);
      return;
    }
    const body = toErrorBody(error);
    response.status(body.statusCode).json(body);
  });
}
