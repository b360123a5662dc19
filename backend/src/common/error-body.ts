import { HttpException, HttpStatus } from '@nestjs/common';
import type { ErrorBody } from '@seri/shared';
import { STATUS_CODES } from 'node:http';
import { isInputRefusedError } from './input-boundary';

export function errorBody(statusCode: number, message: string, details?: string[]): ErrorBody {
  const body: ErrorBody = { statusCode, error: STATUS_CODES[statusCode] ?? 'Error', message };
  if (details && details.length > 0) body.details = details;
  return body;
}

/** An HttpException whose response is already the ErrorBody shape (details kept). */
export function httpError(statusCode: HttpStatus | number, message: string, details?: string[]): HttpException {
  return new HttpException(errorBody(statusCode, message, details), statusCode);
}

/** Errors raised by the JSON body parser (body-parser / raw-body) before any route runs. */
interface BodyParserError {
  type: string;
  status?: number;
  statusCode?: number;
  limit?: number;
}

function isBodyParserError(error: unknown): error is BodyParserError {
  return (
    error !== null &&
    typeof error === 'object' &&
    typeof (error as { type?: unknown }).type === 'string' &&
    typeof ((error as { status?: unknown }).status ?? (error as { statusCode?: unknown }).statusCode) === 'number'
  );
}

/**
 * A zlib error from inflating a body (gzip that is not gzip, a truncated stream): body-parser
 * gives it status 400 but no `type`.
 */
function isInflateError(error: unknown): boolean {
  if (error === null || typeof error !== 'object') return false;
  const { code, status } = error as { code?: unknown; status?: unknown };
  return typeof code === 'string' && /^(Z_|ERR__ERROR|ZSTD_|ERR_ZSTD)/.test(code) && (status === undefined || (typeof status === 'number' && status < 500));
}

const BODY_PARSER_MESSAGES: Readonly<Record<string, string>> = {
  'entity.parse.failed': 'request body is not valid JSON',
  'entity.too.large': 'request body is too large',
  'entity.verify.failed': 'request body could not be verified',
  'encoding.unsupported': 'request body encoding is not supported',
  'charset.unsupported': 'request body charset is not supported',
  'request.aborted': 'request was aborted by the client',
  'request.size.invalid': 'request body size does not match its Content-Length',
  'stream.encoding.set': 'request stream encoding was set',
  'parameters.too.many': 'too many parameters in the request body',
};

/**
 * Maps anything thrown while serving a request to the one error body shape.
 * Only an error of ours becomes a 500; a client's mistake is always a 4xx.
 */
export function toErrorBody(error: unknown): ErrorBody {
  if (error instanceof HttpException) {
    const status = error.getStatus();
    const response = error.getResponse();
    if (typeof response === 'string') return errorBody(status, response);
    const payload = response as { message?: unknown; details?: unknown; error?: unknown };
    const details = Array.isArray(payload.details)
      ? payload.details.map(String)
      : Array.isArray(payload.message)
        ? payload.message.map(String)
        : undefined;
    const message = Array.isArray(payload.message)
      ? payload.message.map(String).join('; ')
      : typeof payload.message === 'string'
        ? payload.message
        : error.message;
    return errorBody(status, message, details);
  }
  if (isInputRefusedError(error)) return errorBody(error.status, error.message, [error.message]);
  if (isInflateError(error)) return errorBody(HttpStatus.BAD_REQUEST, 'request body does not match its Content-Encoding (it could not be decompressed)');
  if (isBodyParserError(error)) {
    const status = error.status ?? error.statusCode ?? HttpStatus.BAD_REQUEST;
    const known = BODY_PARSER_MESSAGES[error.type];
    const message =
      error.type === 'entity.too.large' && typeof error.limit === 'number'
        ? `request body is larger than ${error.limit} bytes`
        : (known ?? 'request body could not be read');
    return errorBody(status >= 400 && status < 500 ? status : HttpStatus.BAD_REQUEST, message);
  }
  return errorBody(HttpStatus.INTERNAL_SERVER_ERROR, 'internal server error');
}
