import { IPC_CHANNELS, ResultErrorException, uuidv7, type IpcChannel } from '@seri/shared';
import { makeExpenseOps } from '../../../test/main/factories';
import type { Logger } from '../logger';
import { createIpcRouter, type IpcHandlers } from './ipc-router';
import { createOriginCheck } from './trusted-origin';

const SHELL = 'http://127.0.0.1:43121';
const APP_FILE = 'file:///opt/Seri%20POS/resources/app.asar/out/renderer/index.html';

function makeHandlers(): { [C in IpcChannel]: jest.Mock } & IpcHandlers {
  const handlers = Object.fromEntries(IPC_CHANNELS.map((channel) => [channel, jest.fn()])) as unknown as { [C in IpcChannel]: jest.Mock } & IpcHandlers;
  handlers['sync:status'].mockReturnValue({ total: 0 });
  return handlers;
}

function makeLogger(): Logger & { error: jest.Mock; warn: jest.Mock } {
  return { info: jest.fn(), warn: jest.fn(), error: jest.fn() };
}

describe('createIpcRouter', () => {
  const from = { url: `${SHELL}/#/checkout` };

  it('runs the handler of an allowlisted channel with the validated payload', async () => {
    const handlers = makeHandlers();
    const ops = makeExpenseOps(2);
    handlers['sync:enqueue'].mockResolvedValue({ accepted: ops.map((op) => op.opId) });
    const router = createIpcRouter(handlers, { allowedOrigins: [SHELL], logger: makeLogger() });

    await expect(router.handle('sync:enqueue', { ops }, from)).resolves.toEqual({ ok: true, value: { accepted: ops.map((op) => op.opId) } });
    expect(handlers['sync:enqueue']).toHaveBeenCalledWith({ ops });
    await expect(router.handle('sync:status', undefined, from)).resolves.toEqual({ ok: true, value: { total: 0 } });
  });

  it('answers UNKNOWN_CHANNEL for a channel outside the map', async () => {
    const handlers = makeHandlers();
    const router = createIpcRouter(handlers, { allowedOrigins: [SHELL], logger: makeLogger() });
    for (const channel of ['fs:read', '__proto__', 'constructor', 42, null, Symbol('x')]) {
      const result = await router.handle(channel, {}, from);
      expect(result).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CHANNEL' } });
    }
  });

  it.each([
    ['another host', 'https://evil.example/'],
    ['another port on loopback', 'http://127.0.0.1:9999/'],
    ['about:blank', 'about:blank'],
    ['a data: URL', 'data:text/html,<script>alert(1)</script>'],
    ['a blob: URL', `blob:${SHELL}/${uuidv7()}`],
    ['javascript:', 'javascript:alert(1)'],
    ['no URL at all', undefined],
    ['another local file', 'file:///tmp/evil.html'],
  ])('refuses a message from %s (FORBIDDEN), whatever the channel', async (_label, url) => {
    const handlers = makeHandlers();
    const logger = makeLogger();
    const router = createIpcRouter(handlers, { allowedOrigins: [SHELL, APP_FILE], logger });
    const result = await router.handle('device:info', undefined, { url });
    expect(result).toEqual({ ok: false, error: { code: 'FORBIDDEN', message: 'sender not allowed' } });
    expect(handlers['device:info']).not.toHaveBeenCalled();
    expect(logger.warn).toHaveBeenCalled();
  });

  it('answers VALIDATION with the messages and never runs the handler', async () => {
    const handlers = makeHandlers();
    const router = createIpcRouter(handlers, { allowedOrigins: [SHELL], logger: makeLogger() });

    const pin = await router.handle('session:login', { userId: uuidv7(), pin: '12a4' }, from);
    expect(pin).toEqual({ ok: false, error: { code: 'VALIDATION', message: 'pin must be 4 to 8 digits' } });
    const extra = await router.handle('sync:ack-pages', { upToPageId: 3, admin: true }, from);
    expect(extra).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    if (!extra.ok) expect(extra.error.message).toMatch(/admin/);
    const op = { ...makeExpenseOps(1)[0]!, entity: 'invoice' };
    const enqueue = await router.handle('sync:enqueue', { ops: [op] }, from);
    expect(enqueue).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    if (!enqueue.ok) expect(enqueue.error.message).toMatch(/ops\.0\.entity/);
    expect(await router.handle('sync:now', { please: true }, from)).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(await router.handle('device:enroll', 'https://x', from)).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    for (const channel of IPC_CHANNELS) if (channel !== 'sync:status') expect(handlers[channel]).not.toHaveBeenCalled();
  });

  it('turns a ResultErrorException into its code and message', async () => {
    const handlers = makeHandlers();
    handlers['session:login'].mockRejectedValue(new ResultErrorException('BAD_PIN', 'PIN incorrect'));
    const router = createIpcRouter(handlers, { allowedOrigins: [SHELL], logger: makeLogger() });
    await expect(router.handle('session:login', { userId: uuidv7(), pin: '1234' }, from)).resolves.toEqual({
      ok: false,
      error: { code: 'BAD_PIN', message: 'PIN incorrect' },
    });
  });

  it('turns any other failure into INTERNAL without leaking its detail, and logs it', async () => {
    const handlers = makeHandlers();
    const secret = new Error('SQLITE_CORRUPT at /home/caisse/.config/seri/queue.sqlite3');
    handlers['sync:problems'].mockImplementation(() => {
      throw secret;
    });
    const logger = makeLogger();
    const router = createIpcRouter(handlers, { allowedOrigins: [SHELL], logger });
    const result = await router.handle('sync:problems', undefined, from);
    expect(result).toEqual({ ok: false, error: { code: 'INTERNAL', message: 'Erreur interne' } });
    expect(JSON.stringify(result)).not.toContain('SQLITE');
    expect(logger.error).toHaveBeenCalledWith('ipc sync:problems: handler failed', secret);
  });

  it('never throws, even on hostile input', async () => {
    const router = createIpcRouter(makeHandlers(), { allowedOrigins: [SHELL], logger: makeLogger() });
    const hostile = {
      get upToPageId(): number {
        throw new Error('boom');
      },
    };
    await expect(router.handle('sync:ack-pages', hostile, from)).resolves.toMatchObject({ ok: false });
    await expect(router.handle('sync:status', undefined, null as unknown as { url: string })).resolves.toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const weird = { toString: () => { throw new Error('no'); } };
    await expect(router.handle(weird, undefined, from)).resolves.toMatchObject({ ok: false });
  });
});

describe('createOriginCheck', () => {
  it('accepts the packaged index.html, or a folder of files when the entry ends with /', () => {
    const exact = createOriginCheck([APP_FILE]);
    expect(exact(`${APP_FILE}#/settings`)).toBe(true);
    expect(exact('file:///opt/Seri%20POS/resources/app.asar/out/renderer/other.html')).toBe(false);
    expect(exact('file:///opt/Seri%20POS/resources/app.asar/out/renderer/../../../../../tmp/index.html')).toBe(false);
    const folder = createOriginCheck(['file:///opt/seri/out/renderer/']);
    expect(folder('file:///opt/seri/out/renderer/index.html')).toBe(true);
    expect(folder('file:///opt/seri/out/renderer/../evil.html')).toBe(false);
  });

  it('accepts an origin with any path, and a custom app:// scheme by host', () => {
    const check = createOriginCheck(['http://127.0.0.1:5173/', 'app://seri']);
    expect(check('http://127.0.0.1:5173/index.html?x=1')).toBe(true);
    expect(check('http://localhost:5173/')).toBe(false);
    expect(check('https://127.0.0.1:5173/')).toBe(false);
    expect(check('app://seri/index.html')).toBe(true);
    expect(check('app://seri.evil/index.html')).toBe(false);
  });

  it('refuses a configuration that is not a URL', () => {
    expect(() => createOriginCheck(['127.0.0.1:5173'])).toThrow(/no host|not a URL/);
  });
});
