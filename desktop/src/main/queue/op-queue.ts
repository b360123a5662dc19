import Database from 'better-sqlite3';
import {
  INITIAL_CURSOR,
  QUEUE_STATES,
  type AnyOp,
  type Change,
  type OpResult,
  type OpStateReport,
  type PulledPage,
  type PulledPageText,
  type QueueState,
  type SyncStatus,
  type UserCredential,
} from '@seri/shared';
import { migrateQueue } from './migrations';

/** Meta keys main keeps in the queue database; one place so no two modules collide. */
export const META_KEYS = {
  cursor: 'cursor',
  lastSyncAt: 'last_sync_at',
  lastError: 'last_error',
  serverHlc: 'server_hlc',
  /** A fresh terminal's bootstrap (I12): 'state' while the state pass runs, 'history' during the window's pass; absent after. */
  bootstrapPhase: 'bootstrap_phase',
  /** Where the state pass ended: the history pass goes up to it, the feed goes on after it. */
  bootstrapUntil: 'bootstrap_until',
  /** The history pass's own cursor. */
  historyCursor: 'history_cursor',
} as const;

/**
 * An op taken for a push. `body` is the op's JSON as it was stored (the renderer's op,
 * validated on the way in): it goes to the server as it is, never parsed and written again.
 */
export interface ClaimedOp {
  seq: number;
  opId: string;
  entity: AnyOp['entity'];
  kind: AnyOp['kind'];
  body: string;
  attempts: number;
}

export interface OpQueueOptions {
  /** Wall clock in ms; injectable so tests never depend on the real time. */
  now?: () => number;
  busyTimeoutMs?: number;
}

interface OpRow {
  seq: number;
  op_id: string;
  entity: AnyOp['entity'];
  kind: AnyOp['kind'];
  body: string;
  attempts: number;
}

interface StateRow {
  op_id: string;
  state: QueueState;
  result_code: string | null;
  result_reason: string | null;
  last_error: string | null;
}

/** Rows of the queue in states that still need the network or a person. */
const OPEN = `state IN ('PENDING', 'SYNCING', 'FAILED')`;
const PROBLEM = `state IN ('FAILED', 'REJECTED')`;

function toReport(row: StateRow): OpStateReport {
  switch (row.state) {
    case 'REJECTED':
      return { opId: row.op_id, state: row.state, code: row.result_code ?? 'REJECTED', reason: row.result_reason ?? '' };
    case 'FAILED':
      return row.last_error === null ? { opId: row.op_id, state: row.state } : { opId: row.op_id, state: row.state, reason: row.last_error };
    case 'PENDING':
    case 'SYNCING':
    case 'SYNCED':
      return { opId: row.op_id, state: row.state };
  }
}

/**
 * Main's durable queue of ops waiting for the server, on better-sqlite3 (WAL,
 * synchronous=FULL): once `enqueue` returns, the ops survive a crash of main or a power cut
 * (I1). Every write that must be all-or-nothing is one transaction. One instance per file;
 * not shared between processes.
 */
export class OpQueue {
  private readonly db: Database.Database;
  private readonly now: () => number;
  private readonly stmts: ReturnType<OpQueue['prepare']>;

  constructor(readonly path: string, options: OpQueueOptions = {}) {
    this.now = options.now ?? Date.now;
    this.db = new Database(path);
    try {
      // A new file reclaims the pages pruned ops leave (I12) bit by bit, without a full
      // VACUUM; it can only be chosen before the first table. Older files convert in compact().
      if ((this.db.pragma('page_count', { simple: true }) as number) === 0) this.db.pragma('auto_vacuum = INCREMENTAL');
      this.db.pragma('journal_mode = WAL');
      this.db.pragma('synchronous = FULL');
      this.db.pragma('foreign_keys = ON');
      this.db.pragma(`busy_timeout = ${Math.max(0, Math.floor(options.busyTimeoutMs ?? 5000))}`);
      migrateQueue(this.db);
    } catch (error) {
      this.db.close();
      throw error;
    }
    this.stmts = this.prepare();
    // A batch that was on the wire when main died may or may not have reached the server;
    // sending it again is safe because the server applies each opId once (I2).
    this.stmts.recoverSyncing.run(this.now());
  }

  private prepare() {
    const db = this.db;
    return {
      insertOp: db.prepare<[string, string, string, string, number, number]>(
        `INSERT OR IGNORE INTO ops (op_id, entity, kind, body, state, created_at, updated_at) VALUES (?, ?, ?, ?, 'PENDING', ?, ?)`,
      ),
      // The SYNCING filter repeats the partial index's condition so SQLite uses that index.
      claimable: db.prepare<[number], OpRow>(
        `SELECT seq, op_id, entity, kind, body, attempts FROM ops WHERE ${OPEN} AND state <> 'SYNCING' ORDER BY seq LIMIT ?`,
      ),
      // One statement per batch (a JSON array of seqs), not one per op.
      markSyncing: db.prepare<[number, string]>(`UPDATE ops SET state = 'SYNCING', updated_at = ? WHERE seq IN (SELECT value FROM json_each(?))`),
      // The applied and duplicate answers of a push at once: `[[opId, status], …]`.
      markSynced: db.prepare<[number, number, string], { op_id: string }>(
        `UPDATE ops SET state = 'SYNCED', result_code = answer.status, result_reason = NULL, last_error = NULL, synced_at = ?, updated_at = ?
           FROM (SELECT value ->> 0 AS op_id, value ->> 1 AS status FROM json_each(?)) AS answer
          WHERE ops.op_id = answer.op_id AND ops.${OPEN}
          RETURNING ops.op_id`,
      ),
      markRejected: db.prepare<[string, string, number, string]>(
        `UPDATE ops SET state = 'REJECTED', result_code = ?, result_reason = ?, updated_at = ? WHERE op_id = ? AND ${OPEN}`,
      ),
      releaseSyncing: db.prepare<[string, string, number], { op_id: string }>(
        `UPDATE ops SET state = ?, attempts = attempts + 1, last_error = ?, updated_at = ?
         WHERE state = 'SYNCING' RETURNING op_id`,
      ),
      releaseSyncingOf: db.prepare<[string, string, number, string], { op_id: string }>(
        `UPDATE ops SET state = ?, attempts = attempts + 1, last_error = ?, updated_at = ?
         WHERE state = 'SYNCING' AND op_id IN (SELECT value FROM json_each(?)) RETURNING op_id`,
      ),
      pruneSynced: db.prepare<[number, number]>(
        `DELETE FROM ops WHERE seq IN (SELECT seq FROM ops WHERE state = 'SYNCED' AND synced_at < ? ORDER BY seq LIMIT ?)`,
      ),
      recoverSyncing: db.prepare<[number]>(`UPDATE ops SET state = 'PENDING', updated_at = ? WHERE state = 'SYNCING'`),
      counts: db.prepare<[], { state: QueueState; n: number }>(`SELECT state, n FROM op_counts`),
      oldestOpen: db.prepare<[], { created_at: number }>(`SELECT created_at FROM ops WHERE ${OPEN} ORDER BY seq LIMIT 1`),
      statesOf: db.prepare<[string], StateRow>(
        `SELECT op_id, state, result_code, result_reason, last_error FROM ops WHERE op_id IN (SELECT value FROM json_each(?)) ORDER BY seq`,
      ),
      problems: db.prepare<[number], StateRow>(
        `SELECT op_id, state, result_code, result_reason, last_error FROM ops WHERE ${PROBLEM} ORDER BY seq LIMIT ?`,
      ),
      insertPage: db.prepare<[string, number]>(`INSERT INTO pulled_pages (changes, created_at) VALUES (?, ?)`),
      pages: db.prepare<[number], { page_id: number; changes: string }>(
        `SELECT page_id, changes FROM pulled_pages ORDER BY page_id LIMIT ?`,
      ),
      pagesAfter: db.prepare<[number, number], { page_id: number; changes: string }>(
        `SELECT page_id, changes FROM pulled_pages WHERE page_id > ? ORDER BY page_id LIMIT ?`,
      ),
      ackPages: db.prepare<[number]>(`DELETE FROM pulled_pages WHERE page_id <= ?`),
      pageCount: db.prepare<[], { n: number }>(`SELECT count(*) AS n FROM pulled_pages`),
      upsertPinHash: db.prepare<[string, string | null]>(
        `INSERT INTO credentials (user_id, pin_hash) VALUES (?, ?) ON CONFLICT (user_id) DO UPDATE SET pin_hash = excluded.pin_hash`,
      ),
      upsertUser: db.prepare<[string, string, string, number]>(
        `INSERT INTO credentials (user_id, name, role, active) VALUES (?, ?, ?, ?)
         ON CONFLICT (user_id) DO UPDATE SET name = excluded.name, role = excluded.role, active = excluded.active`,
      ),
      deleteUser: db.prepare<[string]>(`DELETE FROM credentials WHERE user_id = ?`),
      credential: db.prepare<[string], { user_id: string; pin_hash: string | null; name: string | null; role: string | null; active: number }>(
        `SELECT user_id, pin_hash, name, role, active FROM credentials WHERE user_id = ?`,
      ),
      getMeta: db.prepare<[string], { value: string }>(`SELECT value FROM meta WHERE key = ?`),
      setMeta: db.prepare<[string, string]>(
        `INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
      ),
      deleteMeta: db.prepare<[string]>(`DELETE FROM meta WHERE key = ?`),
    };
  }

  /**
   * Stores ops in one transaction. A resent opId is ignored (the renderer resends after any
   * crash); `accepted` lists every opId now safely stored, new or already there, so the
   * renderer can mark all of them handed over.
   */
  enqueue(ops: readonly AnyOp[]): { accepted: string[] } {
    const now = this.now();
    this.db.transaction(() => {
      for (const op of ops) this.stmts.insertOp.run(op.opId, op.entity, op.kind, JSON.stringify(op), now, now);
    })();
    return { accepted: ops.map((op) => op.opId) };
  }

  /**
   * Takes the oldest PENDING or FAILED ops, in the order they were made, and marks them
   * SYNCING. REJECTED ops are never taken again, so one poison op cannot hold back the ops
   * behind it (I7). At least one op is taken even if it alone exceeds `maxBytes`.
   */
  claimBatch(max: number, maxBytes: number = Number.POSITIVE_INFINITY): ClaimedOp[] {
    if (max < 1) return [];
    return this.db.transaction(() => {
      const rows = this.stmts.claimable.all(Math.floor(max));
      const claimed: ClaimedOp[] = [];
      let bytes = 0;
      const now = this.now();
      for (const row of rows) {
        bytes += Buffer.byteLength(row.body);
        if (claimed.length > 0 && bytes > maxBytes) break;
        claimed.push({ seq: row.seq, opId: row.op_id, entity: row.entity, kind: row.kind, body: row.body, attempts: row.attempts });
      }
      if (claimed.length > 0) this.stmts.markSyncing.run(now, JSON.stringify(claimed.map((op) => op.seq)));
      return claimed;
    })();
  }

  /**
   * Records the server's answer per op: applied and duplicate are SYNCED (the server holds
   * the op exactly once either way, I2); rejected is REJECTED with the server's code and
   * reason, kept for a manager and never sent again (I7). Returns the ops whose state changed.
   */
  applyResults(results: readonly OpResult[]): OpStateReport[] {
    const now = this.now();
    return this.db.transaction(() => {
      const changed: OpStateReport[] = [];
      const synced = results.flatMap((result) => (result.status === 'rejected' ? [] : [[result.opId, result.status]]));
      if (synced.length > 0) {
        for (const row of this.stmts.markSynced.all(now, now, JSON.stringify(synced))) changed.push({ opId: row.op_id, state: 'SYNCED' });
      }
      // Rejections are few: one statement each, with their own code and reason.
      for (const result of results) {
        if (result.status !== 'rejected') continue;
        if (this.stmts.markRejected.run(result.code, result.reason, now, result.opId).changes > 0) {
          changed.push({ opId: result.opId, state: 'REJECTED', code: result.code, reason: result.reason });
        }
      }
      return changed;
    })();
  }

  /**
   * A push that failed transiently: its ops become FAILED (or PENDING) and are retried first
   * next time. `opIds` limits it to one batch's ops, when another batch is still on the wire.
   */
  releaseSyncing(error: string, state: 'FAILED' | 'PENDING' = 'FAILED', opIds?: readonly string[]): OpStateReport[] {
    const rows = opIds ? this.stmts.releaseSyncingOf.all(state, error, this.now(), JSON.stringify(opIds)) : this.stmts.releaseSyncing.all(state, error, this.now());
    return rows.map((row): OpStateReport => ({ opId: row.op_id, state, reason: error }));
  }

  /**
   * Retention (I12): deletes up to `slice` SYNCED ops synced before `syncedBefore`, oldest
   * first, in one short transaction; answers how many went. PENDING, SYNCING and FAILED ops
   * are still to send (I1) and REJECTED ones wait for a manager (I7): neither is ever touched.
   * Should the renderer ask about a pruned op, main no longer knows it and the op is sent
   * again, which the server answers `duplicate` (its idempotency horizon is far longer).
   * No index serves the scan (one would cost every sync an index write): SYNCED ops sit at
   * the front, in seq order, so it stops at the slice.
   */
  pruneSynced(syncedBefore: number, slice = 500): number {
    return this.stmts.pruneSynced.run(syncedBefore, Math.max(1, Math.floor(slice))).changes;
  }

  /**
   * Gives the pages pruned ops left back to the file system, when worth it: an incremental
   * vacuum of the free pages, or, on a file made before incremental vacuum, one full VACUUM
   * that also converts it (seconds at most; main calls it between sync passes).
   */
  compact(minFreePages = 256): 'incremental' | 'full' | 'none' {
    const free = this.db.pragma('freelist_count', { simple: true }) as number;
    const pages = this.db.pragma('page_count', { simple: true }) as number;
    if (free < minFreePages) return 'none';
    if ((this.db.pragma('auto_vacuum', { simple: true }) as number) === 2) {
      this.db.pragma('incremental_vacuum');
      return 'incremental';
    }
    // A full rewrite is only worth it when a good share of the file is free.
    if (free * 4 < pages) return 'none';
    this.db.pragma('auto_vacuum = INCREMENTAL');
    this.db.exec('VACUUM');
    return 'full';
  }

  /** Size of the queue file in bytes (pages × page size), for diagnostics and benchmarks. */
  fileBytes(): number {
    return (this.db.pragma('page_count', { simple: true }) as number) * (this.db.pragma('page_size', { simple: true }) as number);
  }

  /** Counts per state; `online` is the worker's to fill. */
  status(): SyncStatus {
    const counts: Record<QueueState, number> = { PENDING: 0, SYNCING: 0, SYNCED: 0, FAILED: 0, REJECTED: 0 };
    for (const row of this.stmts.counts.all()) counts[row.state] = row.n;
    const oldest = this.stmts.oldestOpen.get();
    return {
      total: QUEUE_STATES.reduce((sum, state) => sum + counts[state], 0),
      pending: counts.PENDING,
      syncing: counts.SYNCING,
      synced: counts.SYNCED,
      failed: counts.FAILED,
      rejected: counts.REJECTED,
      oldestPendingAgeMs: oldest ? Math.max(0, this.now() - oldest.created_at) : null,
      lastSyncAt: this.getMeta(META_KEYS.lastSyncAt),
      lastError: this.getMeta(META_KEYS.lastError),
      online: false,
    };
  }

  /** States of the given ops; an opId main has never stored is absent, so the renderer resends it. */
  opStates(opIds: readonly string[]): OpStateReport[] {
    if (opIds.length === 0) return [];
    return this.stmts.statesOf.all(JSON.stringify(opIds)).map(toReport);
  }

  /** FAILED and REJECTED ops, oldest first: what Settings shows a manager. */
  problems(limit = 1000): OpStateReport[] {
    return this.stmts.problems.all(limit).map(toReport);
  }

  /**
   * Stores one pulled page, the cursor after it and the users' PIN hashes in ONE transaction:
   * a crash never keeps a cursor without its changes (which would skip them, I3) nor changes
   * without their cursor (which only re-pulls them). `user` changes also fill the login table,
   * and are left in `changes` for the renderer; PIN hashes never go into `changes`.
   * Returns the new page id, or null when the page held no change.
   */
  storePulledPage(changes: readonly Change[], cursor: string, credentials: readonly UserCredential[], cursorKey: string = META_KEYS.cursor): number | null {
    return this.db.transaction(() => {
      for (const credential of credentials) this.stmts.upsertPinHash.run(credential.userId, credential.pinHash);
      for (const change of changes) {
        if (change.entity !== 'user') continue;
        if (change.op === 'delete') this.stmts.deleteUser.run(change.entityId);
        else this.stmts.upsertUser.run(change.entityId, change.data.name, change.data.role, change.data.active ? 1 : 0);
      }
      this.stmts.setMeta.run(cursorKey, cursor);
      if (changes.length === 0) return null;
      return Number(this.stmts.insertPage.run(JSON.stringify(changes), this.now()).lastInsertRowid);
    })();
  }

  cursor(): string {
    return this.getMeta(META_KEYS.cursor) ?? INITIAL_CURSOR;
  }

  /** Pulled pages not yet applied by the renderer, oldest first. */
  pages(limit: number): PulledPage[] {
    return this.stmts.pages.all(limit).map((row) => ({ pageId: row.page_id, changes: JSON.parse(row.changes) as Change[] }));
  }

  /**
   * The same pages as `pages` (only those after page `after` when given), their changes left
   * as the JSON text stored here: what `sync:pages` hands the renderer, which parses it (no
   * parse and re-clone in main).
   */
  pageTexts(limit: number, after?: number): PulledPageText[] {
    const rows = after === undefined ? this.stmts.pages.all(limit) : this.stmts.pagesAfter.all(after, limit);
    return rows.map((row) => ({ pageId: row.page_id, changes: row.changes }));
  }

  /** The renderer applied every page up to `upToPageId` in Dexie; they can go. */
  ackPages(upToPageId: number): { remaining: number } {
    this.stmts.ackPages.run(upToPageId);
    return { remaining: this.pageCount() };
  }

  pageCount(): number {
    return this.stmts.pageCount.get()?.n ?? 0;
  }

  credential(userId: string): { userId: string; pinHash: string | null; name: string | null; role: string | null; active: boolean } | null {
    const row = this.stmts.credential.get(userId);
    if (!row) return null;
    return { userId: row.user_id, pinHash: row.pin_hash, name: row.name, role: row.role, active: row.active === 1 };
  }

  getMeta(key: string): string | null {
    return this.stmts.getMeta.get(key)?.value ?? null;
  }

  setMeta(key: string, value: string | null): void {
    if (value === null) this.stmts.deleteMeta.run(key);
    else this.stmts.setMeta.run(key, value);
  }

  /** Several meta keys at once, all or none (a null value deletes the key). */
  setMetaMany(entries: Readonly<Record<string, string | null>>): void {
    this.db.transaction(() => {
      for (const [key, value] of Object.entries(entries)) this.setMeta(key, value);
    })();
  }

  get isOpen(): boolean {
    return this.db.open;
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
