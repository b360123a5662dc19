import { uuidv7, type Change, type Role } from '@seri/shared';
import request from 'supertest';
import type { TokenPairDto } from '../../../src/auth/dto/auth.dto';
import { DevicesService } from '../../../src/devices/devices.service';
import { ShopsService } from '../../../src/shops/shops.service';
import { ChangeFeedService } from '../../../src/sync/change-feed.service';
import { toShopRecord } from '../../../src/shops/shop.mapper';
import { toUserRecord } from '../../../src/users/user.mapper';
import { UsersService } from '../../../src/users/users.service';
import type { TestBackend } from '../../support/test-backend';

export const TEST_PASSWORD = 'correct horse battery';

export type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

/** A logged-in admin-API caller: every request carries its access token. */
export class AdminClient {
  constructor(
    readonly backend: TestBackend,
    readonly tokens: TokenPairDto,
  ) {}

  call(method: Method, path: string, body?: unknown): request.Test {
    const test = request(this.backend.url)[method](path).set('Authorization', `Bearer ${this.tokens.accessToken}`);
    return body === undefined ? test : test.send(body as object);
  }

  get(path: string): request.Test {
    return this.call('get', path);
  }

  post(path: string, body: unknown = {}): request.Test {
    return this.call('post', path, body);
  }

  patch(path: string, body: unknown): request.Test {
    return this.call('patch', path, body);
  }

  put(path: string, body: unknown = {}): request.Test {
    return this.call('put', path, body);
  }

  delete(path: string): request.Test {
    return this.call('delete', path);
  }

  /** The body of a call that must answer `status`; fails the test with the error body otherwise. */
  async ok<T>(call: request.Test, status = 200): Promise<T> {
    const response = await call;
    if (response.status !== status) throw new Error(`expected ${status}, got ${response.status}: ${JSON.stringify(response.body)}`);
    return response.body as T;
  }
}

export function loginRequest(backend: TestBackend, email: string, password: string): request.Test {
  return request(backend.url).post('/api/auth/login').send({ email, password });
}

export async function login(backend: TestBackend, email: string, password = TEST_PASSWORD): Promise<AdminClient> {
  const response = await loginRequest(backend, email, password);
  if (response.status !== 200) throw new Error(`login of ${email} failed: ${response.status} ${JSON.stringify(response.body)}`);
  return new AdminClient(backend, response.body as TokenPairDto);
}

export interface PeopleShop {
  shopId: string;
  name: string;
  code: string;
  users: Record<Role, { id: string; email: string }>;
}

/**
 * A shop with one user per role, each with an email and the test password, and a reusable
 * enrollment code; its shop and users are in its change feed, as an admin-made shop's are.
 */
export async function createShopWithLogins(backend: TestBackend, name: string): Promise<PeopleShop> {
  const shopId = uuidv7();
  const code = `SHOP-${shopId.slice(-8).toUpperCase()}`;
  const slug = shopId.slice(-8);
  const users = {} as PeopleShop['users'];
  await backend.dataSource.transaction(async (manager) => {
    const shop = await backend.app.get(ShopsService).create(manager, { id: shopId, name, currency: 'XOF', locale: 'fr-SN' });
    const changes: Change[] = [{ entity: 'shop', entityId: shopId, op: 'upsert', data: toShopRecord(shop) }];
    for (const role of ['CASHIER', 'MANAGER', 'ADMIN'] as const) {
      const email = `${role.toLowerCase()}-${slug}@test.seri`;
      const user = await backend.app
        .get(UsersService)
        .create(manager, { id: uuidv7(), shopId, name: `${role} ${name}`, role, pin: '4321', email, password: TEST_PASSWORD });
      users[role] = { id: user.id, email };
      changes.push({ entity: 'user', entityId: user.id, op: 'upsert', data: toUserRecord(user) });
    }
    await backend.app.get(DevicesService).createEnrollmentCode(manager, { code, shopId, usesLeft: null, expiresAt: null });
    await backend.app.get(ChangeFeedService).append(manager, shopId, changes);
  });
  return { shopId, name, code, users };
}

export function shopPath(shopId: string, rest = ''): string {
  return `/api/admin/shops/${shopId}${rest}`;
}
