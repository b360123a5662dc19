import { request as httpRequest } from 'node:http';
import { gzipSync } from 'node:zlib';
import { shopFingerprint } from '../admin/support/shop-data';
import { countRows } from './database';
import type { TestBackend } from './test-backend';

/**
 * Bodies no serializer makes, for the input boundary's tests: a JSON value is written with
 * markers (MARK(text) as a value, KEY(text) as a key) that are then swapped for raw JSON
 * text or raw bytes, so a test can send an invalid UTF-8 byte, a duplicate key or a number
 * JSON.parse reads as Infinity exactly where it wants.
 */
const MARK_PREFIX = '@@raw:';
const raws = new Map<string, Buffer>();
let next = 0;

/** A value position holding raw bytes (written as they are, not JSON-encoded). */
export function rawValue(bytes: Buffer | string): string {
  const marker = `${MARK_PREFIX}${(next += 1)}@@`;
  raws.set(marker, typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : bytes);
  return marker;
}

/** The body as bytes, with every rawValue marker (a JSON string `"@@raw:N@@"`) replaced by its bytes. */
export function renderBody(value: unknown): Buffer {
  const text = JSON.stringify(value);
  const parts: Buffer[] = [];
  let last = 0;
  const pattern = /"@@raw:\d+@@"/g;
  for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
    parts.push(Buffer.from(text.slice(last, match.index), 'utf8'));
    const bytes = raws.get(match[0].slice(1, -1));
    if (!bytes) throw new Error(`unknown marker ${match[0]}`);
    parts.push(bytes);
    last = match.index + match[0].length;
  }
  parts.push(Buffer.from(text.slice(last), 'utf8'));
  return Buffer.concat(parts);
}

/** A JSON string whose content holds raw bytes (an invalid UTF-8 byte, an overlong form). */
export function rawString(before: string, bytes: number[], after = ''): string {
  return rawValue(Buffer.concat([Buffer.from(`"${before}`, 'utf8'), Buffer.from(bytes), Buffer.from(`${after}"`, 'utf8')]));
}

/** `levels` nested arrays: `[[[…]]]`. */
export function deepJson(levels: number): string {
  return rawValue(`${'['.repeat(levels)}${']'.repeat(levels)}`);
}

/** An object written with the same key twice (JSON.parse would keep the second silently). */
export function duplicateKeyObject(entries: readonly [string, unknown][]): string {
  return rawValue(`{${entries.map(([name, value]) => `${JSON.stringify(name)}:${renderBody(value).toString('utf8')}`).join(',')}}`);
}

export interface SendOptions {
  token?: string;
  headers?: Record<string, string>;
}

export interface RawResponse {
  status: number;
  body: unknown;
  text: string;
}

/**
 * Sends bytes exactly as given (supertest would JSON-encode a Buffer), JSON content type
 * unless told otherwise; a request that has no answer within 60 s fails (never a hang).
 */
export function sendRaw(backend: TestBackend, method: 'post' | 'patch' | 'put', path: string, body: Buffer, options: SendOptions = {}): Promise<RawResponse> {
  const headers: Record<string, string> = { 'Content-Type': 'application/json', 'Content-Length': String(body.length), ...options.headers };
  if (options.token) headers['Authorization'] = `Bearer ${options.token}`;
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest(`${backend.url}${path}`, { method: method.toUpperCase(), headers, timeout: 60_000 }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('error', reject);
      response.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let parsed: unknown = text;
        try {
          parsed = JSON.parse(text);
        } catch {
          // Not JSON: kept as text.
        }
        resolve({ status: response.statusCode ?? 0, body: parsed, text });
      });
    });
    outgoing.on('timeout', () => outgoing.destroy(new Error(`no answer to ${method.toUpperCase()} ${path} within 60 s`)));
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}

export function gzipped(body: Buffer): Buffer {
  return gzipSync(body);
}

/**
 * Everything a refused request could have written: row counts of the tables a push writes,
 * and a digest of every row of each shop. A device's `last_seen_at` is left out: it is the
 * authenticated caller's heartbeat (throttled), written by authentication, not by the body.
 */
export async function writeSnapshot(backend: TestBackend, shopIds: readonly string[]): Promise<unknown> {
  const snapshot: Record<string, unknown> = { counts: await countRows(backend.dataSource) };
  for (const shopId of shopIds) {
    const digest = await shopFingerprint(backend, shopId);
    const [devices] = await backend.dataSource.query<{ d: string | null }[]>(
      `SELECT md5(string_agg((to_jsonb(d) - 'last_seen_at')::text, '|' ORDER BY d.id)) AS d FROM devices d WHERE shop_id = $1`,
      [shopId],
    );
    snapshot[shopId] = { ...digest, devices: devices?.d ?? '' };
  }
  return snapshot;
}
