import { join } from 'node:path';
import { uuidv7, type AnyOp, type IpcEvent, type IpcEvents, type OpStateReport, type SyncStatus } from '@seri/shared';
import { FakeSyncServer, ManualTimers } from '../../../test/main/fake-sync-server';
import { makeExpenseOp, makeExpenseOps, makeTempDir, makeUser, manualClock, productChange, userChange } from '../../../test/main/factories';
import { META_KEYS, OpQueue } from '../queue/op-queue';
import { SyncClient } from './sync-client';
import { SyncWorker, type SyncWorkerOptions } from './sync-worker';

type Emitted = { [E in IpcEvent]: { event: E; data: IpcEvents[E] } }[IpcEvent];

describe('SyncWorker against a local imitation of the sync API', () => {
  let temp: ReturnType<typeof makeTempDir>;
  let server: FakeSyncServer;
  let queue: OpQueue;
  let timers: ManualTimers;
  let emitted: Emitted[];
  let token: string;
  const workers: SyncWorker[] = [];
  const clock = manualClock();

  const makeWorker = (options: Partial<SyncWorkerOptions> = {}): SyncWorker => {
    const worker = new SyncWorker({
      queue,
      client: new SyncClient({ timeoutMs: 5_000 }),
      connection: () => Promise.resolve({ serverUrl: server.url, token }),
      emit: (event, data) => emitted.push({ event, data } as Emitted),
      timers,
      now: clock.now,
      backoff: { random: () => 0.5 },
      periodicMs: 300_000,
      // These tests follow the feed's walk page by page; the two-pass bootstrap has its own.
      twoPassBootstrap: false,
      ...options,
    });
    workers.push(worker);
    return worker;
  };
  const events = <E extends IpcEvent>(name: E): IpcEvents[E][] =>
    emitted.filter((e): e is Extract<Emitted, { event: E }> => e.event === name).map((e) => e.data as IpcEvents[E]);
  const opStateEvents = (): OpStateReport[] => events('sync:op-states').flat();

  beforeEach(async () => {
    temp = makeTempDir();
    server = new FakeSyncServer();
    await server.start();
    token = server.issueToken();
    queue = new OpQueue(join(temp.dir, 'queue.sqlite3'), { now: clock.now });
    timers = new ManualTimers();
    emitted = [];
  });
  afterEach(async () => {
    for (const worker of workers.splice(0)) await worker.stop();
    queue.close();
    await server.stop();
    temp.cleanup();
  });

  it('pushes in batches in the order ops were made, then pulls every page', async () => {
    const ops = makeExpenseOps(5);
    queue.enqueue(ops);
    const shopId = uuidv7();
    for (let i = 0; i < 5; i += 1) server.addChange(productChange(shopId, `Produit ${i}`));
    const worker = makeWorker({ pushBatchSize: 2, pullLimit: 2 });

    const status = await worker.syncNow();

    expect(server.pushedOpIds()).toEqual([
      [ops[0]!.opId, ops[1]!.opId],
      [ops[2]!.opId, ops[3]!.opId],
      [ops[4]!.opId],
    ]);
    expect(server.pushes().every((r) => r.authorization === `Bearer ${token}`)).toBe(true);
    expect(server.appliedOrder).toEqual(ops.map((op) => op.opId));
    expect(status).toMatchObject({ total: 5, synced: 5, pending: 0, online: true, lastError: null });
    expect(status.lastSyncAt).toBe(new Date(clock.now()).toISOString());

    const pulls = server.requests.filter((r) => r.path === '/api/sync/pull').map((r) => r.query.get('cursor'));
    expect(pulls).toEqual(['0', '2', '4']);
    expect(queue.cursor()).toBe('5');
    expect(queue.pages(10).flatMap((page) => page.changes)).toEqual(server.changes);
    expect(events('sync:pages-available')).toEqual([{ count: 1 }, { count: 2 }, { count: 3 }]);
    expect(opStateEvents().filter((r) => r.state === 'SYNCED').map((r) => r.opId)).toEqual(ops.map((op) => op.opId));
    expect(events('sync:status').at(-1)).toEqual(status);
  });

  it('[I12][I3] a fresh terminal takes the shop state first, then the window history up to where it ended, then the feed: every change once, in its pass', async () => {
    const shopId = uuidv7();
    const expense = (note: string) => {
      const op = makeExpenseOp(undefined, { note });
      const payload = op.payload as { id: string; category: string; amount: number; note: string; date: string };
      return { entity: 'expense' as const, entityId: payload.id, op: 'upsert' as const, data: { ...payload, shopId, deleted: false, hlc: op.hlc, updatedAt: payload.date } };
    };
    const feed = [productChange(shopId, 'A'), expense('e1'), productChange(shopId, 'B'), expense('e2'), productChange(shopId, 'C')];
    for (const change of feed) server.addChange(change);
    const worker = makeWorker({ twoPassBootstrap: true, pullLimit: 1, pullCatchUpLimit: 1 });

    await worker.syncNow();

    const pulls = server.requests.filter((r) => r.path === '/api/sync/pull').map((r) => [r.query.get('scope') ?? 'all', r.query.get('cursor'), r.query.get('until')]);
    expect(pulls[0]).toEqual(['state', '0', null]);
    expect(pulls.filter(([scope]) => scope === 'history').every(([, , until]) => until === '5')).toBe(true);
    const names = queue.pages(100).flatMap((page) => page.changes).map((change) => (change.op !== 'upsert' ? '?' : change.entity === 'product' ? change.data.name : change.entity === 'expense' ? change.data.note : '?'));
    // The catalogue first (the till can sell), then the window's expenses, each once.
    expect(names).toEqual(['A', 'B', 'C', 'e1', 'e2']);
    expect(queue.cursor()).toBe('5');
    expect(queue.getMeta(META_KEYS.bootstrapPhase)).toBeNull();

    // Then the feed from where the state pass ended: a new change comes once.
    server.addChange(productChange(shopId, 'D'));
    await worker.syncNow();
    expect(queue.pages(100).flatMap((page) => page.changes)).toHaveLength(6);
    expect(server.requests.filter((r) => r.path === '/api/sync/pull').at(-1)?.query.get('scope')).toBeNull();
  });

  it('[I3] catches up in bigger pages once the server says more is waiting, skipping nothing', async () => {
    const shopId = uuidv7();
    for (let i = 0; i < 9; i += 1) server.addChange(productChange(shopId, `Produit ${i}`));
    const worker = makeWorker({ pullLimit: 2, pullCatchUpLimit: 4 });

    await worker.syncNow();

    const limits = server.requests.filter((r) => r.path === '/api/sync/pull').map((r) => r.query.get('limit'));
    expect(limits).toEqual(['2', '4', '4']);
    expect(queue.pages(10).flatMap((page) => page.changes)).toEqual(server.changes);
    expect(queue.cursor()).toBe('9');
  });

  it('[I7] a poison op sits REJECTED with its reason while every op behind it syncs', async () => {
    const [first, poison, ...behind] = makeExpenseOps(5);
    queue.enqueue([first!, poison!, ...behind]);
    server.rejectOps.set(poison!.opId, { code: 'BUSINESS_RULE', reason: 'Dépense sur une période clôturée' });
    const worker = makeWorker({ pushBatchSize: 2 });

    const status = await worker.syncNow();

    expect(status).toMatchObject({ synced: 4, rejected: 1, pending: 0, failed: 0 });
    expect(queue.problems()).toEqual([{ opId: poison!.opId, state: 'REJECTED', code: 'BUSINESS_RULE', reason: 'Dépense sur une période clôturée' }]);
    expect(opStateEvents()).toContainEqual({ opId: poison!.opId, state: 'REJECTED', code: 'BUSINESS_RULE', reason: 'Dépense sur une période clôturée' });
    // Never sent again, never discarded.
    await worker.syncNow();
    expect(server.pushedOpIds().flat().filter((id) => id === poison!.opId)).toHaveLength(1);
    expect(queue.status().total).toBe(5);
  });

  it('[I7] a batch refused as a whole is split until the op at fault is REJECTED with the server message', async () => {
    const ops = makeExpenseOps(6);
    queue.enqueue(ops);
    const culprit = ops[4]!;
    server.poisonBatch.add(culprit.opId);
    const worker = makeWorker({ pushBatchSize: 6 });

    const status = await worker.syncNow();

    expect(status).toMatchObject({ synced: 5, rejected: 1, failed: 0, pending: 0, online: true, lastError: null });
    const [problem] = queue.problems();
    expect(problem).toMatchObject({ opId: culprit.opId, state: 'REJECTED', code: 'VALIDATION' });
    expect(problem!.reason).toContain('HTTP 400');
    expect(problem!.reason).toContain('amount must be an integer amount in minor units');
    // Order is kept while bisecting: the server applied the good ops as they were made.
    expect(server.appliedOrder).toEqual(ops.filter((op) => op !== culprit).map((op) => op.opId));
  });

  it('[I7] an op too large for the server (413) is set aside and the queue moves on', async () => {
    const ops = makeExpenseOps(3);
    queue.enqueue(ops);
    server.fail('/api/sync/push', { status: 413, body: { statusCode: 413, error: 'Payload Too Large', message: 'request entity too large' } }, 3);
    const worker = makeWorker({ pushBatchSize: 3 });

    const status = await worker.syncNow();

    // 413 for [a,b,c], then [a,b] → 413 again, then [a] → 413: a is rejected; b, then c go through.
    expect(status).toMatchObject({ synced: 2, rejected: 1 });
    expect(queue.problems()[0]).toMatchObject({ opId: ops[0]!.opId, state: 'REJECTED', code: 'VALIDATION' });
    expect(queue.problems()[0]!.reason).toContain('HTTP 413');
  });

  it('[I1] keeps every op through server errors and retries with backoff until they are in', async () => {
    const ops = makeExpenseOps(3);
    queue.enqueue(ops);
    server.fail('/api/sync/push', { status: 503 }, 2);
    const worker = makeWorker();
    worker.start();
    await worker.whenIdle();

    expect(worker.status()).toMatchObject({ failed: 3, synced: 0, online: false, lastError: 'Erreur du serveur (HTTP 503)' });
    expect(queue.problems().map((p) => p.reason)).toEqual(Array(3).fill('Erreur du serveur (HTTP 503)'));
    // Full jitter with random 0.5: half of 1 s, then half of 2 s.
    expect(timers.delays()).toEqual([500]);
    timers.fireAll();
    await worker.whenIdle();
    expect(timers.delays()).toEqual([1000]);
    expect(worker.status().failed).toBe(3);

    timers.fireAll();
    await worker.whenIdle();
    expect(worker.status()).toMatchObject({ synced: 3, failed: 0, online: true, lastError: null });
    expect([...server.applied.values()]).toEqual([1, 1, 1]);
    // Back to the periodic schedule.
    expect(timers.delays()).toEqual([300_000]);
  });

  it('honours Retry-After on 429', async () => {
    queue.enqueue(makeExpenseOps(1));
    server.fail('/api/sync/push', { status: 429, headers: { 'retry-after': '20' } });
    const worker = makeWorker();
    worker.start();
    await worker.whenIdle();
    expect(worker.status().lastError).toContain('429');
    // Retry-After 20 s wins over the 0.5 s jitter.
    expect(timers.delays()).toEqual([20_000]);
  });

  it('[I1] goes offline when the server is unreachable, probes /api/health, and drains when it answers', async () => {
    const ops = makeExpenseOps(2);
    queue.enqueue(ops);
    const url = server.url;
    await server.stop();
    const worker = makeWorker({ offlineProbeMaxMs: 10_000, backoff: { random: () => 0.999 } });
    worker.start();
    await worker.whenIdle();
    // Offline is not a fault: the ops wait as PENDING (yellow), not FAILED (red).
    expect(worker.status()).toMatchObject({ online: false, pending: 2, failed: 0, lastError: 'Serveur injoignable' });
    expect(timers.delays()).toEqual([999]);

    // Still down: the probe waits grow but stay under the offline ceiling.
    for (const expected of [1998, 3996, 7992, 10_000, 10_000]) {
      timers.fireAll();
      await worker.whenIdle();
      expect(timers.delays()).toEqual([expected]);
    }
    // New sales while offline wait for the probe instead of hammering the network.
    queue.enqueue(makeExpenseOps(1));
    worker.notifyEnqueued();
    expect(timers.delays()).toEqual([10_000]);

    server = new FakeSyncServer();
    server.tokens.add(token);
    // The restarted server takes the old port back, as a real backend restarting would.
    await server.start(Number(new URL(url).port));
    timers.fireAll();
    await worker.whenIdle();
    expect(server.requests[0]!.path).toBe('/api/health');
    expect(worker.status()).toMatchObject({ online: true, synced: 3, failed: 0, lastError: null });
  });

  it('a request with no answer times out, the ops stay queued', async () => {
    queue.enqueue(makeExpenseOps(1));
    server.fail('/api/sync/push', { status: 0, hang: true });
    const worker = makeWorker({ client: new SyncClient({ timeoutMs: 200 }) });
    const status = await worker.syncNow();
    expect(status).toMatchObject({ pending: 1, failed: 0, online: false, lastError: 'Le serveur ne répond pas (délai dépassé)' });
  });

  it('a backlog goes up in batches that grow while pushes go through, in the order ops were made', async () => {
    const ops = makeExpenseOps(1_400);
    queue.enqueue(ops);
    const worker = makeWorker();

    const status = await worker.syncNow();

    expect(status).toMatchObject({ synced: 1_400, pending: 0, failed: 0 });
    // Starts at the protocol's default batch, doubles up to its maximum.
    expect(server.pushedOpIds().map((batch) => batch.length)).toEqual([100, 200, 400, 500, 200]);
    expect(server.pushedOpIds().flat()).toEqual(ops.map((op) => op.opId));
  });

  it("counts the first download's progress in the server's unit (feed rows), not in changes", async () => {
    const shopId = uuidv7();
    for (let i = 0; i < 6; i += 1) server.addChange(productChange(shopId, `Produit ${i}`));
    // As for sales carrying their movements: two changes per feed row.
    server.rowsOf = (page) => page.length / 2;
    const worker = makeWorker({ pullLimit: 2, pullCatchUpLimit: 2 });

    await worker.syncNow();

    expect(events('sync:pull-progress')).toEqual([
      { received: 1, remaining: 2 },
      { received: 2, remaining: 1 },
      { received: 3, remaining: 0 },
    ]);
  });

  it('[I2] a backlog of sales goes up with two pushes on the wire, each op applied once', async () => {
    const sales = makeExpenseOps(1_400).map((op) => ({ ...op, entity: 'sale', kind: 'create' }) as unknown as AnyOp);
    queue.enqueue(sales);
    const worker = makeWorker();

    const status = await worker.syncNow();

    expect(status).toMatchObject({ synced: 1_400, pending: 0, syncing: 0, failed: 0 });
    expect(server.maxInFlight).toBe(2);
    expect([...server.applied.values()].every((times) => times === 1)).toBe(true);
    expect(server.applied.size).toBe(1_400);
  });

  it('[I8] anything but new sales waits for every push before it and goes alone, so nothing overtakes what it depends on', async () => {
    const asSales = (ops: AnyOp[]): AnyOp[] => ops.map((op) => ({ ...op, entity: 'sale', kind: 'create' }) as unknown as AnyOp);
    const ops = [...asSales(makeExpenseOps(250)), ...makeExpenseOps(250), ...asSales(makeExpenseOps(250)), ...makeExpenseOps(3)];
    queue.enqueue(ops);
    const worker = makeWorker();

    const status = await worker.syncNow();

    expect(status).toMatchObject({ synced: ops.length, pending: 0, failed: 0 });
    const position = new Map(server.appliedOrder.map((opId, index) => [opId, index]));
    for (const [index, op] of ops.entries()) {
      if (op.entity === 'sale') continue;
      // Every op made before this expense was applied before it.
      for (const earlier of ops.slice(0, index)) expect(position.get(earlier.opId)!).toBeLessThan(position.get(op.opId)!);
    }
  });

  it('[I2] when one of two pushes on the wire fails, the other is still recorded and the failed one is retried', async () => {
    const sales = makeExpenseOps(300).map((op) => ({ ...op, entity: 'sale', kind: 'create' }) as unknown as AnyOp);
    queue.enqueue(sales);
    // The second push (ops 100–199) is cut before the server applies it; the third, sent
    // while the second was on the wire, goes through.
    server.faults.set('/api/sync/push', [{ status: 200, pass: true }, { status: 0, cut: true }]);
    const worker = makeWorker();

    const first = await worker.syncNow();
    const second = await worker.syncNow();

    expect(first).toMatchObject({ synced: 200, pending: 100, syncing: 0 });
    expect(second).toMatchObject({ synced: 300, pending: 0, failed: 0 });
    expect([...server.applied.values()].every((times) => times === 1)).toBe(true);
  });

  it('[I1] a push that timed out is retried in half the batch, so a slow link still drains', async () => {
    const ops = makeExpenseOps(8);
    queue.enqueue(ops);
    server.fail('/api/sync/push', { status: 0, hang: true });
    const worker = makeWorker({ client: new SyncClient({ timeoutMs: 200 }), pushBatchSize: 8 });

    const first = await worker.syncNow();
    const second = await worker.syncNow();

    expect(first).toMatchObject({ pending: 8, online: false });
    expect(second).toMatchObject({ synced: 8, pending: 0 });
    expect(server.pushedOpIds().map((batch) => batch.length)).toEqual([8, 4, 4]);
  });

  it('[I2] a push answer lost after the server committed is retried and counted once', async () => {
    const ops = makeExpenseOps(3);
    queue.enqueue(ops);
    server.fail('/api/sync/push', { status: 0, cut: true, afterCommit: true });
    const worker = makeWorker();
    const first = await worker.syncNow();
    expect(first).toMatchObject({ pending: 3, failed: 0, online: false });
    const second = await worker.syncNow();
    expect(second).toMatchObject({ synced: 3, failed: 0 });
    expect([...server.applied.values()]).toEqual([1, 1, 1]);
    expect(server.pushedOpIds()).toEqual([ops.map((op) => op.opId), ops.map((op) => op.opId)]);
  });

  it('retries an op the server left out of its answer instead of assuming it sent', async () => {
    const ops = makeExpenseOps(2);
    queue.enqueue(ops);
    server.omitFromAnswer.add(ops[1]!.opId);
    const worker = makeWorker();
    await worker.syncNow();
    expect(queue.opStates([ops[1]!.opId])[0]).toMatchObject({ state: 'FAILED' });
    server.omitFromAnswer.clear();
    expect(await worker.syncNow()).toMatchObject({ synced: 2, failed: 0 });
  });

  it('a revoked device keeps its ops and says the terminal is not authorized', async () => {
    queue.enqueue(makeExpenseOps(2));
    server.tokens.clear();
    const worker = makeWorker();
    const status = await worker.syncNow();
    expect(status).toMatchObject({ failed: 2, rejected: 0, online: true, lastError: 'Terminal non autorisé' });
  });

  it('update required (426): keeps the queue, stops pushing, says so', async () => {
    queue.enqueue(makeExpenseOps(2));
    server.fail('/api/sync/push', { status: 426, body: { statusCode: 426, error: 'Upgrade Required', message: 'protocole 1 trop ancien' } });
    const worker = makeWorker();
    worker.start();
    await worker.whenIdle();
    expect(worker.status()).toMatchObject({ failed: 2, rejected: 0, lastError: 'Mise à jour requise : protocole 1 trop ancien' });
    expect(timers.count).toBe(0);
    queue.enqueue(makeExpenseOps(1));
    worker.notifyEnqueued();
    worker.signalOnline();
    await worker.whenIdle();
    expect(server.pushes()).toHaveLength(1);
    // A person asking for "sync now" tries again (the server may have been rolled back).
    expect(await worker.syncNow()).toMatchObject({ synced: 3 });
  });

  it('sees a server that no longer serves its protocol on the health probe', async () => {
    queue.enqueue(makeExpenseOps(1));
    server.fail('/api/sync/push', { status: 0, cut: true });
    const worker = makeWorker();
    worker.start();
    await worker.whenIdle();
    server.minProtocolVersion = 99;
    timers.fireAll();
    await worker.whenIdle();
    expect(worker.status().lastError).toMatch(/^Mise à jour requise/);
    expect(server.pushes()).toHaveLength(1);
    expect(timers.count).toBe(0);
  });

  it('never runs two passes at once, and a request during a pass gets a pass of its own', async () => {
    queue.enqueue(makeExpenseOps(3));
    const worker = makeWorker({ pushBatchSize: 1 });
    const first = worker.syncNow();
    const late = makeExpenseOps(1);
    queue.enqueue(late);
    const second = worker.syncNow();
    const third = worker.syncNow();
    const statuses = await Promise.all([first, second, third]);
    expect(server.maxInFlight).toBe(1);
    expect(statuses[2]).toMatchObject({ synced: 4, pending: 0 });
    expect(server.appliedOrder).toContain(late[0]!.opId);
    // One pass for the first call, one shared by the two that came while it ran.
    expect(server.requests.filter((r) => r.path === '/api/sync/pull')).toHaveLength(2);
  });

  it('pushes soon after an enqueue (debounced), then waits for the periodic timer', async () => {
    const worker = makeWorker({ enqueueDebounceMs: 250 });
    worker.start();
    await worker.whenIdle();
    expect(timers.delays()).toEqual([300_000]);
    queue.enqueue(makeExpenseOps(2));
    worker.notifyEnqueued();
    worker.notifyEnqueued();
    expect(timers.delays()).toEqual([250]);
    expect(events('sync:status').at(-1)).toMatchObject({ pending: 2 });
    timers.fireAll();
    await worker.whenIdle();
    expect(worker.status()).toMatchObject({ synced: 2 });
    expect(server.pushes()).toHaveLength(1);
    expect(timers.delays()).toEqual([300_000]);
  });

  it('reports its cursor and queue to the server after a pass, and a failed report fails nothing', async () => {
    queue.enqueue(makeExpenseOps(2));
    const worker = makeWorker();
    await worker.syncNow();
    const report = server.requests.filter((r) => r.path === '/api/devices/report').at(-1);
    expect(report?.body).toEqual({ cursor: queue.cursor(), pending: 0, rejected: 0 });
    server.fail('/api/devices/report', { status: 503 });
    expect(await worker.syncNow()).toMatchObject({ synced: 2, failed: 0, lastError: null, online: true });
  });

  it('stores pulled PIN hashes for login, never in the pages the renderer reads', async () => {
    const user = makeUser({ shopId: server.shop.id });
    server.addChange(userChange(user), '$2b$04$secret');
    const worker = makeWorker();
    await worker.syncNow();
    expect(queue.credential(user.id)).toMatchObject({ pinHash: '$2b$04$secret', active: true });
    expect(JSON.stringify(queue.pages(10))).not.toContain('$2b$04$secret');
    expect(JSON.stringify(emitted)).not.toContain('$2b$04$secret');
  });

  it('stop() clears its timers and waits for the pass on the wire', async () => {
    queue.enqueue(makeExpenseOps(1));
    server.fail('/api/sync/push', { status: 0, hang: true });
    const worker = makeWorker();
    worker.start();
    await new Promise((resolve) => setImmediate(resolve));
    await worker.stop();
    expect(timers.count).toBe(0);
    // The op cut on the wire is kept for the next start.
    expect(queue.status()).toMatchObject({ pending: 1, syncing: 0 });
    expect(await worker.syncNow()).toMatchObject({ pending: 1 });
  });

  it('does nothing without an enrollment, and says why', async () => {
    queue.enqueue(makeExpenseOps(1));
    const worker = makeWorker({ connection: () => Promise.resolve(null) });
    const status: SyncStatus = await worker.syncNow();
    expect(status).toMatchObject({ pending: 1, lastError: 'Terminal non enrôlé', online: false });
    expect(server.requests).toHaveLength(0);
  });
});
