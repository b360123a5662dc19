import { join } from 'node:path';
import Database from 'better-sqlite3';
import { uuidv7, type Change } from '@seri/shared';
import {
  makeExpenseOp,
  makeExpenseOps,
  makeTempDir,
  makeTerminalIds,
  makeUser,
  manualClock,
  productChange,
  userChange,
} from '../../../test/main/factories';
import { QUEUE_MIGRATIONS, QUEUE_SCHEMA_VERSION, QueueSchemaTooNewError, migrateQueue } from './migrations';
import { META_KEYS, OpQueue } from './op-queue';

describe('OpQueue (better-sqlite3, temp files)', () => {
  let temp: ReturnType<typeof makeTempDir>;
  let file: string;
  const open: OpQueue[] = [];
  const openQueue = (options?: ConstructorParameters<typeof OpQueue>[1]): OpQueue => {
    const queue = new OpQueue(file, options);
    open.push(queue);
    return queue;
  };

  beforeEach(() => {
    temp = makeTempDir();
    file = join(temp.dir, 'queue.sqlite3');
  });
  afterEach(() => {
    for (const queue of open.splice(0)) queue.close();
    temp.cleanup();
  });

  it('opens with WAL, synchronous=FULL, foreign keys and a busy timeout', () => {
    openQueue().close();
    const db = new Database(file);
    try {
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(db.pragma('user_version', { simple: true })).toBe(QUEUE_SCHEMA_VERSION);
    } finally {
      db.close();
    }
    // synchronous, foreign_keys and busy_timeout are per connection: read them through the queue's own.
    const queue = openQueue();
    const pragmas = (queue as unknown as { db: Database.Database }).db;
    expect(pragmas.pragma('synchronous', { simple: true })).toBe(2);
    expect(pragmas.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(pragmas.pragma('busy_timeout', { simple: true })).toBe(5000);
  });

  it('[I2] a resent op is stored once', () => {
    const queue = openQueue();
    const op = makeExpenseOp();
    const other = makeExpenseOp();
    expect(queue.enqueue([op])).toEqual({ accepted: [op.opId] });
    // The renderer resends after a crash, possibly in a batch with new ops and twice in one batch.
    expect(queue.enqueue([op, other, op])).toEqual({ accepted: [op.opId, other.opId, op.opId] });
    const status = queue.status();
    expect(status.total).toBe(2);
    expect(status.pending).toBe(2);
    expect(queue.claimBatch(10).map((claimed) => claimed.opId)).toEqual([op.opId, other.opId]);
  });

  it('[I2] a resend of an op already synced leaves it synced and is not sent again', () => {
    const queue = openQueue();
    const op = makeExpenseOp();
    queue.enqueue([op]);
    queue.claimBatch(10);
    queue.applyResults([{ opId: op.opId, status: 'applied' }]);
    expect(queue.enqueue([op]).accepted).toEqual([op.opId]);
    expect(queue.claimBatch(10)).toEqual([]);
    expect(queue.opStates([op.opId])).toEqual([{ opId: op.opId, state: 'SYNCED' }]);
  });

  it('[I1] a queued op survives closing and reopening the database', () => {
    const first = openQueue();
    const ops = makeExpenseOps(3);
    first.enqueue(ops);
    first.close();

    const reopened = openQueue();
    const claimed = reopened.claimBatch(10);
    expect(claimed.map((c) => c.opId)).toEqual(ops.map((op) => op.opId));
    expect(claimed.map((c) => JSON.parse(c.body) as unknown)).toEqual(ops);
  });

  it('[I1] a SYNCING op left by a crash goes back to PENDING on open', () => {
    const crashed = openQueue();
    const ops = makeExpenseOps(2);
    crashed.enqueue(ops);
    expect(crashed.claimBatch(1).map((c) => c.opId)).toEqual([ops[0]!.opId]);
    // The crashed process never released its batch nor closed its connection.
    const restarted = openQueue();
    expect(restarted.opStates(ops.map((op) => op.opId))).toEqual([
      { opId: ops[0]!.opId, state: 'PENDING' },
      { opId: ops[1]!.opId, state: 'PENDING' },
    ]);
    expect(restarted.status().syncing).toBe(0);
    expect(restarted.claimBatch(10).map((c) => c.opId)).toEqual(ops.map((op) => op.opId));
  });

  it('[I7] a rejected op stays REJECTED with its reason and the ops behind it are still claimed', () => {
    const queue = openQueue();
    const [poison, ...behind] = makeExpenseOps(4);
    queue.enqueue([poison!, ...behind]);
    expect(queue.claimBatch(1).map((c) => c.opId)).toEqual([poison!.opId]);
    const changed = queue.applyResults([{ opId: poison!.opId, status: 'rejected', code: 'BUSINESS_RULE', reason: 'Produit inconnu' }]);
    expect(changed).toEqual([{ opId: poison!.opId, state: 'REJECTED', code: 'BUSINESS_RULE', reason: 'Produit inconnu' }]);

    expect(queue.claimBatch(10).map((c) => c.opId)).toEqual(behind.map((op) => op.opId));
    queue.applyResults(behind.map((op) => ({ opId: op.opId, status: 'applied' as const })));

    queue.close();
    const reopened = openQueue();
    expect(reopened.claimBatch(10)).toEqual([]);
    expect(reopened.problems()).toEqual([{ opId: poison!.opId, state: 'REJECTED', code: 'BUSINESS_RULE', reason: 'Produit inconnu' }]);
    expect(reopened.status()).toMatchObject({ total: 4, synced: 3, rejected: 1, pending: 0 });
  });

  it('claims in the order ops were made, retrying FAILED ops before newer ones', () => {
    const queue = openQueue();
    const ops = makeExpenseOps(5);
    queue.enqueue(ops.slice(0, 3));
    expect(queue.claimBatch(2).map((c) => c.opId)).toEqual([ops[0]!.opId, ops[1]!.opId]);
    queue.enqueue(ops.slice(3));
    // While the first batch is on the wire, the next claim takes what follows it.
    expect(queue.claimBatch(1).map((c) => c.opId)).toEqual([ops[2]!.opId]);
    expect(queue.releaseSyncing('réseau indisponible').map((r) => r.opId)).toEqual([ops[0]!.opId, ops[1]!.opId, ops[2]!.opId]);

    const retried = queue.claimBatch(10);
    expect(retried.map((c) => c.opId)).toEqual(ops.map((op) => op.opId));
    expect(retried.map((c) => c.attempts)).toEqual([1, 1, 1, 0, 0]);
  });

  it('keeps a batch under the byte budget but always takes at least one op', () => {
    const queue = openQueue();
    const ops = makeExpenseOps(3);
    queue.enqueue(ops);
    const oneOpBytes = Buffer.byteLength(JSON.stringify(ops[0]));
    expect(queue.claimBatch(10, oneOpBytes + 10).map((c) => c.opId)).toEqual([ops[0]!.opId]);
    expect(queue.claimBatch(10, 1).map((c) => c.opId)).toEqual([ops[1]!.opId]);
    expect(queue.claimBatch(0)).toEqual([]);
  });

  it('records applied and duplicate as SYNCED, and a transient failure as FAILED with its error', () => {
    const clock = manualClock();
    const queue = openQueue({ now: clock.now });
    const ops = makeExpenseOps(3);
    queue.enqueue(ops);
    queue.claimBatch(3);
    const changed = queue.applyResults([
      { opId: ops[0]!.opId, status: 'applied' },
      { opId: ops[1]!.opId, status: 'duplicate' },
    ]);
    expect(changed.map((c) => c.state)).toEqual(['SYNCED', 'SYNCED']);
    expect(queue.releaseSyncing('HTTP 503')).toEqual([{ opId: ops[2]!.opId, state: 'FAILED', reason: 'HTTP 503' }]);
    expect(queue.opStates([ops[2]!.opId, uuidv7(), ops[0]!.opId])).toEqual([
      { opId: ops[0]!.opId, state: 'SYNCED' },
      { opId: ops[2]!.opId, state: 'FAILED', reason: 'HTTP 503' },
    ]);
    expect(queue.problems()).toEqual([{ opId: ops[2]!.opId, state: 'FAILED', reason: 'HTTP 503' }]);
    // An answer for an op that is no longer open changes nothing.
    expect(queue.applyResults([{ opId: ops[0]!.opId, status: 'rejected', code: 'CONFLICT', reason: 'late' }])).toEqual([]);
  });

  it('reports counts per state, the age of the oldest unsent op and the last sync', () => {
    const clock = manualClock();
    const queue = openQueue({ now: clock.now });
    expect(queue.status()).toEqual({
      total: 0,
      pending: 0,
      syncing: 0,
      synced: 0,
      failed: 0,
      rejected: 0,
      oldestPendingAgeMs: null,
      lastSyncAt: null,
      lastError: null,
      online: false,
    });
    const ops = makeExpenseOps(4);
    queue.enqueue(ops.slice(0, 2));
    clock.advance(60_000);
    queue.enqueue(ops.slice(2));
    clock.advance(5_000);
    queue.claimBatch(3);
    queue.applyResults([{ opId: ops[0]!.opId, status: 'applied' }]);
    queue.applyResults([{ opId: ops[1]!.opId, status: 'rejected', code: 'VALIDATION', reason: 'x' }]);
    queue.setMetaMany({ [META_KEYS.lastSyncAt]: '2026-01-15T09:01:05.000Z', [META_KEYS.lastError]: 'hors ligne' });
    expect(queue.status()).toEqual({
      total: 4,
      pending: 1,
      syncing: 1,
      synced: 1,
      failed: 0,
      rejected: 1,
      oldestPendingAgeMs: 5_000,
      lastSyncAt: '2026-01-15T09:01:05.000Z',
      lastError: 'hors ligne',
      online: false,
    });
  });

  it('stores a pulled page, its cursor and the PIN hashes together, and hands pages out until acknowledged', () => {
    const queue = openQueue();
    const shopId = uuidv7();
    const cashier = makeUser({ shopId });
    const changes: Change[] = [userChange(cashier), productChange(shopId)];
    expect(queue.cursor()).toBe('0');
    const first = queue.storePulledPage(changes, 'c1', [{ userId: cashier.id, pinHash: '$2b$04$hash' }]);
    const second = queue.storePulledPage([productChange(shopId)], 'c2', []);
    expect(queue.storePulledPage([], 'c3', [])).toBeNull();

    expect(queue.cursor()).toBe('c3');
    expect(queue.credential(cashier.id)).toEqual({ userId: cashier.id, pinHash: '$2b$04$hash', name: 'Awa Diop', role: 'CASHIER', active: true });
    const pages = queue.pages(10);
    expect(pages.map((page) => page.pageId)).toEqual([first, second]);
    // The renderer gets the user record untouched, and never a PIN hash.
    expect(pages[0]!.changes).toEqual(changes);
    expect(JSON.stringify(pages)).not.toContain('$2b$');

    expect(queue.ackPages(first!)).toEqual({ remaining: 1 });
    expect(queue.pages(10).map((page) => page.pageId)).toEqual([second]);
    expect(queue.ackPages(second!)).toEqual({ remaining: 0 });
  });

  it('[I3] a page that fails to store leaves neither the page nor the cursor nor the credentials', () => {
    const queue = openQueue();
    const shopId = uuidv7();
    queue.storePulledPage([productChange(shopId)], 'c1', []);
    const user = makeUser({ shopId });
    // A value JSON cannot hold makes the last statement of the transaction throw.
    const unstorable = { ...productChange(shopId), data: { ...productChange(shopId).data, price: 10n } } as unknown as Change;
    expect(() => queue.storePulledPage([userChange(user), unstorable], 'c2', [{ userId: user.id, pinHash: 'h' }])).toThrow();
    expect(queue.cursor()).toBe('c1');
    expect(queue.pageCount()).toBe(1);
    expect(queue.credential(user.id)).toBeNull();
  });

  it('keeps login rows in step with pulled users: deactivated, deleted, hash before user', () => {
    const queue = openQueue();
    const user = makeUser();
    queue.storePulledPage([], 'c1', [{ userId: user.id, pinHash: 'h1' }]);
    expect(queue.credential(user.id)).toMatchObject({ pinHash: 'h1', active: false, name: null });
    queue.storePulledPage([userChange(user)], 'c2', []);
    expect(queue.credential(user.id)).toMatchObject({ pinHash: 'h1', active: true, name: user.name });
    queue.storePulledPage([userChange({ ...user, active: false })], 'c3', []);
    expect(queue.credential(user.id)).toMatchObject({ pinHash: 'h1', active: false });
    queue.storePulledPage([{ entity: 'user', entityId: user.id, op: 'delete' }], 'c4', []);
    expect(queue.credential(user.id)).toBeNull();
  });

  it('keeps meta values, deletes them with null', () => {
    const queue = openQueue();
    queue.setMeta('server_url', 'http://127.0.0.1:3000');
    expect(queue.getMeta('server_url')).toBe('http://127.0.0.1:3000');
    queue.setMeta('server_url', null);
    expect(queue.getMeta('server_url')).toBeNull();
  });

  it('claims and releases through partial indexes, not a scan of every op', () => {
    openQueue();
    const db = new Database(file, { readonly: true });
    try {
      const plan = db
        .prepare(`EXPLAIN QUERY PLAN SELECT seq FROM ops WHERE state IN ('PENDING', 'SYNCING', 'FAILED') AND state <> 'SYNCING' ORDER BY seq LIMIT 10`)
        .all() as { detail: string }[];
      expect(plan.map((row) => row.detail).join('\n')).toMatch(/USING (COVERING )?INDEX ops_open/);
      const release = db.prepare(`EXPLAIN QUERY PLAN UPDATE ops SET state = 'FAILED' WHERE state = 'SYNCING'`).all() as { detail: string }[];
      expect(release.map((row) => row.detail).join('\n')).toMatch(/USING (COVERING )?INDEX ops_syncing/);
    } finally {
      db.close();
    }
  });
});

describe('queue migrations', () => {
  let temp: ReturnType<typeof makeTempDir>;
  beforeEach(() => {
    temp = makeTempDir();
  });
  afterEach(() => temp.cleanup());

  it('are numbered 1..N without gaps', () => {
    expect(QUEUE_MIGRATIONS.map((m) => m.version)).toEqual(Array.from({ length: QUEUE_SCHEMA_VERSION }, (_, i) => i + 1));
  });

  it.each(QUEUE_MIGRATIONS.slice(0, -1).map((m) => m.version))(
    '[I1] a database at version %i migrates forward keeping its queued ops',
    (version) => {
      const file = join(temp.dir, `v${version}.sqlite3`);
      const ids = makeTerminalIds();
      const ops = makeExpenseOps(3, ids);
      const old = new Database(file);
      expect(migrateQueue(old, version)).toBe(version);
      const insert = old.prepare(
        `INSERT INTO ops (op_id, entity, kind, body, state, created_at, updated_at, result_code, result_reason) VALUES (?, ?, ?, ?, ?, 1, 1, ?, ?)`,
      );
      insert.run(ops[0]!.opId, ops[0]!.entity, ops[0]!.kind, JSON.stringify(ops[0]), 'SYNCED', 'applied', null);
      insert.run(ops[1]!.opId, ops[1]!.entity, ops[1]!.kind, JSON.stringify(ops[1]), 'REJECTED', 'CONFLICT', 'déjà annulée');
      insert.run(ops[2]!.opId, ops[2]!.entity, ops[2]!.kind, JSON.stringify(ops[2]), 'SYNCING', null, null);
      old.close();

      const queue = new OpQueue(file);
      try {
        expect(queue.status()).toMatchObject({ total: 3, synced: 1, rejected: 1, pending: 1, syncing: 0 });
        expect(queue.problems()).toEqual([{ opId: ops[1]!.opId, state: 'REJECTED', code: 'CONFLICT', reason: 'déjà annulée' }]);
        expect(queue.claimBatch(10).map((c) => JSON.parse(c.body) as unknown)).toEqual([ops[2]]);
      } finally {
        queue.close();
      }
      const after = new Database(file, { readonly: true });
      expect(after.pragma('user_version', { simple: true })).toBe(QUEUE_SCHEMA_VERSION);
      after.close();
    },
  );

  it('refuses a database written by a newer build instead of guessing', () => {
    const file = join(temp.dir, 'future.sqlite3');
    const db = new Database(file);
    db.pragma(`user_version = ${QUEUE_SCHEMA_VERSION + 1}`);
    db.close();
    expect(() => new OpQueue(file)).toThrow(QueueSchemaTooNewError);
  });
});

describe('OpQueue retention (I12)', () => {
  let temp: ReturnType<typeof makeTempDir>;
  let file: string;
  const open: OpQueue[] = [];
  const openQueue = (options?: ConstructorParameters<typeof OpQueue>[1]): OpQueue => {
    const queue = new OpQueue(file, options);
    open.push(queue);
    return queue;
  };

  beforeEach(() => {
    temp = makeTempDir();
    file = join(temp.dir, 'queue.sqlite3');
  });
  afterEach(() => {
    for (const queue of open.splice(0)) queue.close();
    temp.cleanup();
  });

  it('[I12] retention deletes old SYNCED ops only; REJECTED and unsynced ops stay; the file gives the space back', () => {
    const clock = manualClock();
    const queue = openQueue({ now: clock.now });
    const old = makeExpenseOps(3_000);
    queue.enqueue(old);
    const claimed = queue.claimBatch(3_000);
    const [rejected, failed, ...synced] = claimed;
    queue.applyResults(synced.map((op) => ({ opId: op.opId, status: 'applied' as const })));
    queue.applyResults([{ opId: rejected!.opId, status: 'rejected', code: 'BUSINESS_RULE', reason: 'Période clôturée' }]);
    queue.releaseSyncing('timeout', 'FAILED', [failed!.opId]);
    clock.advance(8 * 24 * 60 * 60_000);
    const recent = makeExpenseOps(1);
    queue.enqueue(recent);
    // The FAILED op is retried first and fails again; the recent one syncs.
    expect(queue.claimBatch(2).map((op) => op.opId)).toEqual([failed!.opId, recent[0]!.opId]);
    queue.applyResults([{ opId: recent[0]!.opId, status: 'applied' }]);
    queue.releaseSyncing('timeout', 'FAILED');
    const pending = makeExpenseOps(2);
    queue.enqueue(pending);
    const bytesBefore = queue.fileBytes();

    let pruned = 0;
    for (let slice = queue.pruneSynced(clock.now() - 7 * 24 * 60 * 60_000, 500); slice > 0; slice = queue.pruneSynced(clock.now() - 7 * 24 * 60 * 60_000, 500)) pruned += slice;

    expect(pruned).toBe(synced.length);
    const status = queue.status();
    expect(status).toMatchObject({ rejected: 1, failed: 1, pending: 2, synced: 1, total: 5 });
    const states = new Map(queue.opStates([rejected!.opId, failed!.opId, ...pending.map((op) => op.opId), recent[0]!.opId]).map((row) => [row.opId, row.state]));
    expect([rejected, failed, ...pending, recent[0]].map((op) => states.get(op!.opId))).toEqual(['REJECTED', 'FAILED', 'PENDING', 'PENDING', 'SYNCED']);
    expect(queue.opStates([synced[0]!.opId])).toEqual([]);
    expect(queue.compact(1)).toBe('incremental');
    expect(queue.fileBytes()).toBeLessThan(bytesBefore);
  });

  it('[I12] a queue file made before incremental vacuum is converted by one full VACUUM when enough of it is free', () => {
    const db = new Database(file);
    db.pragma('journal_mode = WAL');
    migrateQueue(db);
    db.close();
    const clock = manualClock();
    const queue = openQueue({ now: clock.now });
    const ops = makeExpenseOps(2_000);
    queue.enqueue(ops);
    queue.applyResults(queue.claimBatch(2_000).map((op) => ({ opId: op.opId, status: 'applied' as const })));
    clock.advance(30 * 24 * 60 * 60_000);
    while (queue.pruneSynced(clock.now(), 500) > 0);
    const pragmas = (queue as unknown as { db: Database.Database }).db;
    expect(pragmas.pragma('auto_vacuum', { simple: true })).toBe(0);
    expect(queue.compact(1)).toBe('full');
    expect(pragmas.pragma('auto_vacuum', { simple: true })).toBe(2);
    expect(queue.status().total).toBe(0);
  });
});
