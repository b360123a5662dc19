/** SQLSTATE of the errors a client's op can cause (others are the server's problem). */
export const PG_UNIQUE_VIOLATION = '23505';
export const PG_FOREIGN_KEY_VIOLATION = '23503';
export const PG_CHECK_VIOLATION = '23514';

export function pgErrorCode(error: unknown): string | undefined {
  if (error === null || typeof error !== 'object') return undefined;
  const direct = (error as { code?: unknown }).code;
  if (typeof direct === 'string') return direct;
  // TypeORM wraps driver errors in QueryFailedError and keeps the original as driverError.
  const driver = (error as { driverError?: { code?: unknown } }).driverError;
  return typeof driver?.code === 'string' ? driver.code : undefined;
}

export function pgErrorDetail(error: unknown): string {
  const source = (error as { driverError?: { detail?: unknown } }).driverError ?? error;
  const detail = (source as { detail?: unknown }).detail;
  return typeof detail === 'string' ? detail : String((error as Error).message ?? error);
}
