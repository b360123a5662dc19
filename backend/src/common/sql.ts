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
 * Inserts many rows of an entity with one statement. The rows go as one JSON document that
 * PostgreSQL parses itself (`json_populate_recordset`): a parameter per column would make
 * the driver escape every element of every array in JavaScript. Only the entity's columns
 * present in the first row are written (others, and relations, are left out: they take
 * their default). `tail` may add ON CONFLICT / RETURNING.
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
  const columns = metadata.columns.filter((column) => (first as Record<string, unknown>)[column.propertyName] !== undefined);
  const list = columns.map((column) => column.databaseName).join(', ');
  const pairs = columns.map((column) => [column.propertyName, column.databaseName] as const);
  const documents = rows.map((row) => {
    const document: Record<string, unknown> = {};
    for (const [property, name] of pairs) document[name] = (row as Record<string, unknown>)[property] ?? null;
    return document;
  });
  return manager.query<R[]>(
    `INSERT INTO ${metadata.tableName} (${list}) SELECT ${list} FROM json_populate_recordset(NULL::${metadata.tableName}, $1::json) ${tail}`,
    [JSON.stringify(documents)],
  );
}
