import { uuidv7 } from '@seri/shared';
import fc from 'fast-check';
import request from 'supertest';
import { WebSocket } from 'ws';
import { createShopWithLogins, login, type AdminClient, type PeopleShop } from './admin/support/admin-api';
import { seedShopData, type ShopData } from './admin/support/shop-data';
import { deepJson, duplicateKeyObject, rawString, rawValue, renderBody, sendRaw, type RawResponse } from './support/hostile';
import { startTestBackend, type TestBackend } from './support/test-backend';
import type { TestTerminal } from './support/terminal';

/**
 * The input boundary, property-based: every route of the OpenAPI document plus the sync
 * API (push, pull), enrollment and the WebSocket get each class of QUALITY's bad-input list
 * in every string, number, date and object position of a well-formed request. Never a 5xx,
 * never a write on refusal (a digest of every row of the shop and row counts, before and
 * after), never a hang (each request must be answered within 60 s).
 *
 * CI size in `npm test`; SERI_SOAK=1 (`npm run test:soak`) runs ten times as many.
 */
const SOAK = process.env['SERI_SOAK'] === '1';
const runs = (ci: number): number => (SOAK ? ci * 10 : ci);

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

interface SchemaObject {
  $ref?: string;
  type?: string;
  format?: string;
  enum?: unknown[];
  example?: unknown;
  items?: SchemaObject;
  properties?: Record<string, SchemaObject>;
  required?: string[];
  allOf?: SchemaObject[];
  oneOf?: SchemaObject[];
  anyOf?: SchemaObject[];
  nullable?: boolean;
  minimum?: number;
  minLength?: number;
}

interface Operation {
  parameters?: { name: string; in: string; required?: boolean; schema?: SchemaObject }[];
  requestBody?: { content?: Record<string, { schema?: SchemaObject }> };
}

interface OpenApiDocument {
  paths: Record<string, Partial<Record<Method, Operation>>>;
  components?: { schemas?: Record<string, SchemaObject> };
}

interface Endpoint {
  name: string;
  method: Method;
  /** Express form, `:shopId`. */
  path: string;
  body: unknown;
  query: Record<string, string>;
  token: () => string;
  hasBodyDto: boolean;
}

/** Writes whose success would end the walk for every route after them (a revoked device, a changed password, a closed session). */
const SELF_DEFEATING = /\/(password|disable|revoke|logout|refresh)$|\/admins\/:userId$/;

/** The classes of QUALITY's bad-input list that fit a value position; `boundary`: refused whatever the route does with it. */
interface ValueClass {
  name: string;
  boundary: boolean;
  value: () => unknown;
}

const VALUE_CLASSES: readonly ValueClass[] = [
  { name: 'NUL', boundary: true, value: () => 'a\u0000b' },
  { name: 'lone surrogate (high)', boundary: true, value: () => 'x\ud800' },
  { name: 'lone surrogate (low)', boundary: true, value: () => '\udfffy' },
  { name: 'invalid UTF-8', boundary: true, value: () => rawString('a', [0xff], 'b') },
  { name: 'overlong encoding', boundary: true, value: () => rawString('', [0xc0, 0xaf]) },
  { name: 'UTF-8 encoded surrogate', boundary: true, value: () => rawString('', [0xed, 0xa0, 0x80]) },
  { name: 'deep JSON', boundary: true, value: () => deepJson(5_000) },
  { name: 'deep JSON (33 levels)', boundary: true, value: () => deepJson(33) },
  { name: 'impossible date (31 Feb)', boundary: false, value: () => '2026-02-31T10:00:00Z' },
  { name: 'impossible date (30 Feb)', boundary: false, value: () => '2026-02-30' },
  { name: 'impossible date (hour 24)', boundary: false, value: () => '2026-01-10T24:00:00Z' },
  { name: 'impossible date (minute 60)', boundary: false, value: () => '2026-01-10T10:60:00Z' },
  { name: 'far-future date', boundary: false, value: () => '2999-01-01T00:00:00Z' },
  { name: 'malformed UUID', boundary: false, value: () => 'not-a-uuid' },
  { name: 'huge amount (1e400)', boundary: false, value: () => rawValue('1e400') },
  { name: 'beyond 2^53', boundary: false, value: () => rawValue('9007199254740993') },
  { name: 'negative', boundary: false, value: () => -1 },
  { name: 'fractional', boundary: false, value: () => 1.5 },
  { name: 'wrong type (object)', boundary: false, value: () => ({ $gt: 0 }) },
  { name: 'wrong type (array)', boundary: false, value: () => [1, 'a'] },
  { name: 'wrong type (boolean)', boundary: false, value: () => true },
  { name: 'wrong type (null)', boundary: false, value: () => null },
  { name: 'long text', boundary: false, value: () => 'x'.repeat(100_000) },
];

/** Classes that fit an object position. */
interface ObjectClass {
  name: string;
  /** Refused on any route (the boundary), or only where a DTO reads the object. */
  boundary: boolean;
  apply: (object: Record<string, unknown>) => unknown;
}

const withKey = (object: Record<string, unknown>, key: string, value: unknown): Record<string, unknown> => {
  const copy = { ...object };
  Object.defineProperty(copy, key, { value, enumerable: true, configurable: true, writable: true });
  return copy;
};

const OBJECT_CLASSES: readonly ObjectClass[] = [
  { name: 'unknown field', boundary: false, apply: (object) => withKey(object, 'extra', 1) },
  { name: '__proto__ key', boundary: false, apply: (object) => withKey(object, '__proto__', { isAdmin: true }) },
  { name: 'constructor key', boundary: false, apply: (object) => withKey(object, 'constructor', { prototype: { isAdmin: true } }) },
  { name: 'NUL in a key', boundary: true, apply: (object) => withKey(object, 'k\u0000', 1) },
  { name: 'lone surrogate in a key', boundary: true, apply: (object) => withKey(object, 'k\ud800', 1) },
  {
    name: 'duplicate key',
    boundary: true,
    apply: (object) => {
      const entries = Object.entries(object);
      const [first] = entries;
      return duplicateKeyObject(first ? [...entries, first] : [['a', 1], ['a', 2]]);
    },
  },
  { name: 'wrong type (array for object)', boundary: false, apply: (object) => [object] },
];

/** Whole-request classes. */
const ENCODING_CLASSES = [
  { name: 'gzip that is not gzip', headers: { 'Content-Encoding': 'gzip' }, status: 400 },
  { name: 'deflate that is not deflate', headers: { 'Content-Encoding': 'deflate' }, status: 400 },
  { name: 'unknown encoding', headers: { 'Content-Encoding': 'x-seri' }, status: 415 },
  { name: 'UTF-16 charset', headers: { 'Content-Type': 'application/json; charset=utf-16le' }, status: 415 },
] as const;

/** A position in a JSON value: the path of keys and indexes, and what sits there. */
interface Position {
  path: (string | number)[];
  kind: 'string' | 'number' | 'boolean' | 'null' | 'object' | 'array';
}

function positions(value: unknown, path: (string | number)[] = [], found: Position[] = []): Position[] {
  if (Array.isArray(value)) {
    found.push({ path, kind: 'array' });
    value.forEach((item, index) => positions(item, [...path, index], found));
  } else if (value !== null && typeof value === 'object') {
    found.push({ path, kind: 'object' });
    for (const [key, item] of Object.entries(value)) positions(item, [...path, key], found);
  } else {
    found.push({ path, kind: value === null ? 'null' : (typeof value as 'string' | 'number' | 'boolean') });
  }
  return found;
}

/** The value with what sits at `path` replaced by `make(old)`. */
function replaceAt(value: unknown, path: readonly (string | number)[], make: (old: unknown) => unknown): unknown {
  if (path.length === 0) return make(value);
  const [head, ...rest] = path as [string | number, ...(string | number)[]];
  if (Array.isArray(value)) return (value as unknown[]).map((item, index): unknown => (index === head ? replaceAt(item, rest, make) : item));
  const copy: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
    Object.defineProperty(copy, key, { value: key === head ? replaceAt(item, rest, make) : item, enumerable: true, configurable: true, writable: true });
  }
  return copy;
}

/** A well-formed value for a schema of the document (its example, enum, format or type). */
function sample(schema: SchemaObject | undefined, document: OpenApiDocument, depth = 0): unknown {
  if (!schema || depth > 6) return 'Texte';
  if (schema.$ref) return sample(document.components?.schemas?.[schema.$ref.split('/').pop()!], document, depth + 1);
  if (schema.allOf?.[0]) return Object.assign({}, ...schema.allOf.map((part) => sample(part, document, depth + 1) as object)) as unknown;
  const variant = schema.oneOf?.[0] ?? schema.anyOf?.[0];
  if (variant) return sample(variant, document, depth + 1);
  if (schema.example !== undefined) return schema.example;
  if (schema.enum?.[0] !== undefined) return schema.enum[0];
  switch (schema.type) {
    case 'object': {
      const object: Record<string, unknown> = {};
      for (const [name, property] of Object.entries(schema.properties ?? {})) object[name] = sample(property, document, depth + 1);
      return object;
    }
    case 'array':
      return [sample(schema.items, document, depth + 1)];
    case 'integer':
    case 'number':
      return Math.max(1, schema.minimum ?? 1);
    case 'boolean':
      return false;
    case 'string':
    case undefined:
    default:
      if (schema.format === 'uuid') return uuidv7();
      if (schema.format === 'date-time') return new Date().toISOString();
      if (schema.format === 'date') return new Date().toISOString().slice(0, 10);
      return 'Texte'.padEnd(Math.max(5, schema.minLength ?? 0), 'x');
  }
}

describe('the input boundary, property-based: every route, every position, every class', () => {
  let backend: TestBackend;
  let shop: PeopleShop;
  let data: ShopData;
  let admin: AdminClient;
  let terminal: TestTerminal;
  let endpoints: Endpoint[];

  /** One round trip: a digest of every row of the shop's tables (and the shop, its devices without their heartbeat), and the totals. */
  async function snapshot(): Promise<unknown> {
    const tables = await backend.dataSource.query<{ table_name: string }[]>(
      `SELECT table_name FROM information_schema.columns WHERE table_schema = 'public' AND column_name = 'shop_id' ORDER BY table_name`,
    );
    const parts = tables.map(({ table_name: table }) =>
      table === 'devices'
        ? `(SELECT md5(string_agg((to_jsonb(t) - 'last_seen_at')::text, '|' ORDER BY t.id)) FROM devices t WHERE shop_id = $1) AS devices`
        : `(SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) || ':' || count(*) FROM "${table}" t WHERE shop_id = $1) AS "${table}"`,
    );
    const [row] = await backend.dataSource.query<Record<string, string>[]>(
      `SELECT (SELECT md5(s::text) FROM shops s WHERE id = $1) AS shop, (SELECT count(*) FROM op_claims) AS all_ops, (SELECT count(*) FROM changes) AS all_changes, ${parts.join(', ')}`,
      [shop.shopId],
    );
    return row;
  }

  const pathValues = (): Record<string, string> => ({
    shopId: shop.shopId,
    userId: shop.users.CASHIER.id,
    deviceId: data.terminal.deviceId,
    productId: data.product.id,
    saleId: data.saleId,
    expenseId: data.expense.id,
    code: data.code,
    conflictId: data.conflictId,
    opId: data.rejectedOpId,
  });

  function fillPath(path: string): string {
    const values = pathValues();
    return path.replace(/:(\w+)/g, (_match, name: string) => values[name] ?? uuidv7());
  }

  function send(endpoint: Endpoint, body: Buffer | null, query: string, headers: Record<string, string> = {}): Promise<RawResponse> {
    const path = `${fillPath(endpoint.path)}${query ? `?${query}` : ''}`;
    if (endpoint.method === 'get' || endpoint.method === 'delete' || body === null) {
      const agent = request(backend.url);
      return agent[endpoint.method](path)
        .timeout({ response: 60_000, deadline: 90_000 })
        .set('Authorization', `Bearer ${endpoint.token()}`)
        .then((response) => ({ status: response.status, body: response.body as unknown, text: response.text }));
    }
    return sendRaw(backend, endpoint.method, path, body, { token: endpoint.token(), headers });
  }

  const queryText = (query: Record<string, string>): string =>
    Object.entries(query)
      .map(([name, value]) => `${encodeURIComponent(name)}=${encodeURIComponent(value)}`)
      .join('&');

  beforeAll(async () => {
    backend = await startTestBackend();
    shop = await createShopWithLogins(backend, 'Boutique des tests hostiles');
    data = await seedShopData(backend, shop);
    admin = await login(backend, shop.users.ADMIN.email);
    terminal = data.terminal;
    const document = (await request(backend.url).get('/api/docs-json')).body as OpenApiDocument;
    endpoints = [];
    for (const [template, operations] of Object.entries(document.paths)) {
      const path = template.replace(/\{(\w+)\}/g, ':$1');
      for (const [method, operation] of Object.entries(operations) as [Method, Operation][]) {
        if (SELF_DEFEATING.test(path)) continue;
        const schema = operation.requestBody?.content?.['application/json']?.schema;
        const query: Record<string, string> = {};
        for (const parameter of operation.parameters ?? []) {
          if (parameter.in === 'query' && parameter.required) query[parameter.name] = String(sample(parameter.schema, document));
        }
        // Report periods: the sample day is today; a period of one day is valid.
        if ('from' in query && 'to' in query) [query['from'], query['to']] = ['2025-01-01', '2025-01-31'];
        const device = /^\/api\/devices\/(report|me)/.test(path);
        endpoints.push({
          name: `${method.toUpperCase()} ${path}`,
          method,
          path,
          body: schema ? sample(schema, document) : method === 'get' || method === 'delete' ? null : {},
          query,
          token: device ? () => terminal.token : () => admin.tokens.accessToken,
          hasBodyDto: schema !== undefined,
        });
      }
    }
    const saleOp = terminal.sale([{ product: { id: data.product.id, name: data.product.name, price: data.product.price }, quantity: 1 }]);
    endpoints.push(
      { name: 'POST /api/sync/push', method: 'post', path: '/api/sync/push', body: { protocolVersion: 1, ops: [saleOp, terminal.expenseCreate()] }, query: {}, token: () => terminal.token, hasBodyDto: true },
      { name: 'GET /api/sync/pull', method: 'get', path: '/api/sync/pull', body: null, query: { cursor: '0', limit: '10' }, token: () => terminal.token, hasBodyDto: false },
    );
    if (!endpoints.some((endpoint) => endpoint.name === 'POST /api/devices/enroll')) throw new Error('enrollment is missing from the OpenAPI document');
    const enroll = endpoints.find((endpoint) => endpoint.name === 'POST /api/devices/enroll')!;
    enroll.body = { code: shop.code, name: 'Caisse hostile' };
  }, 180_000);

  afterAll(async () => {
    await backend?.stop();
  }, 60_000);

  it('walks the OpenAPI document: at least the admin API, auth, reports, audit, enrollment', () => {
    const names = endpoints.map((endpoint) => endpoint.name);
    expect(names.length).toBeGreaterThan(40);
    expect(names).toEqual(expect.arrayContaining(['POST /api/devices/enroll', 'POST /api/sync/push', 'GET /api/sync/pull', 'POST /api/admin/shops/:shopId/products']));
  });

  it('[bad-input] every route: each boundary class at the root and at a string position → 400/415, nothing written', async () => {
    const before = await snapshot();
    const failures: string[] = [];
    let sentCount = 0;
    for (const endpoint of endpoints) {
      if (endpoint.method === 'get' || endpoint.method === 'delete') continue;
      const base = endpoint.body ?? {};
      const strings = positions(base).filter((position) => position.kind === 'string');
      const target = strings[0]?.path;
      const bodies: [string, unknown][] = [];
      for (const valueClass of VALUE_CLASSES.filter((candidate) => candidate.boundary)) {
        bodies.push([`${valueClass.name} at ${target?.join('.') ?? 'a new key'}`, target ? replaceAt(base, target, valueClass.value) : withKey(base as Record<string, unknown>, 'x', valueClass.value())]);
      }
      for (const objectClass of OBJECT_CLASSES.filter((candidate) => candidate.boundary)) {
        bodies.push([`${objectClass.name} at the root`, objectClass.apply(base as Record<string, unknown>)]);
      }
      for (const [label, body] of bodies) {
        const response = await send(endpoint, renderBody(body), queryText(endpoint.query));
        sentCount += 1;
        if (response.status !== 400) failures.push(`${endpoint.name} ${label}: ${response.status} ${response.text.slice(0, 200)}`);
      }
      for (const encoding of ENCODING_CLASSES) {
        const response = await send(endpoint, renderBody(base), queryText(endpoint.query), encoding.headers);
        if (response.status !== encoding.status) failures.push(`${endpoint.name} ${encoding.name}: ${response.status} ${response.text.slice(0, 200)}`);
      }
    }
    expect(failures).toEqual([]);
    const writes = endpoints.filter((endpoint) => endpoint.method !== 'get' && endpoint.method !== 'delete').length;
    const perRoute = VALUE_CLASSES.filter((candidate) => candidate.boundary).length + OBJECT_CLASSES.filter((candidate) => candidate.boundary).length;
    expect([writes > 15, sentCount]).toEqual([true, writes * perRoute]);
    expect(await snapshot()).toEqual(before);
  }, 300_000);

  it('[bad-input] every route: NUL, invalid UTF-8 and overlong bytes in every query parameter and in the path → 400, nothing written', async () => {
    const before = await snapshot();
    const failures: string[] = [];
    for (const endpoint of endpoints) {
      const names = [...Object.keys(endpoint.query), 'limit'];
      for (const name of names) {
        for (const raw of ['%00', 'a%00', '%ff', '%c0%af', '%ed%a0%80']) {
          const query = [queryText({ ...endpoint.query, [name]: '' }).replace(`${encodeURIComponent(name)}=`, `${encodeURIComponent(name)}=${raw}`)].join('&');
          const response = await send(endpoint, endpoint.method === 'get' || endpoint.method === 'delete' ? null : renderBody(endpoint.body ?? {}), query);
          if (response.status !== 400) failures.push(`${endpoint.name} ?${query}: ${response.status}`);
        }
      }
    }
    const product = endpoints.find((endpoint) => endpoint.name === 'GET /api/admin/shops/:shopId/products/:productId');
    if (product) {
      const response = await send({ ...product, path: `${product.path}%00` }, null, '');
      if (response.status !== 400) failures.push(`path %00: ${response.status}`);
    }
    expect(failures).toEqual([]);
    expect(await snapshot()).toEqual(before);
  }, 300_000);

  it('[bad-input] property: any class in any string, number, date and object position of any route → never a 5xx, never a write on refusal', async () => {
    const endpointIndex = fc.nat({ max: 10_000 });
    const positionIndex = fc.nat({ max: 10_000 });
    const mutation = fc.oneof(
      fc.constantFrom(...VALUE_CLASSES).map((valueClass) => ({ kind: 'value' as const, valueClass })),
      fc.constantFrom(...OBJECT_CLASSES).map((objectClass) => ({ kind: 'object' as const, objectClass })),
      fc.constantFrom(...ENCODING_CLASSES).map((encoding) => ({ kind: 'encoding' as const, encoding })),
      fc.constantFrom('%00', '%ff', '%c0%af', '2026-02-31', '2026-01-10T24:00:00Z', '-1', '1e400', 'NaN', 'not-a-uuid').map((raw) => ({ kind: 'query' as const, raw })),
    );
    await fc.assert(
      fc.asyncProperty(endpointIndex, positionIndex, mutation, async (endpointAt, positionAt, change) => {
        const endpoint = endpoints[endpointAt % endpoints.length]!;
        const hasBody = endpoint.method !== 'get' && endpoint.method !== 'delete';
        const base = endpoint.body ?? {};
        let body: unknown = base;
        let query = queryText(endpoint.query);
        let headers: Record<string, string> = {};
        let label: string;
        let mustRefuse: boolean;
        if (change.kind === 'query' || !hasBody) {
          const raw = change.kind === 'query' ? change.raw : '%00';
          const names = [...Object.keys(endpoint.query), 'limit', 'from', 'extra', '__proto__', 'constructor'];
          const name = names[positionAt % names.length]!;
          query = `${queryText({ ...endpoint.query, [name]: '' }).replace(`${encodeURIComponent(name)}=`, `${encodeURIComponent(name)}=${raw}`)}`;
          label = `?${query}`;
          mustRefuse = raw === '%00' || raw === '%ff' || raw === '%c0%af';
        } else if (change.kind === 'encoding') {
          headers = change.encoding.headers;
          label = change.encoding.name;
          mustRefuse = true;
        } else {
          const all = positions(base);
          const fitting = change.kind === 'object' ? all.filter((position) => position.kind === 'object') : all.filter((position) => position.kind !== 'object' && position.kind !== 'array');
          const position = fitting[positionAt % Math.max(1, fitting.length)];
          if (change.kind === 'object') {
            body = position ? replaceAt(base, position.path, (old) => change.objectClass.apply(old as Record<string, unknown>)) : change.objectClass.apply({});
            label = `${change.objectClass.name} at ${position?.path.join('.') || 'the root'}`;
            mustRefuse = change.objectClass.boundary || (endpoint.hasBodyDto && change.objectClass.name !== 'wrong type (array for object)');
          } else {
            body = position ? replaceAt(base, position.path, change.valueClass.value) : withKey(base as Record<string, unknown>, 'x', change.valueClass.value());
            label = `${change.valueClass.name} at ${position?.path.join('.') ?? 'a new key'}`;
            mustRefuse = change.valueClass.boundary;
          }
        }
        const before = await snapshot();
        const response = await send(endpoint, hasBody ? renderBody(body) : null, query, headers);
        if (response.status >= 500) throw new Error(`${endpoint.name} ${label}: ${response.status} ${response.text.slice(0, 300)}`);
        if (mustRefuse && response.status < 400) throw new Error(`${endpoint.name} ${label}: accepted (${response.status})`);
        if (response.status >= 400) {
          expect([endpoint.name, label, (response.body as { statusCode?: number }).statusCode]).toEqual([endpoint.name, label, response.status]);
          expect([endpoint.name, label, await snapshot()]).toEqual([endpoint.name, label, before]);
        }
      }),
      { numRuns: runs(500) },
    );
  }, SOAK ? 3_600_000 : 300_000);

  it('[bad-input] the WebSocket: hostile frames and upgrade URLs never crash the server, write nothing, and pokes still arrive', async () => {
    const url = backend.url.replace(/^http/, 'ws');
    const frames = fc.oneof(
      fc.constantFrom<{ data: Buffer | string; binary: boolean }>(
        { data: Buffer.from([0x7b, 0xff, 0x7d]), binary: false },
        { data: Buffer.from([0xc0, 0xaf]), binary: false },
        { data: '{"a":"\\u0000"}', binary: false },
        { data: '{"a":"\\ud800"}', binary: false },
        { data: `${'['.repeat(500)}${']'.repeat(500)}`, binary: false },
        { data: '{"__proto__":{"admin":true},"type":"poke"}', binary: false },
        { data: '{"type":"poke","type":"push"}', binary: false },
        { data: 'x'.repeat(5_000), binary: false },
        { data: Buffer.alloc(2_000, 0), binary: true },
      ),
      fc.string({ maxLength: 200 }).map((data) => ({ data, binary: false })),
    );
    const path = fc.constantFrom('/api/sync/ws', '/api/sync/ws?x=%00', '/api/sync/ws?x=%ff', '/api/sync/ws%00', '/api/sync/ws/../ws');
    await fc.assert(
      fc.asyncProperty(path, fc.array(frames, { minLength: 1, maxLength: 3 }), async (where, sent) => {
        const before = await snapshot();
        const socket = new WebSocket(`${url}${where}`, { headers: { Authorization: `Bearer ${terminal.token}` } });
        await new Promise<void>((resolve) => {
          const timer = setTimeout(() => {
            socket.terminate();
            resolve();
          }, 2_000);
          socket.on('open', () => {
            for (const frame of sent) socket.send(frame.data, { binary: frame.binary });
            setTimeout(() => {
              socket.close();
              clearTimeout(timer);
              resolve();
            }, 100);
          });
          socket.on('error', () => {
            clearTimeout(timer);
            resolve();
          });
          socket.on('close', () => {
            clearTimeout(timer);
            resolve();
          });
        });
        expect((await request(backend.url).get('/api/health')).status).toBe(200);
        expect(await snapshot()).toEqual(before);
      }),
      { numRuns: runs(15) },
    );
    // A terminal that behaves still gets its poke.
    const socket = new WebSocket(`${url}/api/sync/ws`, { headers: { Authorization: `Bearer ${terminal.token}` } });
    let timer: NodeJS.Timeout | undefined;
    const poke = await new Promise<string>((resolve, reject) => {
      socket.once('message', (message: Buffer) => resolve(message.toString('utf8')));
      socket.once('error', reject);
      timer = setTimeout(() => reject(new Error('no poke within 20 s')), 20_000);
    }).finally(() => clearTimeout(timer));
    socket.close();
    expect(JSON.parse(poke)).toEqual({ type: 'poke' });
  }, SOAK ? 1_800_000 : 180_000);
});
