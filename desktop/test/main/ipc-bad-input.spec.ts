import { MAX_INPUT_DEPTH } from '@seri/shared/dto';
import type { Result, SyncStatus } from '@seri/shared';
import fc from 'fast-check';
import { createTerminalCore, type TerminalCore } from '../../src/main/terminal-core';
import { silentLogger } from '../../src/main/logger';
import { ManualTimers } from './fake-sync-server';
import { makeExpenseOp, makeTempDir, makeTerminalIds } from './factories';

const RENDERER = 'http://127.0.0.1:47002';
const sender = { url: `${RENDERER}/` };

/**
 * The renderer is less trusted than main: what the server's boundary refuses is refused at
 * the IPC router too, with `{ok:false}` naming the field, and nothing reaches main's real
 * better-sqlite3 queue.
 */
describe('IPC: hostile payloads from the renderer are refused in main, nothing queued', () => {
  let temp: ReturnType<typeof makeTempDir>;
  let core: TerminalCore;
  const ids = makeTerminalIds();

  beforeAll(async () => {
    temp = makeTempDir();
    core = createTerminalCore({ dataDir: temp.dir, emit: () => undefined, allowedOrigins: [RENDERER], timers: new ManualTimers(), logger: silentLogger });
    await core.start();
  });
  afterAll(async () => {
    await core.close();
    temp.cleanup();
  });

  const queued = async (): Promise<number> => {
    const status = (await core.handle('sync:status', undefined, sender)) as Result<SyncStatus>;
    if (!status.ok) throw new Error(status.error.message);
    return status.value.total;
  };

  async function refusedEnqueue(op: unknown, message: string | RegExp): Promise<void> {
    const before = await queued();
    const result = await core.handle('sync:enqueue', { ops: [op] }, sender);
    const expected: unknown = typeof message === 'string' ? expect.stringContaining(message) : expect.stringMatching(message);
    expect(result).toMatchObject({ ok: false, error: { code: 'VALIDATION', message: expected } });
    expect(await queued()).toBe(before);
  }

  const nested = (levels: number): unknown => {
    let value: unknown = 'x';
    for (let level = 0; level < levels; level += 1) value = { a: value };
    return value;
  };

  it('[bad-input] NUL: in an op note, in a key, in a login pin → {ok:false}, nothing queued', async () => {
    const op = makeExpenseOp(ids, { note: 'Taxi\u0000' });
    await refusedEnqueue(op, 'ops.0.payload.note must not contain the NUL character');
    const clean = makeExpenseOp(ids);
    await refusedEnqueue({ ...clean, payload: { ...clean.payload, ['no\u0000te']: 1 } }, 'ops.0.payload."no\\u0000te" (a key) must not contain the NUL');
    expect(await core.handle('session:login', { userId: ids.userId, pin: '12\u000034' }, sender)).toMatchObject({ ok: false, error: { code: 'VALIDATION', message: 'pin must not contain the NUL character' } });
  });

  it('[bad-input] lone surrogates: a high half, a low half, in a value and in a key', async () => {
    for (const note of ['\ud800', 'a\udfffb', '\udc00\ud800']) {
      await refusedEnqueue(makeExpenseOp(ids, { note }), 'ops.0.payload.note must not contain a lone UTF-16 surrogate');
    }
    const op = makeExpenseOp(ids);
    await refusedEnqueue({ ...op, ['\udbff']: 1 }, 'ops.0."\\udbff" (a key) must not contain a lone');
    // A real pair is text like any other.
    const emoji = makeExpenseOp(ids, { note: 'Taxi 🚕' });
    expect(await core.handle('sync:enqueue', { ops: [emoji] }, sender)).toEqual({ ok: true, value: { accepted: [emoji.opId] } });
  });

  it('[bad-input] deep JSON: thousands of levels, and a cycle (a structured clone can hold one)', async () => {
    const op = makeExpenseOp(ids);
    await refusedEnqueue({ ...op, payload: { ...op.payload, note: nested(5_000) } }, `nested deeper than ${MAX_INPUT_DEPTH} levels`);
    const cyclic: Record<string, unknown> = { ...op };
    cyclic['self'] = cyclic;
    await refusedEnqueue(cyclic, `nested deeper than ${MAX_INPUT_DEPTH} levels`);
  });

  it('[bad-input] impossible dates: 31 February, hour 24, minute 60', async () => {
    for (const date of ['2026-02-31', '2026-02-30', '2026-01-10T24:00:00Z', '2026-01-10T10:60:00Z']) {
      await refusedEnqueue(makeExpenseOp(ids, { date }), 'ops.0.payload.date');
    }
  });

  it('[bad-input] __proto__/constructor: refused as unknown keys', async () => {
    for (const name of ['__proto__', 'constructor', 'toString']) {
      const op = makeExpenseOp(ids);
      const payload = { ...op.payload };
      Object.defineProperty(payload, name, { value: { polluted: true }, enumerable: true });
      await refusedEnqueue({ ...op, payload }, `ops.0.payload.${name}: property ${name} should not exist`);
    }
  });

  it('[bad-input] property: any hostile value in any position of an enqueued op is refused with nothing queued', async () => {
    const hostile = fc.constantFrom<unknown>('\u0000', 'a\u0000', '\ud800', '\udfff', nested(40), '2026-02-31T10:00:00Z', Number.NaN, Infinity, -1, 1.5, 2 ** 60, '', 'x'.repeat(10_000));
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('opId', 'deviceId', 'userId', 'shopId', 'entity', 'kind', 'entityId', 'hlc', 'payload.id', 'payload.category', 'payload.amount', 'payload.note', 'payload.date', 'payload.extra'), hostile, async (field, value) => {
          const op = makeExpenseOp(ids) as unknown as Record<string, unknown>;
          const [head, tail] = field.split('.') as [string, string | undefined];
          if (tail) op[head] = { ...(op[head] as object), [tail]: value };
          else op[head] = value;
          const before = await queued();
          const result = await core.handle('sync:enqueue', { ops: [op] }, sender);
          // A value a field may take (a long note within its limit, say) is queued; anything else is refused.
          if (result.ok) expect(await queued()).toBe(before + 1);
          else expect([result.error.code, await queued()]).toEqual(['VALIDATION', before]);
          if (typeof value === 'string' && (value.includes('\u0000') || /[\ud800-\udfff]/.test(value))) expect(result.ok).toBe(false);
        },
      ),
      { numRuns: process.env['SERI_SOAK'] === '1' ? 2_000 : 200 },
    );
  });
});
