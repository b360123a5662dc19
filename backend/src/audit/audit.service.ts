import { Injectable } from '@nestjs/common';
import { uuidv7 } from '@seri/shared';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditEntry } from './audit-entry.entity';

export interface NewAuditEntry {
  shopId: string | null;
  userId: string | null;
  action: string;
  method?: string | null;
  path?: string | null;
  targetId?: string | null;
  statusCode?: number | null;
  details?: Record<string, unknown>;
  ip?: string | null;
}

export interface AuditQuery {
  shopId: string;
  limit: number;
  /** Keyset: entries older than this one (ids are UUIDv7, so they sort by time). */
  beforeId?: string;
  userId?: string;
  actionPrefix?: string;
  from?: Date;
  to?: Date;
}

const SECRET_KEYS = /pin|password|token|secret/i;
const MAX_STRING = 500;
const MAX_DEPTH = 4;
const MAX_ARRAY = 50;

/**
 * Keeps what a reviewer needs from a request body and nothing an attacker could use:
 * PINs, passwords and tokens are replaced, long strings cut, big arrays counted.
 */
export function redactForAudit(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return value.length > MAX_STRING ? `${value.slice(0, MAX_STRING)}… (${value.length} characters)` : value;
  if (value === null || typeof value !== 'object') return value;
  if (depth >= MAX_DEPTH) return '[nested]';
  if (Array.isArray(value)) {
    const kept = value.slice(0, MAX_ARRAY).map((item) => redactForAudit(item, depth + 1));
    return value.length > MAX_ARRAY ? [...kept, `… ${value.length - MAX_ARRAY} more`] : kept;
  }
  const out: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) {
    out[key] = SECRET_KEYS.test(key) ? '[redacted]' : redactForAudit(child, depth + 1);
  }
  return out;
}

/** The audit log: append-only, scoped by shop when read (I9). */
@Injectable()
export class AuditService {
  constructor(private readonly dataSource: DataSource) {}

  async record(entry: NewAuditEntry, manager: EntityManager = this.dataSource.manager): Promise<void> {
    await manager.query(
      `INSERT INTO audit_log (id, shop_id, user_id, action, method, path, target_id, status_code, details, ip)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [
        uuidv7(),
        entry.shopId,
        entry.userId,
        entry.action,
        entry.method ?? null,
        entry.path ?? null,
        entry.targetId ?? null,
        entry.statusCode ?? null,
        JSON.stringify(entry.details ?? {}),
        entry.ip ?? null,
      ],
    );
  }

  async list(query: AuditQuery): Promise<AuditEntry[]> {
    const builder = this.dataSource.manager
      .createQueryBuilder(AuditEntry, 'a')
      .where('a.shop_id = :shopId', { shopId: query.shopId })
      .orderBy('a.id', 'DESC')
      .take(query.limit);
    if (query.beforeId) builder.andWhere('a.id < :beforeId', { beforeId: query.beforeId });
    if (query.userId) builder.andWhere('a.user_id = :userId', { userId: query.userId });
    if (query.actionPrefix) builder.andWhere('starts_with(a.action, :prefix)', { prefix: query.actionPrefix });
    if (query.from) builder.andWhere('a.created_at >= :from', { from: query.from });
    if (query.to) builder.andWhere('a.created_at < :to', { to: query.to });
    return builder.getMany();
  }
}
