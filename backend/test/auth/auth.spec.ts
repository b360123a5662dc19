import { INITIAL_CURSOR, PROTOCOL_VERSION, type PullResponse } from '@seri/shared';
import bcrypt from 'bcryptjs';
import { createHmac } from 'node:crypto';
import request from 'supertest';
import { JWT_AUDIENCE, JWT_ISSUER } from '../../src/auth/access-tokens.service';
import type { MeDto, TokenPairDto } from '../../src/auth/dto/auth.dto';
import { JWT_SECRET_NAME } from '../../src/auth/jwt-secret';
import { LOGIN_ATTEMPTS_PER_ACCOUNT } from '../../src/auth/login-throttler.guard';
import { type AdminClient, createShopWithLogins, login, loginRequest, shopPath, TEST_PASSWORD, type PeopleShop } from '../admin/support/admin-api';
import { countRows } from '../support/database';
import { startTestBackend, type TestBackend } from '../support/test-backend';
import { TestTerminal } from '../support/terminal';

const base64url = (value: string | Buffer): string => Buffer.from(value).toString('base64url');

function signJwt(header: object, claims: object, secret: string): string {
  const unsigned = `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(claims))}`;
  return `${unsigned}.${createHmac(header && (header as { alg?: string }).alg === 'HS512' ? 'sha512' : 'sha256', secret).update(unsigned).digest('base64url')}`;
}

function decodeClaims(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8')) as Record<string, unknown>;
}

describe('auth: logins, tokens, throttling and device revocation', () => {
  let backend: TestBackend;
  let shop: PeopleShop;
  let secret: string;

  beforeAll(async () => {
    backend = await startTestBackend();
    shop = await createShopWithLogins(backend, 'Boutique Auth');
    const [row] = await backend.dataSource.query<{ value: string }[]>('SELECT value FROM auth_secrets WHERE name = $1', [JWT_SECRET_NAME]);
    secret = row!.value;
  }, 120_000);

  afterAll(async () => {
    await backend?.stop();
  }, 60_000);

  const me = (token: string | null) => {
    const call = request(backend.url).get('/api/auth/me');
    return token === null ? call : call.set('Authorization', `Bearer ${token}`);
  };

  describe('login', () => {
    it('logs the demo manager in with the printed password: a short-lived JWT and a refresh token', async () => {
      const demo = backend.demo!.logins.manager!;
      const response = await loginRequest(backend, demo.email.toUpperCase(), demo.password);
      expect(response.status).toBe(200);
      const pair = response.body as TokenPairDto;
      expect(pair).toEqual({
        accessToken: expect.stringMatching(/^[\w-]+\.[\w-]+\.[\w-]+$/) as string,
        tokenType: 'Bearer',
        expiresIn: 900,
        refreshToken: expect.stringMatching(/^[\w-]{43}$/) as string,
        refreshExpiresAt: expect.any(String) as string,
      });
      const header = JSON.parse(Buffer.from(pair.accessToken.split('.')[0]!, 'base64url').toString('utf8')) as { alg: string };
      expect(header.alg).toBe('HS256');
      const claims = decodeClaims(pair.accessToken);
      expect(claims).toMatchObject({ sub: demo.id, role: 'MANAGER', use: 'access', iss: JWT_ISSUER, aud: JWT_AUDIENCE });
      expect((claims['exp'] as number) - (claims['iat'] as number)).toBe(900);

      const who = await me(pair.accessToken);
      expect(who.status).toBe(200);
      expect(who.body).toEqual({ userId: demo.id, name: 'Awa Diop', role: 'MANAGER', homeShopId: backend.demo!.shopId, shopIds: [backend.demo!.shopId] } satisfies MeDto);
      const [stored] = await backend.dataSource.query<{ token_hash: string }[]>('SELECT token_hash FROM refresh_tokens WHERE user_id = $1', [demo.id]);
      expect(stored?.token_hash).toMatch(/^[0-9a-f]{64}$/);
    });

    it('answers the same 401 to a wrong password, an unknown email and a user without a password', async () => {
      const wrong = await loginRequest(backend, shop.users.MANAGER.email, 'not the password');
      const unknown = await loginRequest(backend, 'nobody@test.seri', TEST_PASSWORD);
      const cashierWithoutPassword = await loginRequest(backend, 'moussa@seri.demo', TEST_PASSWORD);
      for (const response of [wrong, unknown, cashierWithoutPassword]) {
        expect(response.status).toBe(401);
        expect(response.body).toEqual({ statusCode: 401, error: 'Unauthorized', message: 'email or password is incorrect' });
      }
      const [failure] = await backend.dataSource.query<{ action: string }[]>(
        `SELECT action FROM audit_log WHERE user_id = $1 AND action = 'auth.login.failed'`,
        [shop.users.MANAGER.id],
      );
      expect(failure?.action).toBe('auth.login.failed');
    });

    it.each([
      ['no password', { email: 'awa@seri.demo' }, 'password'],
      ['not an email', { email: 'awa', password: TEST_PASSWORD }, 'email'],
      ['a password over 72 bytes', { email: 'awa@seri.demo', password: 'é'.repeat(37) }, 'password'],
      ['an extra field', { email: 'awa@seri.demo', password: TEST_PASSWORD, role: 'ADMIN' }, 'role'],
    ])('answers 400 to %s', async (_name, body, field) => {
      const response = await request(backend.url).post('/api/auth/login').send(body);
      expect(response.status).toBe(400);
      expect((response.body as { message: string }).message).toContain(field);
    });
  });

  describe('access tokens', () => {
    let manager: AdminClient;

    beforeAll(async () => {
      manager = await login(backend, shop.users.MANAGER.email);
    });

    it('no token → 401 on /api/auth/me and on an admin route', async () => {
      expect((await me(null)).status).toBe(401);
      const admin = await request(backend.url).get(shopPath(shop.shopId, '/products'));
      expect(admin.status).toBe(401);
      expect(admin.body).toMatchObject({ statusCode: 401, error: 'Unauthorized', message: expect.stringContaining('access token') as string });
    });

    it('a tampered token → 401: changed claims, changed signature, signed with another key', async () => {
      const [header, payload, signature] = manager.tokens.accessToken.split('.') as [string, string, string];
      const claims = decodeClaims(manager.tokens.accessToken);
      const promoted = `${header}.${base64url(JSON.stringify({ ...claims, role: 'ADMIN', sub: shop.users.ADMIN.id }))}.${signature}`;
      const flipped = `${header}.${payload}.${signature.slice(0, -2)}${signature.endsWith('AA') ? 'BB' : 'AA'}`;
      const otherKey = signJwt({ alg: 'HS256', typ: 'JWT' }, claims, 'an attacker’s key, long enough to look real');
      for (const token of [promoted, flipped, otherKey]) {
        const response = await me(token);
        expect(response.status).toBe(401);
        expect((response.body as { message: string }).message).toContain('invalid or expired');
      }
      expect((await me(manager.tokens.accessToken)).status).toBe(200);
    });

    it('an expired token → 401', async () => {
      const claims = decodeClaims(manager.tokens.accessToken);
      const past = Math.floor(Date.now() / 1000) - 3600;
      const expired = signJwt({ alg: 'HS256', typ: 'JWT' }, { ...claims, iat: past - 900, exp: past }, secret);
      const fresh = signJwt({ alg: 'HS256', typ: 'JWT' }, claims, secret);
      expect((await me(expired)).status).toBe(401);
      // The same claims signed with the server's key and not expired pass: it is the expiry that failed.
      expect((await me(fresh)).status).toBe(200);
    });

    it('alg:none, another algorithm, another audience or a refresh-style token → 401', async () => {
      const claims = decodeClaims(manager.tokens.accessToken);
      const none = `${base64url(JSON.stringify({ alg: 'none', typ: 'JWT' }))}.${base64url(JSON.stringify(claims))}.`;
      const noneUpper = `${base64url(JSON.stringify({ alg: 'NONE' }))}.${base64url(JSON.stringify(claims))}.`;
      const hs512 = signJwt({ alg: 'HS512', typ: 'JWT' }, claims, secret);
      const audience = signJwt({ alg: 'HS256', typ: 'JWT' }, { ...claims, aud: 'another-api' }, secret);
      const notAccess = signJwt({ alg: 'HS256', typ: 'JWT' }, { ...claims, use: 'refresh' }, secret);
      for (const token of [none, noneUpper, hs512, audience, notAccess]) expect((await me(token)).status).toBe(401);
    });

    it('a device token is not an access token → 401 on admin routes', async () => {
      const terminal = await TestTerminal.enroll(backend, shop.code, shop.users.CASHIER.id);
      const response = await request(backend.url).get(shopPath(shop.shopId, '/products')).set('Authorization', `Bearer ${terminal.token}`);
      expect(response.status).toBe(401);
    });

    it('a cashier with a password reaches /api/auth/me but no admin route (403)', async () => {
      const cashier = await login(backend, shop.users.CASHIER.email);
      expect((await me(cashier.tokens.accessToken)).status).toBe(200);
      const response = await cashier.get(shopPath(shop.shopId, '/products'));
      expect(response.status).toBe(403);
      expect((response.body as { message: string }).message).toContain('MANAGER or ADMIN');
    });

    it('a disabled user’s token stops working at once, and they cannot log in again', async () => {
      const demoAdmin = await login(backend, backend.demo!.logins.admin!.email, backend.demo!.logins.admin!.password);
      const victim = await createShopWithLogins(backend, 'Boutique Désactivée');
      const victimManager = await login(backend, victim.users.MANAGER.email);
      const victimAdmin = await login(backend, victim.users.ADMIN.email);
      expect((await me(victimManager.tokens.accessToken)).status).toBe(200);
      await victimAdmin.ok(victimAdmin.post(shopPath(victim.shopId, `/users/${victim.users.MANAGER.id}/disable`)));
      expect((await me(victimManager.tokens.accessToken)).status).toBe(401);
      expect((await loginRequest(backend, victim.users.MANAGER.email, TEST_PASSWORD)).status).toBe(401);
      const refreshed = await request(backend.url).post('/api/auth/refresh').send({ refreshToken: victimManager.tokens.refreshToken });
      expect(refreshed.status).toBe(401);
      // The demo's ADMIN does not manage that shop.
      expect((await demoAdmin.get(shopPath(victim.shopId, '/users'))).status).toBe(403);
    });
  });

  describe('refresh tokens', () => {
    const refresh = (refreshToken: string) => request(backend.url).post('/api/auth/refresh').send({ refreshToken });

    it('rotates: each refresh token works once and gives a new pair', async () => {
      const first = await login(backend, shop.users.ADMIN.email);
      const second = await refresh(first.tokens.refreshToken);
      expect(second.status).toBe(200);
      const pair = second.body as TokenPairDto;
      expect(pair.refreshToken).not.toBe(first.tokens.refreshToken);
      expect((await me(pair.accessToken)).status).toBe(200);
      const third = await refresh(pair.refreshToken);
      expect(third.status).toBe(200);
      const families = await backend.dataSource.query<{ family_id: string }[]>('SELECT DISTINCT family_id FROM refresh_tokens WHERE user_id = $1 AND created_at >= now() - interval \'1 hour\'', [
        shop.users.ADMIN.id,
      ]);
      expect(families.length).toBeGreaterThanOrEqual(1);
    });

    it('a reused refresh token revokes its whole family: every token and the access tokens of that login', async () => {
      const session = await login(backend, shop.users.ADMIN.email);
      const rotated = (await refresh(session.tokens.refreshToken)).body as TokenPairDto;
      const other = await login(backend, shop.users.ADMIN.email);

      const replay = await refresh(session.tokens.refreshToken);
      expect(replay.status).toBe(401);
      expect((await refresh(rotated.refreshToken)).status).toBe(401);
      expect((await me(rotated.accessToken)).status).toBe(401);
      expect((await me(session.tokens.accessToken)).status).toBe(401);
      // Another login of the same user is another family: untouched.
      expect((await me(other.tokens.accessToken)).status).toBe(200);
      expect((await refresh(other.tokens.refreshToken)).status).toBe(200);

      const family = decodeClaims(session.tokens.accessToken)['sid'] as string;
      const rows = await backend.dataSource.query<{ revoked_reason: string | null }[]>('SELECT revoked_reason FROM refresh_tokens WHERE family_id = $1', [family]);
      expect(rows.length).toBe(2);
      expect(rows.every((row) => row.revoked_reason === 'reuse detected')).toBe(true);
      const [audit] = await backend.dataSource.query<{ n: number }[]>(
        `SELECT count(*)::int AS n FROM audit_log WHERE action = 'auth.refresh.reuse' AND details->>'family' = $1`,
        [family],
      );
      expect(audit?.n).toBe(1);
    });

    it('answers 401 to an unknown token and 400 to a malformed one; logout ends the login', async () => {
      expect((await refresh('x'.repeat(43))).status).toBe(401);
      expect((await request(backend.url).post('/api/auth/refresh').send({ refreshToken: 12 })).status).toBe(400);
      const session = await login(backend, shop.users.ADMIN.email);
      const out = await request(backend.url).post('/api/auth/logout').send({ refreshToken: session.tokens.refreshToken });
      expect(out.status).toBe(204);
      expect((await refresh(session.tokens.refreshToken)).status).toBe(401);
      expect((await me(session.tokens.accessToken)).status).toBe(401);
    });
  });

  describe('throttling', () => {
    it('login brute force → 429 with Retry-After, even for the right password; other accounts still log in', async () => {
      const target = await createShopWithLogins(backend, 'Boutique Visée');
      for (let attempt = 0; attempt < LOGIN_ATTEMPTS_PER_ACCOUNT; attempt += 1) {
        expect((await loginRequest(backend, target.users.MANAGER.email, `guess-${attempt}-password`)).status).toBe(401);
      }
      const blocked = await loginRequest(backend, target.users.MANAGER.email, 'guess-again-password');
      expect(blocked.status).toBe(429);
      expect(blocked.body).toMatchObject({ statusCode: 429, error: 'Too Many Requests' });
      expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
      expect((await loginRequest(backend, target.users.MANAGER.email, TEST_PASSWORD)).status).toBe(429);
      expect((await loginRequest(backend, target.users.ADMIN.email, TEST_PASSWORD)).status).toBe(200);
    });
  });

  describe('terminals', () => {
    it('a revoked device can neither push nor pull, and nothing it sends is written', async () => {
      const manager = await login(backend, shop.users.MANAGER.email);
      const terminal = await TestTerminal.enroll(backend, shop.code, shop.users.CASHIER.id);
      expect((await terminal.push([terminal.expenseCreate()])).status).toBe(200);
      expect((await terminal.pull(INITIAL_CURSOR)).status).toBe(200);

      await manager.ok(manager.post(shopPath(shop.shopId, `/devices/${terminal.deviceId}/revoke`)));
      const before = await countRows(backend.dataSource);
      const push = await terminal.push([terminal.expenseCreate()]);
      const pull = await terminal.pull(INITIAL_CURSOR);
      const report = await request(backend.url).post('/api/devices/report').set('Authorization', `Bearer ${terminal.token}`).send({ pending: 1 });
      expect([push.status, pull.status, report.status]).toEqual([401, 401, 401]);
      expect(push.body).toMatchObject({ statusCode: 401, message: expect.stringContaining('revoked') as string });
      expect(await countRows(backend.dataSource)).toEqual(before);
      const raw = await request(backend.url)
        .post('/api/sync/push')
        .set('Authorization', `Bearer ${terminal.token}`)
        .send({ protocolVersion: PROTOCOL_VERSION, ops: [] });
      expect(raw.status).toBe(401);
    });

    it('a PIN reset reaches the terminals through the change feed, as a hash for main only', async () => {
      const manager = await login(backend, shop.users.MANAGER.email);
      const terminal = await TestTerminal.enroll(backend, shop.code, shop.users.CASHIER.id);
      const { cursor } = await terminal.pullAll(INITIAL_CURSOR);

      await manager.ok(manager.put(shopPath(shop.shopId, `/users/${shop.users.CASHIER.id}/pin`), { pin: '7305' }));
      const { pages } = await terminal.pullAll(cursor);
      const changes = pages.flatMap((page: PullResponse) => page.changes);
      const credentials = pages.flatMap((page: PullResponse) => page.credentials);
      expect(changes).toEqual([expect.objectContaining({ entity: 'user', entityId: shop.users.CASHIER.id, op: 'upsert' })]);
      expect(JSON.stringify(changes)).not.toContain('$2');
      expect(credentials).toHaveLength(1);
      expect(credentials[0]!.userId).toBe(shop.users.CASHIER.id);
      expect(await bcrypt.compare('7305', credentials[0]!.pinHash!)).toBe(true);
      expect(await bcrypt.compare('4321', credentials[0]!.pinHash!)).toBe(false);
    });
  });
});
