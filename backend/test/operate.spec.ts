import { PROTOCOL_VERSION, type PushResponse } from '@seri/shared';
import { spawn } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import request from 'supertest';
import { LOGIN_ATTEMPTS_PER_ACCOUNT } from '../src/auth/login-throttler.guard';
import { startEmbeddedPostgres, type RunningEmbeddedPostgres } from '../src/database/embedded-postgres';
import { DEMO_PRODUCTS } from '../src/seed/demo-catalog';
import { startBackend, type RunningBackend } from '../src/server';
import { FAST_POSTGRES_FLAGS, freePort, makeTestFolder, startTestBackend, type TestBackend } from './support/test-backend';
import { TestTerminal } from './support/terminal';

const SCRAPE_TOKEN = 'scrape-token-for-the-operate-tests';

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/**
 * The Prometheus text exposition format, read strictly: `# HELP` / `# TYPE` lines, then
 * `name{label="value",…} number`. A line that is neither fails the test, so a malformed
 * exposition cannot pass as an empty one.
 */
function parsePrometheus(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('# HELP ') || line.startsWith('# TYPE ')) continue;
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})? (-?[0-9.eE+-]+|NaN|\+Inf|-Inf)( \d+)?$/.exec(line);
    if (!match) throw new Error(`not Prometheus text format: ${line}`);
    const labels: Record<string, string> = {};
    for (const pair of (match[3] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) labels[pair[1]!] = pair[2]!.replace(/\\(.)/g, '$1');
    samples.push({ name: match[1]!, labels, value: Number(match[4]) });
  }
  return samples;
}

function sampleValue(samples: Sample[], name: string, labels: Record<string, string> = {}): number {
  const found = samples.find((sample) => sample.name === name && Object.entries(labels).every(([key, value]) => sample.labels[key] === value));
  return found?.value ?? 0;
}

async function scrape(backend: RunningBackend): Promise<Sample[]> {
  const response = await request(backend.url).get('/metrics').set('Authorization', `Bearer ${SCRAPE_TOKEN}`);
  expect(response.status).toBe(200);
  expect(response.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
  return parsePrometheus(response.text);
}

async function until(what: string, check: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((done) => setTimeout(done, 200));
  }
  throw new Error(`never happened: ${what}`);
}

describe('operate: metrics, logs, throttling across instances, graceful shutdown', () => {
  let backend: TestBackend;
  let terminal: TestTerminal;

  beforeAll(async () => {
    backend = await startTestBackend({ config: { metrics: { token: SCRAPE_TOKEN, allow: [] } } });
    terminal = await TestTerminal.enroll(backend, backend.demo!.enrollmentCode, backend.demo!.cashiers[0]!.id);
  }, 120_000);

  afterAll(async () => {
    await backend?.stop();
  }, 60_000);

  describe('/metrics', () => {
    it('a scrape parses as Prometheus text format and shows the push counters moving after a push', async () => {
      const before = await scrape(backend);
      const rice = DEMO_PRODUCTS[0]!;
      const sale = terminal.sale([{ product: rice, quantity: 1 }]);
      // A cashier may not approve a void: rejected FORBIDDEN.
      const refused = terminal.voidSale(sale, backend.demo!.cashiers[0]!.id);
      const answer = await terminal.pushOk([sale, refused]);
      expect(answer.results.map((result) => result.status)).toEqual(['applied', 'rejected']);
      await terminal.pushOk([sale]);
      const after = await scrape(backend);

      const delta = (name: string, labels: Record<string, string>) => sampleValue(after, name, labels) - sampleValue(before, name, labels);
      expect(delta('seri_push_ops_total', { status: 'applied' })).toBe(1);
      expect(delta('seri_push_ops_total', { status: 'duplicate' })).toBe(1);
      const rejected = after.filter((sample) => sample.name === 'seri_push_ops_total' && sample.labels['status'] === 'rejected');
      expect(rejected.reduce((sum, sample) => sum + sample.value, 0) - before
        .filter((sample) => sample.name === 'seri_push_ops_total' && sample.labels['status'] === 'rejected')
        .reduce((sum, sample) => sum + sample.value, 0)).toBe(1);
      expect(delta('seri_push_ops_total', { status: 'rejected', code: 'FORBIDDEN' })).toBe(1);
      expect(delta('seri_push_duration_seconds_count', { outcome: 'ok' })).toBe(2);
      // The rest of what IT watches is there too.
      for (const name of ['seri_db_pool_connections', 'seri_devices_seen_last_hour', 'seri_websocket_connections', 'process_resident_memory_bytes']) {
        expect(after.some((sample) => sample.name === name)).toBe(true);
      }
      expect(sampleValue(after, 'seri_devices_seen_last_hour')).toBeGreaterThanOrEqual(1);
    });

    it('[bad-input] refuses a scrape without the token or with a wrong one, and says which header it wants', async () => {
      const none = await request(backend.url).get('/metrics');
      expect(none.status).toBe(401);
      expect(JSON.stringify(none.body)).toContain('SERI_METRICS_TOKEN');
      const wrong = await request(backend.url).get('/metrics').set('Authorization', 'Bearer not-the-scrape-token-at-all');
      expect(wrong.status).toBe(401);
      expect(wrong.text).not.toContain('seri_push_ops_total');
      // A device token is not a scrape token either.
      const device = await request(backend.url).get('/metrics').set('Authorization', `Bearer ${terminal.token}`);
      expect(device.status).toBe(401);
    });
  });

  describe('logs and health', () => {
    it('echoes the caller’s X-Request-Id, or makes one', async () => {
      const given = await request(backend.url).get('/api/health').set('X-Request-Id', 'lb-7f3a9c21-0001');
      expect(given.headers['x-request-id']).toBe('lb-7f3a9c21-0001');
      const made = await request(backend.url).get('/api/health').set('X-Request-Id', 'bad id with spaces');
      expect(made.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    });

    it('answers liveness and readiness; /api/health keeps its shape for terminals', async () => {
      const live = await request(backend.url).get('/api/health/live');
      expect(live.status).toBe(200);
      expect((live.body as { status: string }).status).toBe('ok');
      const ready = await request(backend.url).get('/api/health/ready');
      expect(ready.status).toBe(200);
      expect(Object.keys((ready.body as { info: object }).info).sort()).toEqual(['database', 'listener', 'migrations', 'shutdown']);
      const health = await request(backend.url).get('/api/health');
      expect(health.body).toMatchObject({ status: 'ok', protocolVersion: PROTOCOL_VERSION });
    });
  });

  describe('two instances on one PostgreSQL', () => {
    let second: RunningBackend;

    beforeAll(async () => {
      second = await startBackend({ databaseUrl: (backend.dataSource.options as { url: string }).url, port: 0, logger: false, seedDemo: false });
    }, 120_000);

    afterAll(async () => {
      await second?.close();
    }, 60_000);

    it('share the login limit: attempts on either count against the same account, still 429 with Retry-After', async () => {
      const email = backend.demo!.logins.manager!.email;
      const attempt = (target: RunningBackend) => request(target.url).post('/api/auth/login').send({ email, password: 'not the password at all' });
      const statuses: number[] = [];
      for (let index = 0; index < LOGIN_ATTEMPTS_PER_ACCOUNT; index += 1) statuses.push((await attempt(index % 2 === 0 ? backend : second)).status);
      expect(statuses.every((status) => status === 401)).toBe(true);
      for (const target of [backend, second]) {
        const refused = await attempt(target);
        expect(refused.status).toBe(429);
        expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
      }
    });

    it('SIGTERM’s drain during pushes loses nothing: every sale is acknowledged once (retried on the other instance) and stored once', async () => {
      const draining = await startBackend({
        databaseUrl: (backend.dataSource.options as { url: string }).url,
        port: 0,
        logger: false,
        seedDemo: false,
        config: { shutdownGraceMs: 20_000 },
      });
      const seller = await TestTerminal.enroll(backend, backend.demo!.enrollmentCode, backend.demo!.cashiers[1]!.id);
      const product = DEMO_PRODUCTS[5]!;
      const batches = Array.from({ length: 12 }, () => Array.from({ length: 20 }, () => seller.sale([{ product, quantity: 1 }])));
      const acknowledged = new Set<string>();
      let retried = 0;
      const pushTo = async (target: RunningBackend, ops: unknown[]): Promise<PushResponse | null> => {
        try {
          const response = await request(target.url)
            .post('/api/sync/push')
            .set('Authorization', `Bearer ${seller.token}`)
            .send({ protocolVersion: PROTOCOL_VERSION, ops });
          return response.status === 200 ? (response.body as PushResponse) : null;
        } catch {
          return null;
        }
      };
      let closing: Promise<void> | null = null;
      for (const [index, ops] of batches.entries()) {
        // The terminal's worker: this instance, and the other one when it is gone.
        const inFlight = pushTo(closing ? second : draining, ops);
        if (index === 4) closing = draining.close();
        let answer = await inFlight;
        while (!answer) {
          retried += 1;
          answer = await pushTo(second, ops);
        }
        for (const result of answer.results) {
          expect(result.status === 'applied' || result.status === 'duplicate').toBe(true);
          acknowledged.add(result.opId);
        }
      }
      await closing;
      const saleIds = batches.flat().map((op) => op.payload.id);
      const [stored] = await backend.dataSource.query<{ count: number }[]>('SELECT count(*)::int AS count FROM sales WHERE id = ANY($1::uuid[])', [saleIds]);
      expect(acknowledged.size).toBe(saleIds.length);
      expect(stored!.count).toBe(saleIds.length);
      // The drained instance no longer accepts: the terminal's retries all went to the other one.
      await expect(request(draining.url).get('/api/health')).rejects.toThrow();
      expect(retried).toBeLessThan(batches.length);
    }, 120_000);
  });
});

describe('operate: readiness follows PostgreSQL', () => {
  let folder: string;
  let pgPort: number;
  let postgres: RunningEmbeddedPostgres | null = null;
  let backend: RunningBackend | null = null;

  beforeAll(async () => {
    folder = await makeTestFolder();
    pgPort = await freePort();
    postgres = await startEmbeddedPostgres({ dataDir: join(folder, 'postgres'), port: pgPort, postgresFlags: FAST_POSTGRES_FLAGS });
    backend = await startBackend({ databaseUrl: postgres.databaseUrl, port: 0, logger: false });
  }, 120_000);

  afterAll(async () => {
    await backend?.close();
    await postgres?.stop();
    await rm(folder, { recursive: true, force: true });
  }, 60_000);

  it('goes 503 naming the database when PostgreSQL stops, and back to 200 when it returns; liveness stays 200', async () => {
    const ready = () => request(backend!.url).get('/api/health/ready');
    expect((await ready()).status).toBe(200);
    await postgres!.stop();
    postgres = null;
    const down = await ready();
    expect(down.status).toBe(503);
    expect(JSON.stringify(down.body)).toContain('database');
    expect((await request(backend!.url).get('/api/health/live')).status).toBe(200);

    postgres = await startEmbeddedPostgres({ dataDir: join(folder, 'postgres'), port: pgPort, postgresFlags: FAST_POSTGRES_FLAGS });
    // The pool reconnects on the next query; the LISTEN connection after its backoff.
    await until('ready again', async () => (await ready()).status === 200);
  }, 120_000);
});

describe('operate: configuration', () => {
  const main = resolve(__dirname, '..', 'src', 'main.ts');
  const tsx = resolve(__dirname, '..', '..', 'node_modules', '.bin', 'tsx');

  /** The backend's own entry point, as IT starts it, with one bad variable. */
  function start(env: Record<string, string>): Promise<{ code: number | null; stderr: string; stdout: string }> {
    return new Promise((done, fail) => {
      // From backend/, so tsx reads its tsconfig (legacy decorators, as the build compiles them).
      const child = spawn(tsx, [main], { cwd: resolve(__dirname, '..'), env: { PATH: process.env['PATH'] ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
      let stderr = '';
      let stdout = '';
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        fail(new Error(`the backend did not stop on a bad configuration: ${stdout}${stderr}`));
      }, 90_000);
      child.on('exit', (code) => {
        clearTimeout(timer);
        done({ code, stderr, stdout });
      });
    });
  }

  it.each([
    ['PORT', { PORT: 'eighty' }],
    ['PORT', { PORT: '70000' }],
    ['DATABASE_URL', { DATABASE_URL: 'mysql://db.example/seri' }],
    ['SERI_METRICS_ALLOW', { SERI_METRICS_ALLOW: '10.0.0.0/99' }],
  ])('[bad-input] a bad %s stops the start, exit non-zero, with one line naming it', async (variable, env) => {
    const result = await start(env);
    expect(result.code).not.toBe(0);
    expect(result.code).not.toBeNull();
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(variable);
    expect(result.stdout).not.toContain('listening');
  }, 120_000);
});
