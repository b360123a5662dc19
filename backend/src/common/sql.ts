import type { EntityManager } from 'typeorm';

/** Rows of an UPDATE/DELETE … RETURNING (the postgres driver answers those as [rows, rowCount]). */
export async function updateReturning<T>(manager: EntityManager, sql: string, parameters: unknown[]): Promise<T[]> {
  const raw = await manager.query<[T[], number] | T[]>(sql, parameters);
  const first: unknown = raw[0];
  return Array.isArray(first) ? (first as T[]) : (raw as T[]);
}

/** Rows of a SELECT or INSERT … RETURNING. */
export async function selectRows<T>(manager: EntityManager, sql: string, parameters: unknown[] = []): Promise<T[]> {
  return manager.query<T[]>(sql, parameters);
}
