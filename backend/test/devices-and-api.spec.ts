import { once } from 'node:events';
import { connect } from 'node:net';
import { SYNC_SOCKET_PATH, MAX_OPS_PER_PUSH, MAX_PUSH_BODY_BYTES, MIN_PROTOCOL_VERSION, PROTOCOL_VERSION, type EnrollResponse, type HealthResponse } from '@seri/shared';
import request from 'supertest';
import { DevicesService } from '../src/devices/devices.service';
import { countRows } from './support/database';
import { startTestBackend, type TestBackend } from './support/test-backend';
import { TestTerminal, enroll } from './support/terminal';

describe('devices, auth and the API surface', () => {
  let backend: TestBackend;

  beforeAll(async () => {
    backend = await startTestBackend();
  }, 120_000);

  afterAll(async () => {
    await backend?.stop();
  }, 60_000);

  describe('POST /api/devices/enroll', () => {
    it('enrolls terminals in the code’s shop, numbered T01, T02…, each with its own token shown once', async () => {
      const first = await enroll(backend, 'demo-shop', 'Caisse 1');
      const second = await enroll(backend, ' DEMO-SHOP ', 'Caisse 2');

      expect(first).toEqual({
        deviceId: expect.stringMatching(/^[0-9a-f-]{36}$/) as string,
        deviceToken: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/) as string,
        terminalCode: 'T01',
        shop: expect.objectContaining({ id: backend.demo!.shopId, name: 'Boutique Seri — Démo', currency: 'XOF', locale: 'fr-SN' }) as EnrollResponse['shop'],
      } satisfies EnrollResponse);
      expect(second.terminalCode).toBe('T02');
      expect(second.deviceToken).not.toBe(first.deviceToken);
      const [stored] = await backend.dataSource.query<{ token_hash: string }[]>('SELECT token_hash FROM devices WHERE id = $1', [first.deviceId]);
      expect(stored?.token_hash).toMatch(/^[0-9a-f]{64}$/);
      expect(stored?.token_hash).not.toContain(first.deviceToken);
    });

    it('answers 404 to an unknown code and 400 to an expired or used-up one', async () => {
      const devices = backend.app.get(DevicesService);
      const shopId = backend.demo!.shopId;
      await devices.createEnrollmentCode(backend.dataSource.manager, { code: 'OLD-CODE', shopId, usesLeft: null, expiresAt: new Date(Date.now() - 60_000) });
      await devices.createEnrollmentCode(backend.dataSource.manager, { code: 'ONCE-ONLY', shopId, usesLeft: 1, expiresAt: null });

      const unknown = await request(backend.url).post('/api/devices/enroll').send({ code: 'NOPE-1234', name: 'Caisse' });
      const expired = await request(backend.url).post('/api/devices/enroll').send({ code: 'OLD-CODE', name: 'Caisse' });
      const firstUse = await request(backend.url).post('/api/devices/enroll').send({ code: 'ONCE-ONLY', name: 'Caisse' });
      const secondUse = await request(backend.url).post('/api/devices/enroll').send({ code: 'ONCE-ONLY', name: 'Caisse' });

      expect(unknown.status).toBe(404);
      expect(unknown.body).toMatchObject({ statusCode: 404, error: 'Not Found', message: expect.stringContaining('not found') as string });
      expect(expired.status).toBe(400);
      expect((expired.body as { message: string }).message).toContain('expired');
      expect(firstUse.status).toBe(201);
      expect(secondUse.status).toBe(400);
      expect((secondUse.body as { message: string }).message).toContain('already been used');
    });

    it.each([
      ['a missing name', { code: 'DEMO-SHOP' }, 'name'],
      ['a code of the wrong type', { code: 1234, name: 'Caisse' }, 'code'],
      ['a code too short', { code: 'AB', name: 'Caisse' }, 'code'],
      ['an extra field', { code: 'DEMO-SHOP', name: 'Caisse', role: 'ADMIN' }, 'role'],
    ])('answers 400 naming the field to %s, and creates no device', async (_name, body, field) => {
      const [before] = await backend.dataSource.query<{ n: number }[]>('SELECT count(*)::int AS n FROM devices');
      const response = await request(backend.url).post('/api/devices/enroll').send(body);
      expect(response.status).toBe(400);
      expect(response.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
      expect((response.body as { message: string }).message).toContain(field);
      expect((response.body as { details: string[] }).details.length).toBeGreaterThan(0);
      const [after] = await backend.dataSource.query<{ n: number }[]>('SELECT count(*)::int AS n FROM devices');
      expect(after?.n).toBe(before?.n);
    });
  });

  describe('device tokens', () => {
    it('[I9] no token, an unknown token or a revoked device get 401 on push and pull', async () => {
      const terminal = await TestTerminal.enroll(backend, 'DEMO-SHOP', backend.demo!.cashiers[0]!.id);
      const push = (token: string | null) => {
        const call = request(backend.url).post('/api/sync/push').send({ protocolVersion: PROTOCOL_VERSION, ops: [] });
        return token === null ? call : call.set('Authorization', `Bearer ${token}`);
      };
      const pull = (token: string | null) => {
        const call = request(backend.url).get('/api/sync/pull?cursor=0');
        return token === null ? call : call.set('Authorization', `Bearer ${token}`);
      };
      expect((await push(terminal.token)).status).toBe(200);
      expect((await pull(terminal.token)).status).toBe(200);

      // A token one character off (never the real one: its last character may already be 'A').
      const oneOff = `${terminal.token.slice(0, -1)}${terminal.token.endsWith('A') ? 'B' : 'A'}`;
      for (const token of [null, 'x'.repeat(43), oneOff]) {
        const pushed = await push(token);
        const pulled = await pull(token);
        expect([pushed.status, pulled.status]).toEqual([401, 401]);
        expect(pushed.body).toMatchObject({ statusCode: 401, error: 'Unauthorized' });
      }

      await backend.app.get(DevicesService).revoke(terminal.deviceId);
      const before = await countRows(backend.dataSource);
      const revokedPush = await terminal.push([terminal.expenseCreate()]);
      const revokedPull = await terminal.pull('0');
      expect([revokedPush.status, revokedPull.status]).toEqual([401, 401]);
      expect((revokedPush.body as { message: string }).message).toContain('revoked');
      expect(await countRows(backend.dataSource)).toEqual(before);
    });

    it('a terminal whose connection resets while its WebSocket token is checked does not take the backend down', async () => {
      const terminal = await TestTerminal.enroll(backend, 'DEMO-SHOP', backend.demo!.cashiers[0]!.id);
      const { port } = new URL(backend.url);
      // Without an error listener on the raw socket, Jest fails this file with "read ECONNRESET".
      for (let attempt = 0; attempt < 20; attempt += 1) {
          const socket = connect(Number(port), '127.0.0.1');
          await once(socket, 'connect');
          socket.write(
            `GET ${SYNC_SOCKET_PATH} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n` +
              `Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nAuthorization: Bearer ${terminal.token}\r\n\r\n`,
          );
          // The RST reaches the server while it awaits the token's lookup.
          await new Promise((resolve) => setTimeout(resolve, attempt % 3));
          socket.resetAndDestroy();
        }
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect((await request(backend.url).get('/api/health')).status).toBe(200);
    });

    it('records when a device was last seen', async () => {
      const terminal = await TestTerminal.enroll(backend, 'DEMO-SHOP', backend.demo!.cashiers[0]!.id);
      await terminal.pull('0');
      const [row] = await backend.dataSource.query<{ last_seen_at: Date | null }[]>('SELECT last_seen_at FROM devices WHERE id = $1', [terminal.deviceId]);
      expect(row?.last_seen_at).toBeInstanceOf(Date);
    });
  });

  describe('protocol, limits and error shape', () => {
    let terminal: TestTerminal;

    beforeAll(async () => {
      terminal = await TestTerminal.enroll(backend, 'DEMO-SHOP', backend.demo!.cashiers[0]!.id);
    });

    it('GET /api/health checks the database and needs no token', async () => {
      const response = await request(backend.url).get('/api/health');
      expect(response.status).toBe(200);
      expect(response.body).toEqual({
        status: 'ok',
        protocolVersion: PROTOCOL_VERSION,
        minProtocolVersion: MIN_PROTOCOL_VERSION,
        time: expect.any(String) as string,
      } satisfies HealthResponse);
      expect(response.headers['x-content-type-options']).toBe('nosniff');
    });

    it('answers 426 "update required" to a protocol older than the minimum, 400 to a newer one', async () => {
      const old = await terminal.push([terminal.expenseCreate()], MIN_PROTOCOL_VERSION - 1);
      const future = await terminal.push([terminal.expenseCreate()], PROTOCOL_VERSION + 1);
      expect(old.status).toBe(426);
      expect(old.body).toMatchObject({ statusCode: 426, message: expect.stringContaining('update required') as string });
      expect(future.status).toBe(400);
      expect((future.body as { message: string }).message).toContain('protocolVersion');
    });

    it('answers 413 to too many ops and to a body over the limit, writing nothing', async () => {
      const before = await countRows(backend.dataSource);
      const ops = Array.from({ length: MAX_OPS_PER_PUSH + 1 }, () => terminal.expenseCreate());
      const tooMany = await terminal.push(ops);
      const huge = await terminal.pushRaw({ protocolVersion: PROTOCOL_VERSION, ops: [], padding: 'x'.repeat(MAX_PUSH_BODY_BYTES) });

      expect(tooMany.status).toBe(413);
      expect(tooMany.body).toMatchObject({ statusCode: 413, error: 'Payload Too Large', message: expect.stringContaining(String(MAX_OPS_PER_PUSH)) as string });
      expect(huge.status).toBe(413);
      expect(huge.body).toMatchObject({ statusCode: 413, error: 'Payload Too Large' });
      expect(await countRows(backend.dataSource)).toEqual(before);
    });

    it('answers malformed JSON and unknown routes with the same error shape, never a 500', async () => {
      const malformed = await request(backend.url)
        .post('/api/sync/push')
        .set('Authorization', `Bearer ${terminal.token}`)
        .set('Content-Type', 'application/json')
        .send('{"protocolVersion": 1, "ops": [');
      const missing = await request(backend.url).get('/api/nothing-here');
      // Raw bytes (supertest would serialize a Buffer as JSON).
      const invalidUtf8 = await fetch(`${backend.url}/api/sync/push`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${terminal.token}`, 'Content-Type': 'application/json' },
        body: Buffer.concat([Buffer.from('{"protocolVersion":1,"ops":[{"opId":"'), Buffer.from([0xff, 0xfe, 0xc3]), Buffer.from('"}]}')]),
      });

      expect(malformed.status).toBe(400);
      expect(malformed.body).toEqual({ statusCode: 400, error: 'Bad Request', message: 'request body is not valid JSON' });
      expect(invalidUtf8.status).toBe(400);
      expect(await invalidUtf8.json()).toMatchObject({ statusCode: 400, message: expect.stringContaining('ops.0.opId') as string });
      expect(missing.status).toBe(404);
      expect(missing.body).toMatchObject({ statusCode: 404, error: 'Not Found' });
    });
  });
});
