import { randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';

export const JWT_SECRET_NAME = 'jwt-hs256';

/**
 * The HS256 key: SERI_JWT_SECRET when set (the configuration checked its length), otherwise
 * one made on first start and kept in the database, so every instance behind a load balancer
 * signs and verifies with the same key and tokens survive a restart.
 */
export async function loadJwtSecret(dataSource: DataSource, configured: string | null): Promise<string> {
  if (configured !== null) return configured;
  await dataSource.query('INSERT INTO auth_secrets (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING', [
    JWT_SECRET_NAME,
    randomBytes(48).toString('base64url'),
  ]);
  const [row] = await dataSource.query<{ value: string }[]>('SELECT value FROM auth_secrets WHERE name = $1', [JWT_SECRET_NAME]);
  if (!row) throw new Error('the JWT signing secret could not be stored');
  return row.value;
}
