import { randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';

export const JWT_SECRET_NAME = 'jwt-hs256';

/**
 * The HS256 key: SERI_JWT_SECRET when set (at least 32 characters), otherwise one made on
 * first start and kept in the database, so every instance behind a load balancer signs
 * and verifies with the same key and tokens survive a restart.
 */
export async function loadJwtSecret(dataSource: DataSource, env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const configured = env['SERI_JWT_SECRET'];
  if (configured !== undefined && configured !== '') {
    if (configured.length < 32) throw new Error('SERI_JWT_SECRET must be at least 32 characters');
    return configured;
  }
  await dataSource.query('INSERT INTO auth_secrets (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING', [
    JWT_SECRET_NAME,
    randomBytes(48).toString('base64url'),
  ]);
  const [row] = await dataSource.query<{ value: string }[]>('SELECT value FROM auth_secrets WHERE name = $1', [JWT_SECRET_NAME]);
  if (!row) throw new Error('the JWT signing secret could not be stored');
  return row.value;
}
