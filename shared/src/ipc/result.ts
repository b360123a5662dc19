/**
 * What crosses a process boundary: never a thrown error, always one of these
 * (Signal's SQL channel, Actual's sendCatch).
 */
export const ERROR_CODES = [
  'VALIDATION',
  'FORBIDDEN',
  'UNKNOWN_CHANNEL',
  'NOT_ENROLLED',
  'ALREADY_ENROLLED',
  'ENROLLMENT_FAILED',
  'BAD_PIN',
  'NOT_FOUND',
  'OFFLINE',
  'UPDATE_REQUIRED',
  'PRINT_FAILED',
  'INTERNAL',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export interface ResultError {
  code: ErrorCode;
  message: string;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: ResultError };

export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

export function fail<T = never>(code: ErrorCode, message: string): Result<T> {
  return { ok: false, error: { code, message } };
}

/** Thrown inside main's handlers to answer with a specific code; the router turns it into a Result. */
export class ResultErrorException extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ResultErrorException';
  }
}
