import bcrypt from 'bcryptjs';
import { parsePulledChanges, type IpcEvent, type IpcEvents, type PulledPageText, type Result, type SyncStatus } from '@seri/shared';
import { createTerminalCore, type TerminalCore } from '../../src/main/terminal-core';
import { silentLogger } from '../../src/main/logger';
import { FakeSyncServer, ManualTimers } from './fake-sync-server';
import { makeExpenseOps, makeTempDir, makeUser, productChange, userChange } from './factories';

type Emitted = { [E in IpcEvent]: { event: E; data: IpcEvents[E] } }[IpcEvent];
const RENDERER = 'http://127.0.0.1:47001';
const sender = { url: `${RENDERER}/` };

function value<T>(result: Result<unknown>): T {
  if (!result.ok) throw new Error(`expected ok, got ${result.error.code}: ${result.error.message}`);
  return result.value as T;
}

describe('createTerminalCore: every channel wired, as the shell and Electron use it', () => {
  let temp: ReturnType<typeof makeTempDir>;
  let server: FakeSyncServer;
  let emitted: Emitted[];
  const cores: TerminalCore[] = [];
  const makeCore = (): TerminalCore => {
    const core = createTerminalCore({
      dataDir: temp.dir,
      emit: (event, data) => emitted.push({ event, data } as Emitted),
      allowedOrigins: [RENDERER],
      timers: new ManualTimers(),
      logger: silentLogger,
    });
    cores.push(core);
    return core;
  };

  beforeEach(async () => {
    temp = makeTempDir();
    server = new FakeSyncServer();
    await server.start();
    emitted = [];
  });
  afterEach(async () => {
    for (const core of cores.splice(0)) await core.close();
    await server.stop();
    temp.cleanup();
  });

  it('enrolls, pulls the users, logs a cashier in, queues and syncs a sale, hands pages over', async () => {
    const cashier = makeUser({ shopId: server.shop.id, name: 'Awa Diop' });
    server.addChange(userChange(cashier), bcrypt.hashSync('1234', 4));
    server.addChange(productChange(server.shop.id));
    const core = makeCore();
    await core.start();

    expect(value(await core.handle('device:info', undefined, sender))).toMatchObject({ enrolled: false });
    expect(await core.handle('sync:now', undefined, sender)).toMatchObject({ ok: false, error: { code: 'NOT_ENROLLED' } });

    const info = value(await core.handle('device:enroll', { serverUrl: server.url, code: server.enrollCode, name: 'Caisse 1' }, sender));
    expect(info).toMatchObject({ enrolled: true, terminalCode: 'T01', shop: server.shop });
    await core.worker.whenIdle();

    expect(value(await core.handle('session:login', { userId: cashier.id, pin: '1234' }, sender))).toEqual({ userId: cashier.id, name: 'Awa Diop', role: 'CASHIER' });
    expect(await core.handle('session:login', { userId: cashier.id, pin: '9999' }, sender)).toMatchObject({ ok: false, error: { code: 'BAD_PIN' } });

    const ops = makeExpenseOps(3);
    expect(value(await core.handle('sync:enqueue', { ops }, sender))).toEqual({ accepted: ops.map((op) => op.opId) });
    expect(value<SyncStatus>(await core.handle('sync:status', undefined, sender))).toMatchObject({ pending: 3 });
    const status = value<SyncStatus>(await core.handle('sync:now', undefined, sender));
    expect(status).toMatchObject({ synced: 3, pending: 0, online: true, lastError: null });
    expect(value(await core.handle('sync:op-states', { opIds: ops.map((op) => op.opId) }, sender))).toEqual(ops.map((op) => ({ opId: op.opId, state: 'SYNCED' })));
    expect(value(await core.handle('sync:problems', undefined, sender))).toEqual([]);

    const pages = value<PulledPageText[]>(await core.handle('sync:pages', {}, sender));
    expect(pages.flatMap(parsePulledChanges)).toEqual(server.changes);
    expect(JSON.stringify(pages)).not.toContain('$2');
    // The renderer fetches the next batch before acking this one: only pages after the one it names.
    expect(value<PulledPageText[]>(await core.handle('sync:pages', { after: pages[0]!.pageId }, sender))).toEqual(pages.slice(1));
    expect(value<PulledPageText[]>(await core.handle('sync:pages', { after: pages.at(-1)!.pageId }, sender))).toEqual([]);
    expect(value(await core.handle('sync:ack-pages', { upToPageId: pages.at(-1)!.pageId }, sender))).toEqual({ remaining: 0 });

    expect(emitted.some((e) => e.event === 'sync:pages-available')).toBe(true);
    expect(emitted.filter((e) => e.event === 'sync:op-states').flatMap((e) => e.data as unknown[])).toHaveLength(3);
    expect(JSON.stringify(emitted)).not.toContain('$2');
  });

  it('[I1] keeps queued ops and the enrollment across a restart of main, and syncs on start', async () => {
    const first = makeCore();
    await first.handle('device:enroll', { serverUrl: server.url, code: server.enrollCode, name: 'Caisse 1' }, sender);
    await first.worker.whenIdle();
    server.fail('/api/sync/push', { status: 0, cut: true });
    const ops = makeExpenseOps(2);
    await first.handle('sync:enqueue', { ops }, sender);
    await first.handle('sync:now', undefined, sender);
    expect(first.queue.status()).toMatchObject({ pending: 2, failed: 0 });
    await first.close();
    await first.close();

    const second = makeCore();
    expect(second.device.info()).toMatchObject({ enrolled: true });
    await second.start();
    await second.worker.whenIdle();
    expect(second.worker.status()).toMatchObject({ synced: 2, failed: 0, online: true });
    expect([...server.applied.values()]).toEqual([1, 1]);
  });

  it('refuses callers that are not the renderer and payloads that do not validate', async () => {
    const core = makeCore();
    expect(await core.handle('device:info', undefined, { url: 'http://127.0.0.1:1/' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await core.handle('shell:exec', undefined, sender)).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CHANNEL' } });
    expect(await core.handle('device:enroll', { serverUrl: 'file:///etc', code: 'ABCD', name: 'x' }, sender)).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
  });

  it('loads without Electron (the headless shell runs it in plain Node)', () => {
    jest.isolateModules(() => {
      jest.doMock(
        'electron',
        () => {
          throw new Error('terminal-core must not import electron');
        },
        { virtual: true },
      );
      expect(() => {
        jest.requireActual('../../src/main/terminal-core');
      }).not.toThrow();
    });
  });
});
