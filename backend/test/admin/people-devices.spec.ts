import { INITIAL_CURSOR, type Change } from '@seri/shared';
import request from 'supertest';
import type { Page } from '../../src/admin/common/page';
import type { AuditEntryDto } from '../../src/audit/dto/audit.dto';
import type { EnrollmentCodeDto, TerminalDto } from '../../src/devices/dto/admin-device.dto';
import type { ShopAdminDto, ShopDto } from '../../src/shops/dto/admin-shop.dto';
import type { UserDto } from '../../src/users/dto/admin-user.dto';
import { countRows } from '../support/database';
import { startTestBackend, type TestBackend } from '../support/test-backend';
import { enroll, TestTerminal } from '../support/terminal';
import { createShopWithLogins, login, loginRequest, shopPath, type AdminClient, type PeopleShop } from './support/admin-api';

describe('admin API: shops, users, devices and the audit log', () => {
  let backend: TestBackend;
  let shop: PeopleShop;
  let other: PeopleShop;
  let manager: AdminClient;
  let admin: AdminClient;
  const path = (rest: string) => shopPath(shop.shopId, rest);

  beforeAll(async () => {
    backend = await startTestBackend();
    shop = await createShopWithLogins(backend, 'Boutique Personnel');
    other = await createShopWithLogins(backend, 'Boutique Autre');
    manager = await login(backend, shop.users.MANAGER.email);
    admin = await login(backend, shop.users.ADMIN.email);
  }, 120_000);

  afterAll(async () => {
    await backend?.stop();
  }, 60_000);

  describe('shops', () => {
    it('an ADMIN creates a shop, is granted it, and manages it; terminals of the new shop get it first', async () => {
      const created = await admin.ok<ShopDto>(admin.post('/api/admin/shops', { name: '  Boutique Plateau  ', currency: 'XOF', locale: 'fr-SN' }), 201);
      expect(created).toMatchObject({ name: 'Boutique Plateau', currency: 'XOF', locale: 'fr-SN' });
      const mine = await admin.ok<ShopDto[]>(admin.get('/api/admin/shops'));
      expect(mine.map((item) => item.id).sort()).toEqual([shop.shopId, created.id].sort());
      // The grant counts at once, on the same access token.
      await admin.ok(admin.post(shopPath(created.id, '/products'), { sku: 'PLT-1', name: 'Premier produit', price: 500 }), 201);
      const code = await admin.ok<EnrollmentCodeDto>(admin.post(shopPath(created.id, '/enrollment-codes'), {}), 201);
      const enrolled = await enroll(backend, code.code);
      const terminal = new TestTerminal(backend, enrolled, shop.users.ADMIN.id);
      const changes: Change[] = (await terminal.pullAll(INITIAL_CURSOR)).pages.flatMap((page) => page.changes);
      expect(changes[0]).toMatchObject({ entity: 'shop', entityId: created.id, data: { name: 'Boutique Plateau' } });
      expect(changes.some((change) => change.entity === 'product')).toBe(true);
      // Managers cannot make shops, and a manager of the old shop does not see the new one.
      expect((await manager.post('/api/admin/shops', { name: 'X', currency: 'XOF', locale: 'fr' })).status).toBe(403);
      expect((await manager.get(shopPath(created.id))).status).toBe(403);
    });

    it('renames a shop (terminals pull it); the currency cannot change', async () => {
      const terminal = await TestTerminal.enroll(backend, shop.code, shop.users.CASHIER.id);
      const { cursor } = await terminal.pullAll(INITIAL_CURSOR);
      const renamed = await manager.ok<ShopDto>(manager.patch(path(''), { name: 'Boutique Personnel — Centre', locale: 'fr' }));
      expect(renamed).toMatchObject({ name: 'Boutique Personnel — Centre', locale: 'fr', currency: 'XOF' });
      const pulled = (await terminal.pullAll(cursor)).pages.flatMap((page) => page.changes);
      expect(pulled).toEqual([expect.objectContaining({ entity: 'shop', data: expect.objectContaining({ name: 'Boutique Personnel — Centre' }) as object })]);
      expect((await manager.patch(path(''), { currency: 'EUR' })).status).toBe(400);
      expect((await manager.patch(path(''), { locale: 'French' })).status).toBe(400);
      expect((await manager.ok<ShopDto>(manager.get(path('')))).currency).toBe('XOF');
    });

    it('an ADMIN grants a shop to an ADMIN of another of their shops, and takes it back', async () => {
      // An ADMIN of a shop this ADMIN does not manage is out of reach.
      expect((await admin.put(path(`/admins/${other.users.ADMIN.id}`))).status).toBe(404);
      const branch = await admin.ok<ShopDto>(admin.post('/api/admin/shops', { name: 'Boutique Almadies', currency: 'XOF', locale: 'fr-SN' }), 201);
      const colleague = await admin.ok<UserDto>(
        admin.post(shopPath(branch.id, '/users'), { name: 'Ndeye Mbaye', role: 'ADMIN', email: 'ndeye@almadies.sn', password: 'almadies password' }),
        201,
      );
      const session = await login(backend, 'ndeye@almadies.sn', 'almadies password');
      expect((await session.get(path('/users'))).status).toBe(403);

      const granted = await admin.ok<ShopAdminDto[]>(admin.put(path(`/admins/${colleague.id}`)));
      expect(granted.map((grant) => [grant.userId, grant.homeShopId, grant.grantedBy])).toContainEqual([colleague.id, branch.id, shop.users.ADMIN.id]);
      expect((await admin.ok<ShopAdminDto[]>(admin.get(path('/admins')))).map((grant) => grant.userId)).toContain(colleague.id);
      expect((await session.ok<{ shopIds: string[] }>(session.get('/api/auth/me'))).shopIds.sort()).toEqual([branch.id, shop.shopId].sort());
      expect((await session.get(path('/users'))).status).toBe(200);
      // A granted ADMIN writes in the shop under their own name: the op pipeline accepts them as its author.
      expect((await session.post(path('/expenses'), { category: 'Fournitures', amount: 800, date: '2025-03-01' })).status).toBe(201);

      expect((await admin.put(path(`/admins/${shop.users.MANAGER.id}`))).status).toBe(403);
      expect((await manager.put(path(`/admins/${colleague.id}`))).status).toBe(403);
      await admin.ok(admin.delete(path(`/admins/${colleague.id}`)));
      expect((await session.get(path('/users'))).status).toBe(403);
      expect((await admin.delete(path(`/admins/${colleague.id}`))).status).toBe(404);
    });
  });

  describe('users', () => {
    it('creates a cashier with a PIN; terminals get the user, and its PIN hash for main only', async () => {
      const terminal = await TestTerminal.enroll(backend, shop.code, shop.users.CASHIER.id);
      const { cursor } = await terminal.pullAll(INITIAL_CURSOR);
      const created = await manager.ok<UserDto>(manager.post(path('/users'), { name: ' Khady Faye ', role: 'CASHIER', pin: '13579' }), 201);
      expect(created).toMatchObject({ shopId: shop.shopId, name: 'Khady Faye', role: 'CASHIER', active: true, email: null, hasPin: true, hasPassword: false });
      expect(JSON.stringify(created)).not.toContain('$2');
      const page = (await terminal.pullAll(cursor)).pages;
      expect(page.flatMap((item) => item.changes)).toEqual([expect.objectContaining({ entity: 'user', entityId: created.id })]);
      expect(page.flatMap((item) => item.credentials).map((credential) => credential.userId)).toEqual([created.id]);
      const listed = await manager.ok<UserDto[]>(manager.get(path('/users?role=CASHIER')));
      expect(listed.map((user) => user.id)).toContain(created.id);
      expect(await manager.ok(manager.get(path(`/users/${created.id}`)))).toEqual(created);
    });

    it('creates a manager with an admin-API login, who can then log in', async () => {
      const created = await manager.ok<UserDto>(
        manager.post(path('/users'), { name: 'Ousmane Sarr', role: 'MANAGER', email: 'Ousmane@Shop.SN', password: 'a strong password' }),
        201,
      );
      expect(created).toMatchObject({ email: 'ousmane@shop.sn', hasPassword: true, hasPin: false });
      expect((await loginRequest(backend, 'ousmane@shop.sn', 'a strong password')).status).toBe(200);
      expect((await manager.post(path('/users'), { name: 'Doublon', role: 'CASHIER', email: 'OUSMANE@shop.sn' })).status).toBe(409);
    });

    it.each([
      ['an ADMIN made by a manager', { name: 'X', role: 'ADMIN' }, 403],
      ['an unknown role', { name: 'X', role: 'OWNER' }, 400],
      ['a PIN of letters', { name: 'X', role: 'CASHIER', pin: 'abcd' }, 400],
      ['a PIN too short', { name: 'X', role: 'CASHIER', pin: '123' }, 400],
      ['a password without an email', { name: 'X', role: 'MANAGER', password: 'long enough pass' }, 400],
      ['a short password', { name: 'X', role: 'MANAGER', email: 'x@y.sn', password: 'short' }, 400],
      ['a shop id in the body', { name: 'X', role: 'CASHIER', shopId: '0198f2a0-0000-7000-8000-000000000000' }, 400],
    ])('refuses %s, writing nothing', async (_name, body, status) => {
      const before = await backend.dataSource.query<{ n: number }[]>('SELECT count(*)::int AS n FROM users');
      expect((await manager.post(path('/users'), body)).status).toBe(status);
      expect(await backend.dataSource.query<{ n: number }[]>('SELECT count(*)::int AS n FROM users')).toEqual(before);
    });

    it('answers 400 to a null where a field may only be left out (name, role), changing nothing', async () => {
      const cashier = await manager.ok<UserDto>(manager.post(path('/users'), { name: 'Aminata', role: 'CASHIER', pin: '4321' }), 201);
      for (const body of [{ name: null }, { role: null }]) {
        const response = await manager.patch(path(`/users/${cashier.id}`), body);
        expect(response.status).toBe(400);
      }
      const [stored] = await backend.dataSource.query<{ name: string; role: string }[]>('SELECT name, role FROM users WHERE id = $1', [cashier.id]);
      expect(stored).toEqual({ name: 'Aminata', role: 'CASHIER' });
    });

    it('changes names and roles; a manager cannot touch an ADMIN, promote to ADMIN or change their own role', async () => {
      const cashier = await manager.ok<UserDto>(manager.post(path('/users'), { name: 'Binta', role: 'CASHIER', pin: '1234' }), 201);
      const promoted = await manager.ok<UserDto>(manager.patch(path(`/users/${cashier.id}`), { name: 'Binta Diallo', role: 'MANAGER' }));
      expect(promoted).toMatchObject({ name: 'Binta Diallo', role: 'MANAGER' });
      expect((await manager.patch(path(`/users/${cashier.id}`), { role: 'ADMIN' })).status).toBe(403);
      expect((await manager.patch(path(`/users/${shop.users.ADMIN.id}`), { name: 'Renamed' })).status).toBe(403);
      expect((await manager.patch(path(`/users/${shop.users.MANAGER.id}`), { role: 'CASHIER' })).status).toBe(403);
      expect((await admin.ok<UserDto>(admin.patch(path(`/users/${cashier.id}`), { role: 'ADMIN' }))).role).toBe('ADMIN');
      expect((await manager.patch(path('/users/0198f2a0-0000-7000-8000-000000000000'), { name: 'x' })).status).toBe(404);
    });

    it('sets a password (ending the user’s sessions) and removes the login with the email', async () => {
      const user = await manager.ok<UserDto>(manager.post(path('/users'), { name: 'Mariama', role: 'MANAGER', email: 'mariama@shop.sn', password: 'first password' }), 201);
      const session = await login(backend, 'mariama@shop.sn', 'first password');
      await manager.ok(manager.put(path(`/users/${user.id}/password`), { password: 'second password' }));
      expect((await session.get('/api/auth/me')).status).toBe(401);
      expect((await loginRequest(backend, 'mariama@shop.sn', 'first password')).status).toBe(401);
      expect((await loginRequest(backend, 'mariama@shop.sn', 'second password')).status).toBe(200);
      const removed = await manager.ok<UserDto>(manager.patch(path(`/users/${user.id}`), { email: null }));
      expect(removed).toMatchObject({ email: null, hasPassword: false });
      expect((await loginRequest(backend, 'mariama@shop.sn', 'second password')).status).toBe(401);
      expect((await manager.put(path(`/users/${user.id}/password`), { password: 'third password' })).status).toBe(400);
    });

    it('disables and enables a user; terminals learn it at their next pull; nobody disables themselves', async () => {
      const terminal = await TestTerminal.enroll(backend, shop.code, shop.users.CASHIER.id);
      const { cursor } = await terminal.pullAll(INITIAL_CURSOR);
      const cashier = await manager.ok<UserDto>(manager.post(path('/users'), { name: 'Saliou', role: 'CASHIER', pin: '9753' }), 201);
      const disabled = await manager.ok<UserDto>(manager.post(path(`/users/${cashier.id}/disable`)));
      expect(disabled.active).toBe(false);
      const pulled = (await terminal.pullAll(cursor)).pages.flatMap((page) => page.changes);
      expect(pulled.filter((change) => change.entityId === cashier.id).at(-1)).toMatchObject({ data: { active: false } });
      expect((await manager.ok<UserDto[]>(manager.get(path('/users?includeDisabled=false')))).map((user) => user.id)).not.toContain(cashier.id);
      expect((await manager.ok<UserDto>(manager.post(path(`/users/${cashier.id}/enable`)))).active).toBe(true);
      expect((await manager.post(path(`/users/${shop.users.MANAGER.id}/disable`))).status).toBe(403);
    });
  });

  describe('devices and enrollment codes', () => {
    it('makes single-use codes that expire; a used or withdrawn code enrolls nothing more', async () => {
      const code = await manager.ok<EnrollmentCodeDto>(manager.post(path('/enrollment-codes'), { expiresInMinutes: 30 }), 201);
      expect(code).toMatchObject({ code: expect.stringMatching(/^[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}$/) as string, usesLeft: 1, createdBy: shop.users.MANAGER.id });
      const minutes = (Date.parse(code.expiresAt!) - Date.parse(code.createdAt)) / 60_000;
      expect(Math.round(minutes)).toBe(30);
      expect((await manager.ok<EnrollmentCodeDto[]>(manager.get(path('/enrollment-codes')))).map((item) => item.code)).toContain(code.code);

      const enrolled = await enroll(backend, code.code.toLowerCase(), 'Caisse 9');
      expect(enrolled.shop.id).toBe(shop.shopId);
      const again = await request(backend.url).post('/api/devices/enroll').send({ code: code.code, name: 'Caisse 10' });
      expect(again.status).toBe(400);
      expect((await manager.ok<EnrollmentCodeDto[]>(manager.get(path('/enrollment-codes')))).map((item) => item.code)).not.toContain(code.code);

      const withdrawn = await manager.ok<EnrollmentCodeDto>(manager.post(path('/enrollment-codes'), {}), 201);
      expect(Math.round((Date.parse(withdrawn.expiresAt!) - Date.parse(withdrawn.createdAt)) / 3_600_000)).toBe(24);
      await manager.ok(manager.delete(path(`/enrollment-codes/${withdrawn.code}`)), 204);
      expect((await request(backend.url).post('/api/devices/enroll').send({ code: withdrawn.code, name: 'Caisse' })).status).toBe(400);
      expect((await manager.delete(path(`/enrollment-codes/${withdrawn.code}`))).status).toBe(404);
      expect((await manager.post(path('/enrollment-codes'), { expiresInMinutes: 1 })).status).toBe(400);
      expect((await manager.post(path('/enrollment-codes'), { expiresInMinutes: 100_000 })).status).toBe(400);
    });

    it('the demo code stays reusable', async () => {
      const first = await enroll(backend, 'DEMO-SHOP', 'Démo 1');
      const second = await enroll(backend, 'DEMO-SHOP', 'Démo 2');
      expect(second.shop.id).toBe(first.shop.id);
    });

    it('lists terminals with last seen, and the cursor lag and queue each reported', async () => {
      const terminal = await TestTerminal.enroll(backend, shop.code, shop.users.CASHIER.id);
      const { cursor } = await terminal.pullAll(INITIAL_CURSOR);
      const report = await request(backend.url)
        .post('/api/devices/report')
        .set('Authorization', `Bearer ${terminal.token}`)
        .send({ cursor, pending: 4, rejected: 1, oldestPendingMs: 65_000, appVersion: '0.3.1' });
      expect(report.status).toBe(204);
      // Two changes the terminal has not pulled yet.
      await manager.ok(manager.post(path('/users'), { name: 'Nouvelle', role: 'CASHIER', pin: '1111' }), 201);
      await manager.ok(manager.post(path('/expenses'), { category: 'Eau', amount: 300, date: '2025-03-01' }), 201);

      const listed = await manager.ok<TerminalDto[]>(manager.get(path('/devices')));
      const row = listed.find((device) => device.id === terminal.deviceId);
      expect(row).toMatchObject({ terminalCode: terminal.enrollment.terminalCode, revokedAt: null, lastSeenAt: expect.any(String) as string });
      expect(row?.report).toMatchObject({ cursor, cursorLag: 2, pending: 4, rejected: 1, oldestPendingMs: 65_000, appVersion: '0.3.1' });
      expect(listed.every((device) => device.terminalCode !== 'T00')).toBe(true);
      expect(await manager.ok(manager.get(path(`/devices/${terminal.deviceId}`)))).toEqual(row);

      for (const bad of [{ pending: -1 }, { pending: 1, cursor: 'abc' }, { pending: 1.5 }, {}, { pending: 1, extra: true }]) {
        expect((await request(backend.url).post('/api/devices/report').set('Authorization', `Bearer ${terminal.token}`).send(bad)).status).toBe(400);
      }
      expect((await request(backend.url).post('/api/devices/report').send({ pending: 1 })).status).toBe(401);
    });

    it('revokes a terminal once (409 the second time); 404 for another shop’s or an unknown terminal', async () => {
      const terminal = await TestTerminal.enroll(backend, shop.code, shop.users.CASHIER.id);
      const revoked = await manager.ok<TerminalDto>(manager.post(path(`/devices/${terminal.deviceId}/revoke`)));
      expect(revoked).toMatchObject({ revokedAt: expect.any(String) as string, revokedBy: shop.users.MANAGER.id });
      expect((await manager.post(path(`/devices/${terminal.deviceId}/revoke`))).status).toBe(409);
      expect((await manager.post(path('/devices/0198f2a0-0000-7000-8000-000000000000/revoke'))).status).toBe(404);
      expect((await terminal.pull(INITIAL_CURSOR)).status).toBe(401);
    });
  });

  describe('audit log', () => {
    it('records every manager action with who, what and on which record, secrets redacted; scoped by shop', async () => {
      const before = await countRows(backend.dataSource);
      const cashier = await manager.ok<UserDto>(manager.post(path('/users'), { name: 'Audité', role: 'CASHIER', pin: '8642' }), 201);
      await manager.ok(manager.put(path(`/users/${cashier.id}/pin`), { pin: '2468' }));
      expect((await countRows(backend.dataSource)).changes).toBeGreaterThan(before.changes);

      const page = await manager.ok<Page<AuditEntryDto>>(manager.get(path('/audit?limit=2')));
      expect(page.items.map((entry) => entry.action)).toEqual(['user.pin.reset', 'user.create']);
      expect(page.items[0]).toMatchObject({
        userId: shop.users.MANAGER.id,
        userName: `MANAGER ${shop.name}`,
        method: 'PUT',
        targetId: cashier.id,
        statusCode: 200,
        details: { body: { pin: '[redacted]' } },
      });
      expect(page.items[1]).toMatchObject({ targetId: cashier.id, details: { body: { name: 'Audité', role: 'CASHIER', pin: '[redacted]' } } });
      expect(JSON.stringify(page.items)).not.toMatch(/8642|2468/);

      const next = await manager.ok<Page<AuditEntryDto>>(manager.get(path(`/audit?limit=2&cursor=${page.nextCursor}`)));
      expect(next.items.map((entry) => entry.id)).not.toContain(page.items[0]!.id);
      const users = await manager.ok<Page<AuditEntryDto>>(manager.get(path('/audit?action=user.&limit=500')));
      expect(users.items.every((entry) => entry.action.startsWith('user.'))).toBe(true);
      const logins = await manager.ok<Page<AuditEntryDto>>(manager.get(path(`/audit?action=auth.login&userId=${shop.users.MANAGER.id}`)));
      expect(logins.items.length).toBeGreaterThan(0);
      // Refused requests change nothing and leave no audit entry.
      const count = (await manager.ok<Page<AuditEntryDto>>(manager.get(path('/audit?limit=500')))).items.length;
      expect((await manager.post(path('/users'), { name: 'X', role: 'OWNER' })).status).toBe(400);
      expect((await manager.ok<Page<AuditEntryDto>>(manager.get(path('/audit?limit=500')))).items.length).toBe(count);

      const otherManager = await login(backend, other.users.MANAGER.email);
      const theirs = await otherManager.ok<Page<AuditEntryDto>>(otherManager.get(shopPath(other.shopId, '/audit?limit=500')));
      expect(theirs.items.map((entry) => entry.targetId)).not.toContain(cashier.id);
      expect((await manager.get(path('/audit?action=DROP TABLE'))).status).toBe(400);
    });
  });
});
