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

/**
 * Inserts rows given as objects keyed by column name, sent as one JSON document that
 * PostgreSQL parses itself: a parameter per column would make the driver escape every
 * element of every array in JavaScript. Columns left out of `columns` take their default.
 * `table` and `columns` are code, never input. `tail` may add ON CONFLICT / RETURNING.
 */
export async function insertJsonRows<T = unknown>(
  manager: EntityManager,
  table: string,
  columns: readonly string[],
  rows: readonly object[],
  tail = '',
): Promise<T[]> {
  if (rows.length === 0) return [];
  const list = columns.join(', ');
  return manager.query<T[]>(`INSERT INTO ${table} (${list}) SELECT ${list} FROM json_populate_recordset(NULL::${table}, $1::json) ${tail}`, [
    JSON.stringify(rows),
  ]);
}
