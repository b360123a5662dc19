import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { validatorLimits } from '../src/admin/common/openapi-contract';
import { CreateProductDto } from '../src/admin/products/dto/product.dto';
import { createShopWithLogins, login, shopPath, type AdminClient, type PeopleShop } from './admin/support/admin-api';
import { enroll } from './support/terminal';
import { startTestBackend, type TestBackend } from './support/test-backend';

const RULESET = join(__dirname, '..', '.spectral.yaml');
const SPECTRAL = require.resolve('@stoplight/spectral-cli/dist/index.js');
/** Low enough to reach in a test, high enough for the requests before the flood. */
const RATE_LIMIT = 120;

interface Finding {
  code: string;
  message: string;
  path: string[];
  severity: number;
}

type Schema = { type?: string; maxLength?: number; minLength?: number; maxItems?: number; properties?: Record<string, Schema>; items?: Schema; $ref?: string };
interface Operation {
  operationId: string;
  security?: Record<string, string[]>[];
  parameters?: { name: string; in: string; schema: Schema }[];
  requestBody?: { content: Record<string, { schema: Schema }> };
  responses: Record<string, { headers?: Record<string, unknown>; content?: Record<string, { schema: Schema }> }>;
}
interface Document {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema>; securitySchemes: Record<string, { description?: string }> };
}

/** Spectral's own CLI in a plain Node process (its ES modules stay out of Jest), rules from node_modules only. */
async function spectral(document: unknown): Promise<Finding[]> {
  const folder = await mkdtemp(join(tmpdir(), 'seri-spectral-'));
  try {
    const file = join(folder, 'openapi.json');
    await writeFile(file, JSON.stringify(document));
    const { code, out, err } = await new Promise<{ code: number | null; out: string; err: string }>((resolve, reject) => {
      const child = spawn(process.execPath, [SPECTRAL, 'lint', file, '--ruleset', RULESET, '--format', 'json', '--quiet', '--fail-severity', 'error'], { stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
      child.on('error', reject);
      child.on('close', (exit) => resolve({ code: exit, out: stdout, err: stderr }));
    });
    // 0: nothing at error severity; 1: findings. Anything else (ruleset not loaded…) is a broken run.
    if (code !== 0 && code !== 1) throw new Error(`spectral exited with ${code}: ${err || out}`);
    return out.trim() === '' ? [] : (JSON.parse(out) as Finding[]);
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}

const errorsOf = (findings: Finding[]): string[] => findings.filter((finding) => finding.severity === 0).map((finding) => `${finding.code} at ${finding.path.join('.')}: ${finding.message}`);

describe('the OpenAPI document tells the truth about the input contract', () => {
  let backend: TestBackend;
  let document: Document;
  let shop: PeopleShop;
  let manager: AdminClient;
  const previousLimit = process.env['SERI_RATE_LIMIT_PER_MINUTE'];

  beforeAll(async () => {
    process.env['SERI_RATE_LIMIT_PER_MINUTE'] = String(RATE_LIMIT);
    backend = await startTestBackend();
    shop = await createShopWithLogins(backend, 'Boutique contrat');
    manager = await login(backend, shop.users.MANAGER.email);
    const response = await request(backend.url).get('/api/docs-json');
    expect(response.status).toBe(200);
    document = response.body as Document;
  }, 180_000);

  afterAll(async () => {
    if (previousLimit === undefined) delete process.env['SERI_RATE_LIMIT_PER_MINUTE'];
    else process.env['SERI_RATE_LIMIT_PER_MINUTE'] = previousLimit;
    await backend?.stop();
  }, 60_000);

  const operations = (): [string, Operation][] =>
    Object.entries(document.paths).flatMap(([path, methods]) => Object.entries(methods).map(([method, operation]): [string, Operation] => [`${method.toUpperCase()} ${path}`, operation]));

  it('passes Spectral with spectral:oas and the OWASP API ruleset: no error-severity finding', async () => {
    const findings = await spectral(document);
    expect(errorsOf(findings)).toEqual([]);
  }, 120_000);

  it('the ruleset has teeth: an unbounded request string, a list without maxItems, a 429 without Retry-After are each refused', async () => {
    const broken = structuredClone(document);
    delete broken.components.schemas['CreateProductDto']!.properties!['name']!.maxLength;
    // No documented body holds a list today; one without maxItems must be refused when it comes.
    broken.components.schemas['CreateProductDto']!.properties!['tags'] = { type: 'array', items: { type: 'string', maxLength: 30 } };
    delete broken.paths['/api/admin/shops/{shopId}/products']!['post']!.responses['429']!.headers!['Retry-After'];
    const codes = new Set((await spectral(broken)).filter((finding) => finding.severity === 0).map((finding) => finding.code));
    expect([...codes].sort()).toEqual(expect.arrayContaining(['owasp:api4:2023-rate-limit-retry-after', 'seri:request-array-limit', 'seri:request-string-limit']));
  }, 120_000);

  it('every operation documents 400, 401 unless public, 429 with Retry-After, 500, the one error body, rate-limit headers and its security', () => {
    expect(operations().length).toBeGreaterThanOrEqual(50);
    for (const [where, operation] of operations()) {
      const statuses = Object.keys(operation.responses);
      const isPublic = JSON.stringify(operation.security) === '[{}]';
      expect([where, ['429', '500', ...(isPublic ? [] : ['401'])].filter((status) => !statuses.includes(status))]).toEqual([where, []]);
      expect([where, Object.keys(operation.responses['429']!.headers ?? {})]).toEqual([where, expect.arrayContaining(['Retry-After'])]);
      for (const status of ['429', '500']) {
        expect([where, status, operation.responses[status]!.content?.['application/json']?.schema.$ref]).toEqual([where, status, '#/components/schemas/ErrorBodyDto']);
      }
      for (const [status, response] of Object.entries(operation.responses)) {
        if (/^[24]/.test(status)) expect([where, status, Object.keys(response.headers ?? {})]).toEqual([where, status, expect.arrayContaining(['X-RateLimit-Limit', 'X-RateLimit-Remaining', 'X-RateLimit-Reset'])]);
      }
      expect([where, operation.security?.length]).toEqual([where, 1]);
    }
    const security = Object.fromEntries(operations().map(([where, operation]) => [where, Object.keys(operation.security![0]!)]));
    expect(security['POST /api/auth/login']).toEqual([]);
    expect(security['POST /api/devices/enroll']).toEqual([]);
    expect(security['POST /api/devices/report']).toEqual(['deviceToken']);
    expect(security['GET /api/admin/shops/{shopId}/products']).toEqual(['bearer']);
    expect(document.components.securitySchemes['bearer']?.description).toContain('RFC8725');
  });

  it('the documented limits are the decorators’ (CreateProductDto) and what the server enforces: at the limit accepted, one past refused naming the field, nothing written', async () => {
    const schema = document.components.schemas['CreateProductDto']!.properties!;
    const enforced = validatorLimits(CreateProductDto);
    for (const field of ['sku', 'name', 'category']) {
      expect([field, schema[field]!.maxLength]).toEqual([field, enforced.get(field)!.own.maxLength]);
    }
    expect(schema['name']!.maxLength).toBe(200);
    expect(schema['barcode']!.maxLength).toBe(64);

    const products = shopPath(shop.shopId, '/products');
    const maxName = schema['name']!.maxLength!;
    const maxSku = schema['sku']!.maxLength!;
    const before = await backend.dataSource.query<{ n: string }[]>('SELECT count(*) AS n FROM products WHERE shop_id = $1', [shop.shopId]);
    for (const body of [
      { sku: 'LIM-1', name: 'n'.repeat(maxName + 1), price: 100 },
      { sku: 's'.repeat(maxSku + 1), name: 'Riz', price: 100 },
      { sku: 'LIM-2', name: 'Riz', price: 100, barcode: '1'.repeat(schema['barcode']!.maxLength! + 1) },
    ]) {
      const refused = await manager.post(products, body);
      const field = Object.keys(body).find((key) => String((body as Record<string, unknown>)[key]).length > 60)!;
      expect([field, refused.status]).toEqual([field, 400]);
      expect((refused.body as { message: string }).message).toContain(field);
    }
    expect(await backend.dataSource.query('SELECT count(*) AS n FROM products WHERE shop_id = $1', [shop.shopId])).toEqual(before);
    const accepted = await manager.post(products, { sku: 's'.repeat(maxSku), name: 'n'.repeat(maxName), price: 100 });
    expect(accepted.status).toBe(201);

    // A query and a path parameter, from the document too.
    const search = document.paths['/api/admin/shops/{shopId}/products']!['get']!.parameters!.find((parameter) => parameter.name === 'search')!.schema;
    expect((await manager.get(`${products}?search=${'x'.repeat(search.maxLength!)}`)).status).toBe(200);
    expect((await manager.get(`${products}?search=${'x'.repeat(search.maxLength! + 1)}`)).status).toBe(400);
    const code = document.paths['/api/admin/shops/{shopId}/enrollment-codes/{code}']!['delete']!.parameters!.find((parameter) => parameter.name === 'code')!.schema;
    expect(code).toMatchObject({ minLength: 4, maxLength: 64 });
    expect((await manager.delete(shopPath(shop.shopId, `/enrollment-codes/${'A'.repeat(code.maxLength! + 1)}`))).status).toBe(400);
  }, 60_000);

  it('[bad-input] a flood from one address: X-RateLimit-* on every answer, then 429 with Retry-After and the error body; the sync protocol is not counted', async () => {
    const terminal = await enroll(backend, shop.code);
    const first = await manager.get(shopPath(shop.shopId, '/products'));
    expect(first.status).toBe(200);
    expect(first.headers['x-ratelimit-limit']).toBe(String(RATE_LIMIT));
    const remaining = Number(first.headers['x-ratelimit-remaining']);
    expect(remaining).toBeLessThan(RATE_LIMIT);
    // Refused tokens count too (the rate guard runs before the access guard) and carry the headers.
    const anonymous = await request(backend.url).get(shopPath(shop.shopId, '/products'));
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers['x-ratelimit-remaining']).toBe(String(remaining - 1));

    let refused: request.Response | undefined;
    for (let sent = 0; sent <= RATE_LIMIT && !refused; sent += 1) {
      const response = await request(backend.url).get('/api/health');
      if (response.status === 429) refused = response;
    }
    expect(refused?.status).toBe(429);
    expect(Number(refused!.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(refused!.body).toMatchObject({ statusCode: 429, error: 'Too Many Requests' });
    expect((refused!.body as { message: string }).message).toContain('too many requests');
    // Every documented route shares the address's counter; the terminals' sync does not.
    expect((await manager.get(shopPath(shop.shopId, '/products'))).status).toBe(429);
    const pull = await request(backend.url).get('/api/sync/pull?cursor=0').set('Authorization', `Bearer ${terminal.deviceToken}`);
    expect(pull.status).toBe(200);
    expect(pull.headers['x-ratelimit-limit']).toBeUndefined();
  }, 60_000);
});
