import fc from 'fast-check';
import request from 'supertest';
import type { TestBackend } from '../support/test-backend';
import { startTestBackend } from '../support/test-backend';
import { type TestTerminal } from '../support/terminal';
import { validateOpenApi } from './support/openapi-validator';
import { createShopWithLogins, login, type AdminClient, type Method, type PeopleShop } from './support/admin-api';
import { seedShopData, shopFingerprint, uniqueSku, type ShopData } from './support/shop-data';

interface Route {
  method: Method;
  path: string;
}

interface ExpressLayer {
  route?: { path: string; methods: Record<string, boolean> };
}

/** Every route the running Express router serves (Nest registers each handler as one layer). */
function routesOf(backend: TestBackend): Route[] {
  const express = backend.app.getHttpAdapter().getInstance() as { router: { stack: ExpressLayer[] } };
  return express.router.stack.flatMap((layer) =>
    layer.route ? Object.keys(layer.route.methods).filter((method) => method !== '_all').map((method) => ({ method: method as Method, path: layer.route!.path })) : [],
  );
}

const key = (route: Route): string => `${route.method.toUpperCase()} ${route.path}`;

/** Routes under /api/admin without a shop in the path, each with what it must do for a manager of another shop. */
const SHOPLESS_ROUTES = ['GET /api/admin/shops', 'POST /api/admin/shops'];

/** Write routes with only the shop in the path whose body names the shop's records: shop B's records in shop A's path are refused too. */
const BODY_NAMES_RECORDS = ['POST /api/admin/shops/:shopId/stock/adjustments', 'PUT /api/admin/shops/:shopId/quick-keys'];

/** A valid query for GET routes that need one. */
const QUERIES: Readonly<Record<string, string>> = {
  'GET /api/admin/shops/:shopId/reports/takings': '?from=2025-01-01&to=2025-01-31',
  'GET /api/admin/shops/:shopId/reports/expenses': '?from=2025-01-01&to=2025-01-31',
  'GET /api/admin/shops/:shopId/reports/margin': '?from=2025-01-01&to=2025-01-31',
  'GET /api/admin/shops/:shopId/reports/comparison': '?from=2025-01-01&to=2025-01-31',
  'GET /api/admin/shops/:shopId/reports/export': '?report=takings-by-day&from=2025-01-01&to=2025-01-31',
  'GET /api/admin/shops/:shopId/reports/taxes': '?from=2025-01-01&to=2025-01-31',
};

describe('the admin API surface: every route guarded and scoped, documented, robust to bad input', () => {
  let backend: TestBackend;
  let shopA: PeopleShop;
  let shopB: PeopleShop;
  let dataA: ShopData;
  let dataB: ShopData;
  let routes: Route[];
  let cashierA: AdminClient;
  let managerA: AdminClient;
  let adminA: AdminClient;
  let terminalA: TestTerminal;

  /** A valid body per write route; the walk fails for a new write route until it gets one. */
  function bodyFor(route: Route, data: ShopData): unknown {
    const bodies: Record<string, unknown> = {
      'POST /api/admin/shops': { name: 'Nouvelle boutique', currency: 'XOF', locale: 'fr-SN' },
      'PATCH /api/admin/shops/:shopId': { name: 'Renommée' },
      'PUT /api/admin/shops/:shopId/admins/:userId': {},
      'DELETE /api/admin/shops/:shopId/admins/:userId': undefined,
      'POST /api/admin/shops/:shopId/users': { name: 'Nouveau', role: 'CASHIER', pin: '1234' },
      'PATCH /api/admin/shops/:shopId/users/:userId': { name: 'Renommé' },
      'PUT /api/admin/shops/:shopId/users/:userId/pin': { pin: '5678' },
      'PUT /api/admin/shops/:shopId/users/:userId/password': { password: 'another long password' },
      'POST /api/admin/shops/:shopId/users/:userId/disable': {},
      'POST /api/admin/shops/:shopId/users/:userId/enable': {},
      'POST /api/admin/shops/:shopId/devices/:deviceId/revoke': {},
      'POST /api/admin/shops/:shopId/enrollment-codes': {},
      'DELETE /api/admin/shops/:shopId/enrollment-codes/:code': undefined,
      'POST /api/admin/shops/:shopId/products': { sku: uniqueSku('WALK'), name: 'Produit', price: 100 },
      'POST /api/admin/shops/:shopId/products/import': { csv: `sku,name,price\n${uniqueSku('CSV')},Produit,100\n` },
      'PATCH /api/admin/shops/:shopId/products/:productId': { name: 'Renommé' },
      'POST /api/admin/shops/:shopId/products/:productId/archive': {},
      'POST /api/admin/shops/:shopId/products/:productId/unarchive': {},
      'POST /api/admin/shops/:shopId/stock/adjustments': { productId: data.product.id, type: 'RECEIPT', quantity: 3 },
      'POST /api/admin/shops/:shopId/sales/:saleId/void': { reason: 'Erreur' },
      'POST /api/admin/shops/:shopId/expenses': { category: 'Loyer', amount: 1000, date: '2025-01-02' },
      'PATCH /api/admin/shops/:shopId/expenses/:expenseId': { amount: 1200 },
      'DELETE /api/admin/shops/:shopId/expenses/:expenseId': undefined,
      'POST /api/admin/shops/:shopId/conflicts/:conflictId/resolve': { resolution: 'KEEP' },
      'POST /api/admin/shops/:shopId/rejected-ops/:opId/resolve': { resolution: 'DISMISSED', note: 'Vu' },
      'POST /api/admin/shops/:shopId/tax-rates': { name: `TVA ${uniqueSku('T')}`, rateBp: 1800 },
      'PATCH /api/admin/shops/:shopId/tax-rates/:rateId': { rateBp: 1000 },
      'PUT /api/admin/shops/:shopId/quick-keys': { pages: [{ id: '0190a5c1-0000-7000-8000-00000000000a', name: 'Favoris', color: 'green', productIds: [data.product.id] }] },
    };
    if (route.method === 'get') return undefined;
    if (!(key(route) in bodies)) throw new Error(`no sample body for ${key(route)}: add one so the walk covers it`);
    return bodies[key(route)];
  }

  /** The route's path with its parameters filled from a shop's records. */
  function fill(route: Route, shop: PeopleShop, data: ShopData): string {
    const values: Record<string, string> = {
      shopId: shop.shopId,
      userId: shop.users.CASHIER.id,
      deviceId: data.terminal.deviceId,
      productId: data.product.id,
      saleId: data.saleId,
      expenseId: data.expense.id,
      code: data.code,
      conflictId: data.conflictId,
      opId: data.rejectedOpId,
      sessionId: data.sessionId,
      rateId: data.taxRate.id,
    };
    const path = route.path.replace(/:(\w+)/g, (_match, name: string) => {
      const value = values[name];
      if (value === undefined) throw new Error(`no value for :${name} in ${key(route)}: add one so the walk covers it`);
      return value;
    });
    return `${path}${QUERIES[key(route)] ?? ''}`;
  }

  beforeAll(async () => {
    backend = await startTestBackend();
    shopA = await createShopWithLogins(backend, 'Boutique A');
    shopB = await createShopWithLogins(backend, 'Boutique B');
    dataA = await seedShopData(backend, shopA);
    dataB = await seedShopData(backend, shopB);
    cashierA = await login(backend, shopA.users.CASHIER.email);
    managerA = dataA.manager;
    adminA = await login(backend, shopA.users.ADMIN.email);
    terminalA = dataA.terminal;
    routes = routesOf(backend).filter((route) => route.path.startsWith('/api/admin'));
  }, 180_000);

  afterAll(async () => {
    await backend?.stop();
  }, 60_000);

  it('finds the admin routes in the running router', () => {
    expect(routes.length).toBeGreaterThanOrEqual(40);
    expect(routes.map(key)).toEqual(
      expect.arrayContaining([
        'GET /api/admin/shops/:shopId/products',
        'POST /api/admin/shops/:shopId/sales/:saleId/void',
        'GET /api/admin/shops/:shopId/cash-sessions',
        'GET /api/admin/shops/:shopId/cash-sessions/:sessionId',
        'GET /api/admin/shops/:shopId/tax-rates',
        'POST /api/admin/shops/:shopId/tax-rates',
        'GET /api/admin/shops/:shopId/tax-rates/:rateId',
        'PATCH /api/admin/shops/:shopId/tax-rates/:rateId',
        'GET /api/admin/shops/:shopId/reports/taxes',
      ]),
    );
    for (const route of routes) {
      if (!route.path.includes('/:shopId')) expect(SHOPLESS_ROUTES).toContain(key(route));
    }
  });

  it('[I9] every admin route: no token or a device token → 401; a cashier → 403; shop A on shop B → 403 or 404; shop B unchanged', async () => {
    const before = await shopFingerprint(backend, shopB.shopId);
    const outcomes: string[] = [];
    for (const route of routes) {
      const pathB = fill(route, shopB, dataB);
      const body = bodyFor(route, dataB);
      const send = (test: request.Test) => (body === undefined ? test : test.send(body as object));

      const anonymous = await send(request(backend.url)[route.method](pathB));
      const device = await send(request(backend.url)[route.method](pathB).set('Authorization', `Bearer ${terminalA.token}`));
      const cashier = await cashierA.call(route.method, fill(route, shopA, dataA), body);
      outcomes.push(`${key(route)} anonymous=${anonymous.status} device=${device.status} cashier=${cashier.status}`);
      expect([key(route), anonymous.status, device.status, cashier.status]).toEqual([key(route), 401, 401, 403]);
      expect(anonymous.body).toMatchObject({ statusCode: 401, error: 'Unauthorized' });

      if (SHOPLESS_ROUTES.includes(key(route))) continue;
      for (const caller of [managerA, adminA]) {
        const crossShop = await caller.call(route.method, pathB, body);
        expect([key(route), crossShop.status]).toEqual([key(route), 403]);
        // Shop A in the path, shop B's records in the rest of the path or the body.
        if (/:(?!shopId)\w+/.test(route.path) || BODY_NAMES_RECORDS.includes(key(route))) {
          const path = fill(route, shopB, dataB).split('?')[0]!.replace(shopB.shopId, shopA.shopId);
          const foreign = await caller.call(route.method, `${path}${QUERIES[key(route)] ?? ''}`, body);
          outcomes.push(`${key(route)} foreign-records=${foreign.status}`);
          expect([key(route), [403, 404].includes(foreign.status) ? 'refused' : foreign.status]).toEqual([key(route), 'refused']);
        }
      }
    }
    expect(await shopFingerprint(backend, shopB.shopId)).toEqual(before);
    expect(outcomes.length).toBeGreaterThan(routes.length);
    }, 180_000);

  it('GET /api/admin/shops lists only the caller’s shops; creating a shop needs an ADMIN', async () => {
    const mine = await managerA.ok<{ id: string }[]>(managerA.get('/api/admin/shops'));
    expect(mine.map((shop) => shop.id)).toEqual([shopA.shopId]);
    expect((await managerA.post('/api/admin/shops', { name: 'X', currency: 'XOF', locale: 'fr' })).status).toBe(403);
  });

  describe('OpenAPI', () => {
    let document: { paths: Record<string, Record<string, Operation>>; components: { schemas: Record<string, unknown> } };

    interface Operation {
      summary?: string;
      requestBody?: { content: Record<string, { schema: { $ref?: string } }> };
      responses: Record<string, { content?: Record<string, { schema: { $ref?: string; type?: string; items?: { $ref?: string } } }> }>;
      parameters?: { name: string; in: string }[];
    }

    beforeAll(async () => {
      const response = await request(backend.url).get('/api/docs-json');
      expect(response.status).toBe(200);
      document = response.body as typeof document;
    });

    it('serves Swagger UI at /api/docs and a document that validates as OpenAPI', async () => {
      const ui = await request(backend.url).get('/api/docs/');
      expect(ui.status).toBe(200);
      expect(ui.text).toContain('swagger');
      expect(await validateOpenApi(document)).toEqual({ ok: true, title: 'Seri POS API' });
      // The validator does catch a broken document.
      const broken = structuredClone(document) as { paths: Record<string, unknown> };
      broken.paths['/api/broken'] = { get: { responses: { 200: { content: { 'application/json': { schema: { $ref: '#/components/schemas/Nothing' } } } } } } };
      expect(await validateOpenApi(broken)).toMatchObject({ ok: false });
        }, 120_000);

    it('documents every admin route of the router', () => {
      for (const route of routes) {
        const path = route.path.replace(/:(\w+)/g, '{$1}');
        expect([key(route), document.paths[path]?.[route.method] !== undefined]).toEqual([key(route), true]);
      }
    });

    it('gives every operation a summary, its DTOs and its error responses in the one error shape', () => {
      let operations = 0;
      for (const [path, methods] of Object.entries(document.paths)) {
        for (const [method, operation] of Object.entries(methods)) {
          operations += 1;
          const where = `${method.toUpperCase()} ${path}`;
          expect([where, typeof operation.summary === 'string' && operation.summary.length > 10]).toEqual([where, true]);
          const statuses = Object.keys(operation.responses);
          const success = statuses.filter((status) => status.startsWith('2'));
          const errors = statuses.filter((status) => /^[45]/.test(status));
          expect([where, success.length]).toEqual([where, 1]);
          expect([where, errors.length > 0]).toEqual([where, true]);
          if (!path.startsWith('/api/health')) {
            for (const status of errors) {
              expect([where, status, operation.responses[status]?.content?.['application/json']?.schema.$ref]).toEqual([where, status, '#/components/schemas/ErrorBodyDto']);
            }
          }
          const ok = operation.responses[success[0]!]!;
          if (success[0] !== '204' && !path.startsWith('/api/health')) {
            const schema = ok.content?.['application/json']?.schema ?? ok.content?.['text/csv']?.schema;
            expect([where, schema?.$ref ?? schema?.items?.$ref ?? schema?.type]).toEqual([where, expect.stringMatching(/^(#\/components\/schemas\/\w+Dto|string)$/)]);
          }
          if (['post', 'put', 'patch'].includes(method) && operation.requestBody) {
            expect([where, operation.requestBody.content['application/json']?.schema.$ref]).toEqual([where, expect.stringMatching(/^#\/components\/schemas\/\w+Dto$/)]);
          }
        }
      }
      expect(operations).toBeGreaterThanOrEqual(routes.length);
    });

    it('documents the request body of every write that reads one', () => {
      const withBody = routes.filter((route) => route.method !== 'get' && route.method !== 'delete' && bodyFor(route, dataA) !== undefined && Object.keys(bodyFor(route, dataA) as object).length > 0);
      for (const route of withBody) {
        const operation = document.paths[route.path.replace(/:(\w+)/g, '{$1}')]?.[route.method];
        expect([key(route), operation?.requestBody !== undefined]).toEqual([key(route), true]);
      }
    });
  });

  describe('bad input: random bodies and queries never get a 500, and a refused one writes nothing', () => {
    const jsonValue = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 40 }),
      fc.integer(),
      fc.double(),
      fc.boolean(),
      fc.constant(null),
      fc.constantFrom(-1, 0, 1.5, 1e21, Number.MAX_SAFE_INTEGER + 2, '', ' ', '0', 'NaN', '2025-02-30', '9999-12-31', 'not-a-uuid', '\u0000'),
      fc.array(fc.oneof(fc.string(), fc.integer()), { maxLength: 3 }),
    );
    const fieldNames = [
      'name', 'role', 'pin', 'email', 'password', 'sku', 'barcode', 'price', 'cost', 'category', 'lowStockThreshold', 'openingStock', 'csv',
      'dryRun', 'productId', 'type', 'quantity', 'note', 'reason', 'amount', 'date', 'resolution', 'expiresInMinutes', 'currency', 'locale', 'allowSalesWithoutSession', 'cashMovementApprovalThreshold', 'status', 'deviceId',
      'rateBp', 'archived', 'taxRateId', 'pricesIncludeTax', 'defaultTaxRateId', 'legalName', 'taxNumber', 'address', 'phone', 'pages', '__proto__', 'constructor', 'extra',
    ];
    /** JSON text sent as is (what a serializer would never produce). */
    class RawJson {
      constructor(readonly text: string) {}
    }
    const body = fc.oneof(
      fc.dictionary(fc.constantFrom(...fieldNames), jsonValue, { maxKeys: 6 }),
      fc.anything({ maxDepth: 2 }),
      fc.constantFrom('[]', 'null', '"text"', '{"price": 1e400}', '{"name": "\\u0000"}', '{"a":', '\u00ff\u00fe').map((text) => new RawJson(text)),
    );

    it('writes (POST, PUT, PATCH, DELETE) on every admin route', async () => {
      const writes = routes.filter((route) => route.method !== 'get' && !/\/(password|disable)$/.test(route.path));
      await fc.assert(
        fc.asyncProperty(fc.constantFrom(...writes), body, async (route, sent) => {
          const before = await shopFingerprint(backend, shopA.shopId);
          const text = sent instanceof RawJson ? sent.text : (JSON.stringify(sent) ?? '');
          const response = await adminA.call(route.method, fill(route, shopA, dataA)).set('Content-Type', 'application/json').send(text);
          expect([key(route), text, response.status < 500]).toEqual([key(route), text, true]);
          if (response.status >= 400) {
            expect(response.body).toMatchObject({ statusCode: response.status });
            expect(await shopFingerprint(backend, shopA.shopId)).toEqual(before);
          }
        }),
        { numRuns: 300 },
      );
    }, 240_000);

    it('queries on every admin read', async () => {
      const reads = routes.filter((route) => route.method === 'get');
      const query = fc.dictionary(
        fc.constantFrom('limit', 'cursor', 'from', 'to', 'timeZone', 'groupBy', 'report', 'search', 'status', 'archived', 'lowOnly', 'productId', 'type', 'cashierId', 'number', 'action', 'x'),
        fc.oneof(fc.string({ unit: 'binary', maxLength: 30 }), fc.constantFrom('-1', '0', '99999999999', 'Mars/Olympus', '2025-13-01', 'eyJ4IjoxfQ', 'WyIxIiwiMiJd', '%00')),
        { maxKeys: 4 },
      );
      await fc.assert(
        fc.asyncProperty(fc.constantFrom(...reads), query, async (route, params) => {
          const path = fill(route, shopA, dataA).split('?')[0]!;
          const response = await managerA.get(path).query(params);
          expect([key(route), JSON.stringify(params), response.status < 500]).toEqual([key(route), JSON.stringify(params), true]);
        }),
        { numRuns: 300 },
      );
    }, 240_000);
  });
});
