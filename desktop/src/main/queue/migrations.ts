import type { Database } from 'better-sqlite3';

/**
 * The queue's schema, one numbered step per entry, applied in `user_version` order.
 * Forward-only: a step may add tables, columns, indexes and triggers, and may rewrite
 * rows, but never drops a queued op (I1). Append new steps; never edit a shipped one.
 */
export interface QueueMigration {
  version: number;
  description: string;
  up(db: Database): void;
}

export const QUEUE_MIGRATIONS: readonly QueueMigration[] = [
  {
    version: 1,
    description: 'ops and meta',
    up(db) {
      db.exec(`
        CREATE TABLE ops (
          seq INTEGER PRIMARY KEY AUTOINCREMENT,
          op_id TEXT NOT NULL UNIQUE,
          entity TEXT NOT NULL,
          kind TEXT NOT NULL,
          body TEXT NOT NULL,
          state TEXT NOT NULL DEFAULT 'PENDING'
            CHECK (state IN ('PENDING', 'SYNCING', 'SYNCED', 'FAILED', 'REJECTED')),
          attempts INTEGER NOT NULL DEFAULT 0,
          last_error TEXT,
          result_code TEXT,
          result_reason TEXT,
          created_at INTEGER NOT NULL,
          updated_at INTEGER NOT NULL,
          synced_at INTEGER
        );
        CREATE TABLE meta (
          key TEXT PRIMARY KEY,
          value TEXT NOT NULL
        ) WITHOUT ROWID;
      `);
    },
  },
  {
    version: 2,
    description: 'pulled pages and offline login credentials',
    up(db) {
      // active defaults to 0: a PIN hash that arrives before its user record logs nobody in.
      db.exec(`
        CREATE TABLE pulled_pages (
          page_id INTEGER PRIMARY KEY AUTOINCREMENT,
          changes TEXT NOT NULL,
          created_at INTEGER NOT NULL
        );
        CREATE TABLE credentials (
          user_id TEXT PRIMARY KEY,
          pin_hash TEXT,
          name TEXT,
          role TEXT,
          active INTEGER NOT NULL DEFAULT 0 CHECK (active IN (0, 1))
        ) WITHOUT ROWID;
      `);
    },
  },
  {
    version: 3,
    description: 'open-ops index and per-state counters',
    up(db) {
      // A long offline day leaves 100k+ ops: the claim and the status must not scan them all.
      // The partial index holds only ops still to send; the counters are kept by triggers.
      db.exec(`
        CREATE INDEX ops_open ON ops (seq) WHERE state IN ('PENDING', 'SYNCING', 'FAILED');
        CREATE INDEX ops_syncing ON ops (seq) WHERE state = 'SYNCING';
        CREATE INDEX ops_problems ON ops (seq) WHERE state IN ('FAILED', 'REJECTED');
        CREATE TABLE op_counts (
          state TEXT PRIMARY KEY,
          n INTEGER NOT NULL
        ) WITHOUT ROWID;
        INSERT INTO op_counts (state, n)
          SELECT s.state, (SELECT count(*) FROM ops WHERE ops.state = s.state)
          FROM (SELECT 'PENDING' AS state UNION ALL SELECT 'SYNCING' UNION ALL SELECT 'SYNCED'
                UNION ALL SELECT 'FAILED' UNION ALL SELECT 'REJECTED') AS s;
        CREATE TRIGGER ops_count_insert AFTER INSERT ON ops BEGIN
          UPDATE op_counts SET n = n + 1 WHERE state = NEW.state;
        END;
        CREATE TRIGGER ops_count_update AFTER UPDATE OF state ON ops WHEN OLD.state <> NEW.state BEGIN
          UPDATE op_counts SET n = n - 1 WHERE state = OLD.state;
          UPDATE op_counts SET n = n + 1 WHERE state = NEW.state;
        END;
        CREATE TRIGGER ops_count_delete AFTER DELETE ON ops BEGIN
          UPDATE op_counts SET n = n - 1 WHERE state = OLD.state;
        END;
      `);
    },
  },
];

export const QUEUE_SCHEMA_VERSION = QUEUE_MIGRATIONS.length;

export class QueueSchemaTooNewError extends Error {
  constructor(
    readonly found: number,
    readonly known: number,
  ) {
    super(`queue database is at schema version ${found}, this build knows up to ${known}: refusing to open it`);
    this.name = 'QueueSchemaTooNewError';
  }
}

/**
 * Brings the database to `target` (the latest by default), one step per transaction, so a
 * crash mid-upgrade leaves it at the last completed version and the next start resumes.
 * A database from a newer build is refused rather than guessed at.
 */
export function migrateQueue(db: Database, target: number = QUEUE_SCHEMA_VERSION): number {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > QUEUE_SCHEMA_VERSION) throw new QueueSchemaTooNewError(current, QUEUE_SCHEMA_VERSION);
  for (const migration of QUEUE_MIGRATIONS) {
    if (migration.version <= current || migration.version > target) continue;
    db.transaction(() => {
      migration.up(db);
      db.pragma(`user_version = ${migration.version}`);
    })();
  }
  return db.pragma('user_version', { simple: true }) as number;
}
