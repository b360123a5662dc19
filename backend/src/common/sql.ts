import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';

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
 * Inserts many rows of an entity with one statement. The rows go as they are, as one JSON
 * document that PostgreSQL parses itself (`json_to_recordset`, typed from the entity's
 * columns): no per-column arrays for the driver to escape element by element, and no copy
 * of each row keyed by column name. Only the entity's columns present in the first row are
 * written (others take their default; fields that are not columns are ignored). `tail` may
 * add ON CONFLICT / RETURNING.
 */
export async function insertEntities<T extends ObjectLiteral, R = unknown>(
  manager: EntityManager,
  entity: EntityTarget<T>,
  rows: readonly Partial<T>[],
  tail = '',
): Promise<R[]> {
  const [first] = rows;
  if (!first) return [];
  const metadata = manager.connection.getMetadata(entity);
  const driver = manager.connection.driver;
  const columns = metadata.columns.filter((column) => (first as Record<string, unknown>)[column.propertyName] !== undefined);
  const names = columns.map((column) => column.databaseName).join(', ');
  const fields = columns.map((column) => `"${column.propertyName}"`).join(', ');
  const types = columns.map((column) => `"${column.propertyName}" ${driver.normalizeType(column)}`).join(', ');
  return manager.query<R[]>(`INSERT INTO ${metadata.tableName} (${names}) SELECT ${fields} FROM json_to_recordset($1::json) AS r(${types}) ${tail}`, [
    JSON.stringify(rows),
  ]);
}
