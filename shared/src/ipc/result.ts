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
  /** The server does not know the enrollment code, or it expired or was used up. */
  'ENROLLMENT_CODE_REFUSED',
  /** Something answered at the server address, but not a Seri server. */
  'NOT_A_SERI_SERVER',
  'BAD_PIN',
  /** Too many wrong PINs in a row for this user: wait (params.seconds) or ask a manager. */
  'PIN_LOCKED',
  'NOT_FOUND',
  'OFFLINE',
  'UPDATE_REQUIRED',
  'PRINT_FAILED',
  'INTERNAL',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/** Numbers the renderer puts in its own sentence ("2 essais restants"), so it never shows main's wording. */
export type ErrorParams = Readonly<Record<string, number>>;

export interface ResultError {
  code: ErrorCode;
  message: string;
  params?: ErrorParams;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: ResultError };

export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

export function fail<T = never>(code: ErrorCode, message: string, params?: ErrorParams): Result<T> {
  return { ok: false, error: params === undefined ? { code, message } : { code, message, params } };
}

/** Thrown inside main's handlers to answer with a specific code; the router turns it into a Result. */
export class ResultErrorException extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly params?: ErrorParams,
  ) {
    super(message);
    this.name = 'ResultErrorException';
  }
}
