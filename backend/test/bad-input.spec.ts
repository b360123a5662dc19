import { decodeHlc, encodeHlc, uuidv7, type OpResult, type PushResponse } from '@seri/shared';
import request from 'supertest';
import { ConflictsService } from '../src/conflicts/conflicts.service';
import { DEMO_PRODUCTS } from '../src/seed/demo-catalog';
import { createShopWithLogins, login, shopPath, type AdminClient, type PeopleShop } from './admin/support/admin-api';
import { countRows, createShop } from './support/database';
import { deepJson, duplicateKeyObject, gzipped, rawString, rawValue, renderBody, sendRaw, writeSnapshot, type RawResponse } from './support/hostile';
import { startTestBackend, type TestBackend } from './support/test-backend';
import { TestTerminal } from './support/terminal';

const [rice, oil] = DEMO_PRODUCTS as [(typeof DEMO_PRODUCTS)[number], (typeof DEMO_PRODUCTS)[number]];

interface ErrorResponse {
  statusCode: number;
  message: string;
}

/**
 * QUALITY's bad-input list, one class per test: each is answered with a clear 4xx naming the
 * field, and nothing is written (row counts of every table a push writes, and a digest of
 * every row of the shop, before and after).
 */
describe('bad input: a clear 4xx naming the field, nothing written', () => {
  let backend: TestBackend;
  let terminal: TestTerminal;
  let shop: PeopleShop;
  let manager: AdminClient;

  beforeAll(async () => {
    backend = await startTestBackend();
    const demo = backend.demo!;
    terminal = await TestTerminal.enroll(backend, demo.enrollmentCode, demo.cashiers[0]!.id);
    shop = await createShopWithLogins(backend, 'Boutique hostile');
    manager = await login(backend, shop.users.MANAGER.email);
  }, 120_000);

  afterAll(async () => {
    await backend?.stop();
  }, 60_000);

  const snapshot = (): Promise<unknown> => writeSnapshot(backend, [terminal.shopId, shop.shopId]);

  /** Sends the body, expects the status and a message naming `field`, and that nothing changed. */
  async function refused(send: () => request.Test | Promise<request.Response | RawResponse>, status: number, field: string | RegExp): Promise<ErrorResponse> {
    const before = await snapshot();
    const response = await send();
    const body = response.body as ErrorResponse;
    expect([response.status, body.message]).toEqual([status, expect.stringMatching(typeof field === 'string' ? escapeRegExp(field) : field)]);
    expect(await snapshot()).toEqual(before);
    return body;
  }

  const push = (ops: unknown[]): Buffer => renderBody({ protocolVersion: 1, ops });
  const pushBytes = (body: Buffer, headers: Record<string, string> = {}): Promise<RawResponse> =>
    sendRaw(backend, 'post', '/api/sync/push', body, { token: terminal.token, headers });
  const adminBytes = (method: 'post' | 'patch', path: string, body: Buffer): Promise<RawResponse> =>
    sendRaw(backend, method, path, body, { token: manager.tokens.accessToken });

  it('[bad-input] unknown/extra fields: in an op payload, in an admin body', async () => {
    const expense = terminal.expenseCreate();
    await refused(() => pushBytes(push([{ ...expense, payload: { ...expense.payload, extra: 1 } }])), 400, 'ops.0.payload.extra');
    await refused(() => adminBytes('post', shopPath(shop.shopId, '/products'), renderBody({ sku: 'X-1', name: 'Riz', price: 100, extra: true })), 400, 'extra');
  });

  it('[bad-input] wrong types: a quantity sent as text, a price as an object', async () => {
    const sale = terminal.sale([{ product: rice, quantity: 1 }]);
    sale.payload.lines[0]!.quantity = '1' as unknown as number;
    await refused(() => pushBytes(push([sale])), 400, 'ops.0.payload.lines.0.quantity');
    await refused(() => adminBytes('post', shopPath(shop.shopId, '/products'), renderBody({ sku: 'X-2', name: 'Riz', price: { $gt: 0 } })), 400, 'price');
  });

  it('[bad-input] negative/fractional quantities', async () => {
    for (const quantity of [-1, 1.5, 0]) {
      const sale = terminal.sale([{ product: rice, quantity }]);
      await refused(() => pushBytes(push([sale])), 400, 'ops.0.payload.lines.0.quantity');
    }
  });

  it('[bad-input] NaN/huge amounts: 1e400 (Infinity once parsed), beyond 2^53, NaN as text', async () => {
    const expense = terminal.expenseCreate();
    for (const amount of ['1e400', '9007199254740993', '"NaN"', '-5']) {
      await refused(() => pushBytes(push([{ ...expense, payload: { ...expense.payload, amount: rawValue(amount) } }])), 400, 'ops.0.payload.amount');
    }
  });

  it('[bad-input] far-future dates: a sale stamped next year, an expense in 2999', async () => {
    const nextYear = new Date(Date.now() + 365 * 86_400_000).toISOString();
    await refused(() => pushBytes(push([terminal.sale([{ product: rice, quantity: 1 }], { createdAt: nextYear })])), 400, 'ops.0.payload.createdAt');
    await refused(() => pushBytes(push([terminal.expenseCreate({ date: '2999-01-01' })])), 400, 'ops.0.payload.date');
  });

  it('[bad-input] 10 MB bodies: 413 before parsing, gzip-inflated ones too', async () => {
    const big = Buffer.from(JSON.stringify({ protocolVersion: 1, ops: [], pad: 'x'.repeat(10 * 1024 * 1024) }));
    await refused(() => pushBytes(big), 413, 'larger than');
    await refused(() => pushBytes(gzipped(big), { 'Content-Encoding': 'gzip' }), 413, 'larger than');
  }, 60_000);

  it('[bad-input] 100k-op batches: refused whole', async () => {
    const op = terminal.expenseCreate();
    // 100,000 ops: as small as ops can be written (so the body is read whole, under 5 MB),
    // refused before any is looked at; real ops that many are over the size limit anyway
    // (the 10 MB test). 501 real ops are over the op limit too.
    const tooMany = Array.from({ length: 100_000 }, () => ({}));
    await refused(() => pushBytes(push(tooMany)), 413, 'too many ops in one push: 100000');
    expect(op.opId).toBeDefined();
    const overLimit = Array.from({ length: 501 }, () => terminal.expenseCreate());
    await refused(() => pushBytes(push(overLimit)), 413, 'too many ops');
  }, 60_000);

  it('[bad-input] unknown entity kinds', async () => {
    const expense = terminal.expenseCreate();
    await refused(() => pushBytes(push([{ ...expense, entity: 'coupon' }])), 400, 'ops.0.entity');
    await refused(() => pushBytes(push([{ ...expense, kind: 'explode' }])), 400, 'ops.0.kind');
  });

  it("[bad-input] other shop's rows: an op for another shop is refused, a sale of another shop's product is rejected", async () => {
    const other = await createShop(backend, 'Autre boutique');
    const foreign = { ...terminal.expenseCreate(), shopId: other.shopId };
    const before = await snapshot();
    const response = await pushBytes(push([foreign]));
    expect(response.status).toBe(200);
    expect((response.body as PushResponse).results).toEqual([expect.objectContaining({ opId: foreign.opId, status: 'rejected', code: 'FORBIDDEN' })]);
    expect(await snapshot()).toEqual(before);
    // The admin API: a manager of one shop reading another's products.
    const read = await manager.get(shopPath(terminal.shopId, '/products'));
    expect([403, 404]).toContain(read.status);
  });

  it('[bad-input] malformed UUIDs', async () => {
    const expense = terminal.expenseCreate();
    await refused(() => pushBytes(push([{ ...expense, opId: 'not-a-uuid' }])), 400, 'ops.0.opId');
    await refused(() => manager.get(shopPath(shop.shopId, '/products/12345')), 400, /uuid|UUID/);
  });

  it('[bad-input] invalid UTF-8/overlong: a stray byte and an overlong "/" are refused, never stored as U+FFFD', async () => {
    const sale = terminal.sale([{ product: rice, quantity: 1 }]);
    for (const bytes of [[0xff], [0xc0, 0xaf], [0xe0, 0x80, 0xaf], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0xc3]]) {
      const line = { ...sale.payload.lines[0]!, name: rawString('Riz ', bytes, ' 5kg') };
      const body = push([{ ...sale, payload: { ...sale.payload, lines: [line] } }]);
      const error = await refused(() => pushBytes(body), 400, 'ops.0.payload.lines.0.name is not valid UTF-8');
      expect(error.message).not.toContain('\ufffd');
    }
    await refused(() => sendRaw(backend, 'post', '/api/devices/enroll', renderBody({ code: rawString('AB', [0xc0, 0x80]), name: 'Caisse' })), 400, 'code is not valid UTF-8');
    await refused(() => terminal.pull('0').query('limit=%ff'), 400, 'query parameter limit');
  });

  it('[bad-input] NUL: in a sale line name, an expense note, a product name, an enrollment, a pull query', async () => {
    const sale = terminal.sale([{ product: rice, quantity: 1 }]);
    sale.payload.lines[0]!.name = 'Riz\u0000';
    await refused(() => pushBytes(push([sale])), 400, 'ops.0.payload.lines.0.name must not contain the NUL character');
    const expense = terminal.expenseCreate({ note: 'a\u0000b' });
    await refused(() => pushBytes(push([expense])), 400, 'ops.0.payload.note must not contain the NUL character');
    await refused(() => adminBytes('post', shopPath(shop.shopId, '/products'), renderBody({ sku: 'N-1', name: 'Riz\u0000', price: 100 })), 400, 'name must not contain the NUL');
    await refused(() => sendRaw(backend, 'post', '/api/devices/enroll', renderBody({ code: 'ABCD', name: 'Caisse\u0000' })), 400, 'name must not contain the NUL');
    await refused(() => terminal.pull('0\u0000'), 400, 'query parameter cursor');
    await refused(() => manager.get(shopPath(shop.shopId, '/products%00')), 400, 'URL path');
  });

  it('[bad-input] lone surrogates: a high half alone, a low half alone, in a value and in a key', async () => {
    for (const note of ['\ud800', 'x\udfffy', '\udc00\ud800']) {
      const expense = terminal.expenseCreate({ note });
      await refused(() => pushBytes(push([expense])), 400, 'ops.0.payload.note must not contain a lone UTF-16 surrogate');
    }
    const expense = terminal.expenseCreate();
    await refused(() => pushBytes(push([{ ...expense, payload: { ...expense.payload, ['k\ud800']: 1 } }])), 400, 'ops.0.payload (a key) must not contain a lone');
    // A real pair (an emoji) is text like any other.
    const emoji = terminal.expenseCreate({ note: 'Taxi 🚕' });
    expect((await terminal.pushOk([emoji])).results).toEqual([{ opId: emoji.opId, status: 'applied' }]);
  });

  it('[bad-input] deep JSON: 10,000 levels in a payload, in an extra field, on enrollment; 32 is the limit', async () => {
    const expense = terminal.expenseCreate();
    await refused(() => pushBytes(push([{ ...expense, payload: { ...expense.payload, note: deepJson(10_000) } }])), 400, 'nested deeper than 32 levels');
    await refused(() => pushBytes(push([{ ...expense, extra: deepJson(10_000) }])), 400, 'ops.0.extra');
    await refused(() => sendRaw(backend, 'post', '/api/devices/enroll', renderBody({ code: 'ABCD', name: deepJson(10_000) })), 400, /^name(\.0)+ is nested deeper than 32 levels$/);
    await refused(() => pushBytes(Buffer.from(`${'['.repeat(100_000)}${']'.repeat(100_000)}`)), 400, /^0(\.0)+ is nested deeper than 32 levels$/);
    // 32 levels pass the boundary (and are then refused by the DTO as the wrong type).
    await refused(() => pushBytes(push([{ ...expense, payload: { ...expense.payload, note: deepJson(28) } }])), 400, 'ops.0.payload.note must be');
  });

  it('[bad-input] __proto__/constructor: refused as unknown keys like any other, in a push and an admin body', async () => {
    for (const name of ['__proto__', 'constructor', 'toString', 'hasOwnProperty']) {
      const expense = terminal.expenseCreate();
      const payload = JSON.parse(JSON.stringify(expense.payload)) as Record<string, unknown>;
      Object.defineProperty(payload, name, { value: { polluted: true }, enumerable: true });
      await refused(() => pushBytes(push([{ ...expense, payload }])), 400, `ops.0.payload.${name}: property ${name} should not exist`);
      const product = JSON.parse(`{"sku":"P-${name}","name":"Riz","price":100,${JSON.stringify(name)}:{"isAdmin":true}}`) as object;
      await refused(() => adminBytes('post', shopPath(shop.shopId, '/products'), renderBody(product)), 400, `${name}: property ${name} should not exist`);
      await refused(() => manager.get(shopPath(shop.shopId, `/products?${name}=1`)), 400, `property ${name} should not exist`);
    }
  });

  it('[bad-input] duplicate keys: refused in every JSON body, so the body hashed for idempotency is the one meant', async () => {
    const expense = terminal.expenseCreate();
    const entries = Object.entries(expense.payload);
    const payload = duplicateKeyObject([...entries, ['amount', 1]]);
    await refused(() => pushBytes(push([{ ...expense, payload }])), 400, 'ops.0.payload.amount appears twice');
    // The same key written two ways ("a" and "\u0061") is still one key.
    const escaped = rawValue(`{"protocolVersion":1,"ops":[],"\\u006fps":[]}`);
    await refused(() => pushBytes(renderBody(escaped)), 400, 'ops appears twice');
    await refused(() => adminBytes('post', shopPath(shop.shopId, '/products'), Buffer.from('{"sku":"D-1","name":"Riz","price":100,"price":1}')), 400, 'price appears twice');
  });

  it('[bad-input] impossible dates: 31 and 30 February, hour 24, minute 60, in a push, an admin body and a report query', async () => {
    for (const createdAt of ['2026-02-31T10:00:00Z', '2026-02-30T10:00:00Z', '2025-02-29T10:00:00Z', '2026-01-10T24:00:00Z', '2026-01-10T10:60:00Z', '2026-01-10T10:00:61Z', '2026-13-01T10:00:00Z', '2026-01-10T10:00:00+25:00']) {
      await refused(() => pushBytes(push([terminal.sale([{ product: rice, quantity: 1 }], { createdAt })])), 400, 'ops.0.payload.createdAt');
    }
    await refused(() => pushBytes(push([terminal.expenseCreate({ date: '2025-04-31' })])), 400, 'ops.0.payload.date');
    await refused(() => adminBytes('post', shopPath(shop.shopId, '/expenses'), renderBody({ category: 'Loyer', amount: 1000, date: '2025-02-30' })), 400, 'date');
    await refused(() => manager.get(shopPath(shop.shopId, '/reports/takings?from=2025-02-30&to=2025-03-31')), 400, 'from must be a day that exists');
    await refused(() => manager.get(shopPath(shop.shopId, '/sales?from=2025-01-10T24:00:00Z')), 400, 'from must be a real ISO 8601');
    // A leap day is a day.
    const leap = terminal.expenseCreate({ date: '2024-02-29' });
    expect((await terminal.pushOk([leap])).results).toEqual([{ opId: leap.opId, status: 'applied' }]);
  });

  it('[bad-input] bad Content-Encoding: gzip that is not gzip → 400, an unknown encoding → 415, a non-UTF-8 charset → 415', async () => {
    const body = push([terminal.expenseCreate()]);
    await refused(() => pushBytes(body, { 'Content-Encoding': 'gzip' }), 400, 'does not match its Content-Encoding');
    await refused(() => pushBytes(body, { 'Content-Encoding': 'deflate' }), 400, 'does not match its Content-Encoding');
    await refused(() => pushBytes(body, { 'Content-Encoding': 'br' }), 400, 'does not match its Content-Encoding');
    await refused(() => pushBytes(gzipped(body).subarray(0, 20), { 'Content-Encoding': 'gzip' }), 400, 'does not match its Content-Encoding');
    await refused(() => pushBytes(body, { 'Content-Encoding': 'compress' }), 415, 'encoding');
    await refused(() => pushBytes(body, { 'Content-Type': 'application/json; charset=utf-16' }), 415, 'charset');
    // Real gzip is read.
    const expense = terminal.expenseCreate();
    const response = await pushBytes(gzipped(push([expense])), { 'Content-Encoding': 'gzip' });
    expect([response.status, (response.body as PushResponse).results]).toEqual([200, [{ opId: expense.opId, status: 'applied' }]]);
  });

  describe('[bad-input] forged HLC node', () => {
    let other: TestTerminal;

    beforeAll(async () => {
      other = await TestTerminal.enroll(backend, backend.demo!.enrollmentCode, backend.demo!.cashiers[0]!.id);
    });

    it('[I6][I9] an op whose clock node is not its device is rejected HLC_NODE_MISMATCH, nothing applied; a forged tie-break no longer wins', async () => {
      const ms = Date.now();
      const first = terminal.productUpdate({ id: oil.id, price: 1_111 }, encodeHlc({ ms, counter: 0, node: terminal.deviceId }));
      expect((await terminal.pushOk([first])).results).toEqual([{ opId: first.opId, status: 'applied' }]);
      const conflicts = (): Promise<unknown[]> => backend.app.get(ConflictsService).list(terminal.shopId, { entityId: oil.id });
      const conflictsBefore = await conflicts();

      // The same instant, with a node chosen to sort after every device id: it would win the tie.
      for (const node of ['ffffffff-ffff-7fff-bfff-ffffffffffff', terminal.deviceId, 'server']) {
        const forged = other.productUpdate({ id: oil.id, price: 9_999 }, encodeHlc({ ms, counter: 0, node }));
        const before = await countRows(backend.dataSource);
        const response = await other.pushOk([forged]);
        const [result] = response.results as [Extract<OpResult, { status: 'rejected' }>];
        expect([result.status, result.code]).toEqual(['rejected', 'HLC_NODE_MISMATCH']);
        expect(result.reason).toContain(other.deviceId);
        const after = await countRows(backend.dataSource);
        expect({ ...after, processed_ops: before.processed_ops, op_claims: before.op_claims }).toEqual(before);
        const [product] = await backend.dataSource.query<{ price: number }[]>('SELECT price::int AS price FROM products WHERE id = $1', [oil.id]);
        expect(product!.price).toBe(1_111);
        expect(await conflicts()).toEqual(conflictsBefore);
        // A replay gets the same answer (the rejection was recorded, I2/I7).
        expect((await other.pushOk([forged])).results).toEqual([result]);
      }

      // Honest, at the same instant: the tie goes by the real device ids, and the log names them.
      const honest = other.productUpdate({ id: oil.id, price: 2_222 }, encodeHlc({ ms, counter: 0, node: other.deviceId }));
      expect((await other.pushOk([honest])).results).toEqual([{ opId: honest.opId, status: 'applied' }]);
      const otherWins = other.deviceId > terminal.deviceId;
      const [product] = await backend.dataSource.query<{ price: number }[]>('SELECT price::int AS price FROM products WHERE id = $1', [oil.id]);
      expect(product!.price).toBe(otherWins ? 2_222 : 1_111);
      const [entry] = (await conflicts()) as { field: string; winningDevice: string; losingDevice: string }[];
      expect(entry).toMatchObject({
        field: 'price',
        winningDevice: otherWins ? other.deviceId : terminal.deviceId,
        losingDevice: otherWins ? terminal.deviceId : other.deviceId,
      });
    });

    it('[I6] the admin console stamps its ops with its own pseudo-device, so its writes are applied and logged under it', async () => {
      const demoLogin = backend.demo!.logins.manager!;
      const demoManager = await login(backend, demoLogin.email, demoLogin.password);
      const response = await demoManager.call('patch', shopPath(terminal.shopId, `/products/${oil.id}`), { price: 3_333 });
      expect(response.status).toBe(200);
      const [row] = await backend.dataSource.query<{ hlc: string }[]>('SELECT hlc FROM products WHERE id = $1', [oil.id]);
      const [console] = await backend.dataSource.query<{ id: string }[]>(`SELECT id FROM devices WHERE shop_id = $1 AND id = $2`, [terminal.shopId, decodeHlc(row!.hlc).node]);
      expect(console?.id).toBe(decodeHlc(row!.hlc).node);
    });
  });

  it('[I2] an op refused at the boundary leaves its opId free: the corrected op is applied once', async () => {
    const expense = terminal.expenseCreate({ note: 'a\u0000b' });
    await refused(() => pushBytes(push([expense])), 400, 'ops.0.payload.note');
    const fixed = { ...expense, payload: { ...expense.payload, note: 'ab' } };
    expect((await terminal.pushOk([fixed])).results).toEqual([{ opId: fixed.opId, status: 'applied' }]);
    expect((await terminal.pushOk([fixed])).results).toEqual([{ opId: fixed.opId, status: 'duplicate' }]);
  });

  it('keeps serving after every class above (no 500 left the process in a bad state)', async () => {
    const response = await request(backend.url).get('/api/health');
    expect(response.status).toBe(200);
    expect(uuidv7()).toMatch(/^[0-9a-f-]{36}$/);
  });
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
