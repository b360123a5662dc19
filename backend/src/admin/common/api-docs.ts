import { applyDecorators, HttpCode, HttpStatus, type Type } from '@nestjs/common';
import { ApiOperation, ApiProperty, ApiPropertyOptional, ApiResponse } from '@nestjs/swagger';
import type { ErrorBody } from '@seri/shared';

/** The one error body every 4xx and 5xx carries (shared `ErrorBody`). */
export class ErrorBodyDto implements ErrorBody {
  @ApiProperty({ example: 400 }) statusCode: number;
  @ApiProperty({ example: 'Bad Request' }) error: string;
  @ApiProperty({ example: 'price must be an integer amount in minor units' }) message: string;
  @ApiPropertyOptional({ type: [String], description: 'One line per problem, naming the field by its path.' }) details?: string[];
}

const ERROR_DESCRIPTIONS: Readonly<Record<number, string>> = {
  [HttpStatus.BAD_REQUEST]: 'The request is malformed or breaks a rule; nothing was written.',
  [HttpStatus.UNAUTHORIZED]: 'No valid access token (missing, tampered, expired, or the user was disabled).',
  [HttpStatus.FORBIDDEN]: 'The role does not allow this, or the shop is not one of the caller’s.',
  [HttpStatus.NOT_FOUND]: 'No such record in this shop.',
  [HttpStatus.CONFLICT]: 'The change clashes with the current data (duplicate barcode, already voided…).',
  [HttpStatus.PAYLOAD_TOO_LARGE]: 'The body is larger than the server accepts.',
  [HttpStatus.TOO_MANY_REQUESTS]: 'Too many attempts; wait and retry (Retry-After).',
};

/** Documents error responses with the shared error body. */
export function ApiErrors(...statuses: number[]): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ...statuses.map((status) => ApiResponse({ status, description: ERROR_DESCRIPTIONS[status] ?? 'Error.', type: ErrorBodyDto })),
  );
}

export interface AdminOperation {
  summary: string;
  description?: string;
  /** The 2xx body type; omit for 204. */
  response?: Type<unknown> | [Type<unknown>];
  status?: number;
  /** Errors besides 400, 401, 403 (always possible on an admin route). */
  errors?: number[];
  /** The body is a CSV file (text/csv) rather than JSON. */
  csv?: boolean;
}

/**
 * One decorator per admin operation: its summary, its success body and its errors, so the
 * OpenAPI document says what a route answers (a test checks every operation has all three).
 * It also sets the success status, so POST actions answer 200 unless they say 201.
 */
export function AdminDoc(operation: AdminOperation): MethodDecorator {
  const status = operation.status ?? HttpStatus.OK;
  const decorators = [
    // The documented status is the one sent: they cannot drift apart.
    HttpCode(status),
    ApiOperation({ summary: operation.summary, ...(operation.description ? { description: operation.description } : {}) }),
    operation.csv
      ? ApiResponse({ status, description: 'A CSV file (UTF-8, comma-separated, header line first).', content: { 'text/csv': { schema: { type: 'string' } } } })
      : operation.response === undefined
      ? ApiResponse({ status, description: 'Done; no body.' })
      : Array.isArray(operation.response)
        ? ApiResponse({ status, description: 'Success.', type: operation.response[0], isArray: true })
        : ApiResponse({ status, description: 'Success.', type: operation.response }),
    ApiErrors(HttpStatus.BAD_REQUEST, HttpStatus.UNAUTHORIZED, HttpStatus.FORBIDDEN, ...(operation.errors ?? [])),
  ];
  return applyDecorators(...decorators);
}
