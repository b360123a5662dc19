import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { MAX_PUSH_BODY_BYTES } from '@seri/shared';
import { toErrorBody } from './error-body';

interface MinimalResponse {
  headersSent: boolean;
  status(code: number): MinimalResponse;
  json(body: unknown): void;
}

/**
 * JSON bodies up to the push limit. The parser runs before Nest's routing, so its errors
 * (malformed JSON, too large) never reach the exception filter: an express error handler
 * right after it turns them into the same error body instead of Express's HTML page.
 */
export function installJsonBodyParser(app: INestApplication): void {
  const expressApp = app as NestExpressApplication;
  expressApp.useBodyParser('json', { limit: MAX_PUSH_BODY_BYTES });
  expressApp.use((error: unknown, _request: unknown, response: MinimalResponse, next: (error?: unknown) => void) => {
    if (response.headersSent) {
      next(error);
      return;
    }
    const body = toErrorBody(error);
    response.status(body.statusCode).json(body);
  });
}
