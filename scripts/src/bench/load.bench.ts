import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { PROTOCOL_VERSION, type EnrollResponse, type PushResponse } from '@seri/shared';
import { DataSource } from 'typeorm';
import { startEmbeddedPostgres } from '../../../backend/dist/src/database/embedded-postgres';
import { DEMO_ENROLLMENT_CODE } from '../../../backend/dist/src/seed/demo-seed';
import { freePort, makeTestFolder } from '../../../backend/dist/test/support/test-backend';
import { OpFactory, type SellableProduct } from '../../../desktop/dist/node/e2e/reliability/support/op-factory';
import { percentile, timeRatio, type Benchmark } from './bench-result';
import { SOCKET_CLOSE_SERVICE_RESTART } from '@seri/shared';
import WebSocket from 'ws';
import { rssMb, startBackendProcess, stopBackendProcess, type RunningServer } from './backend-process';
import { unnestInsert } from './unnest-limit';

/** QUALITY.md `load`: 0 errors, p99 ≤ 250 ms, nothing lost or duplicated, backend RSS ≤ 300 MB. */
/** QUALITY.md reliability 13: after a rolling restart every terminal is back on a socket within this. */
const RECONNECT_LIMIT_MS = 5_000;
const P99_LIMIT_MS = 250;
/** Issue #12 part 4: the knee (highest offered rate with p99 within the bar) is at least this share of the unnest limit. */
const KNEE_BAR = 0.5;
const RSS_LIMIT_MB = 300;
const BATCH = 50;
const REQUEST_TIMEOUT_MS = 60_000;

async function post<T>(url: string, body: unknown, token?: string): Promise<{ status: number; body: T }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
  });
  return { status: response.status, body: (await response.json()) as T };
}

/**
 * 200 simulated terminals (enrolled devices speaking the sync protocol over HTTP, no
 * queue of their own) each pushing a 50-sale batch every 10 s for 60 s — 1,000 sales a
 * second in all, some fifty times what 200 busy tills ring up — against the backend
 * running as `node backend/dist/src/main.js` on embedded PostgreSQL (default, durable
 * settings). Afterwards every acknowledged sale is counted in PostgreSQL.
 * Back to back instead (every terminal pushing again the moment it is answered), latency
 * is only the queue of 200 requests divided by the throughput, whatever the server does;
 * that throughput is reported by the `push` benchmark. SERI_BENCH_LOAD_SECONDS,
 * SERI_BENCH_LOAD_TERMINALS and SERI_BENCH_LOAD_INTERVAL_MS change the run.
 *
 * Then the knee (issue #12 part 4): short phases (SERI_BENCH_LOAD_KNEE_SECONDS, 15 s) at
 * rates half as high again while p99 holds ≤ 250 ms (or a third lower while it does not),
 * at most five; the knee is the highest rate that held. Last, the unnest limit of the same
 * machine (10,000 one-line sales straight into the tables); the bar is knee ≥ 0.5 × limit.
 * About 3 minutes in all on a 2-core machine.
 *
 * SERI_BENCH_LOAD_RESTART=1 is the rolling restart (QUALITY.md reliability 13): two
 * instances on the one PostgreSQL, each terminal homed on one of them and holding its poke
 * WebSocket; at a third and at two thirds of the run one instance gets SIGTERM, drains, exits
 * and starts again on its port. A terminal does what a load balancer plus the desktop worker
 * do: a push refused or cut is retried on the other instance with the same ops (counted in
 * `retried`), a socket closed with the restart code is redialled at once on the other one.
 * Pass: nothing lost or duplicated, every terminal back on a socket within 5 s.
 */
export const run: Benchmark = async ({ smoke, log }) => {
  const seconds = smoke ? 1 : Number(process.env.SERI_BENCH_LOAD_SECONDS ?? 60);
  const terminals = smoke ? 3 : Number(process.env.SERI_BENCH_LOAD_TERMINALS ?? 200);
  const interval = smoke ? 200 : Number(process.env.SERI_BENCH_LOAD_INTERVAL_MS ?? 10_000);
  const restart = process.env.SERI_BENCH_LOAD_RESTART === '1';
  const folder = await makeTestFolder('seri-bench-load-');
  const postgres = await startEmbeddedPostgres({ dataDir: join(folder, 'postgres'), port: await freePort() });
  const servers: (RunningServer | null)[] = [];
  const dataSource = new DataSource({ type: 'postgres', url: postgres.databaseUrl });
  const sockets: WebSocket[] = [];
  try {
    servers.push(await startBackendProcess(postgres.databaseUrl));
    // The second instance starts once the first has migrated and seeded.
    if (restart) servers.push(await startBackendProcess(postgres.databaseUrl));
    const server = servers[0]!;
    const ports = servers.map((instance) => instance!.port);
    const urlOf = (index: number): string => `http://127.0.0.1:${ports[index % ports.length]}`;
    await dataSource.initialize();
    const products: SellableProduct[] = (
      await dataSource.query<{ id: string; name: string; price: string }[]>('SELECT id, name, price FROM products ORDER BY sku LIMIT 40')
    ).map((row) => ({ id: row.id, name: row.name, price: Number(row.price) }));
    const cashiers = await dataSource.query<{ id: string }[]>("SELECT id FROM users WHERE role = 'CASHIER' ORDER BY id");

    const devices: { factory: OpFactory; token: string; deviceId: string }[] = [];
    for (let index = 0; index < terminals; index += 1) {
      const enrolled = await post<EnrollResponse>(`${server.url}/api/devices/enroll`, { code: DEMO_ENROLLMENT_CODE, name: `Load ${index}` });
      if (enrolled.status !== 201) throw new Error(`load: enrollment ${index} answered ${enrolled.status} ${JSON.stringify(enrolled.body)}`);
      const info = enrolled.body;
      devices.push({
        token: info.deviceToken,
        deviceId: info.deviceId,
        factory: new OpFactory({ deviceId: info.deviceId, shopId: info.shop.id, terminalCode: info.terminalCode, userId: cashiers[index % cashiers.length]!.id }),
      });
    }
    // The shop received its goods: sales take from stock rather than each overselling a line.
    const [first] = devices;
    if (first) {
      const receipts = products.map((product) => first.factory.stockReceipt(product.id, 1_000_000));
      const received = await post<PushResponse>(`${server.url}/api/sync/push`, { protocolVersion: PROTOCOL_VERSION, ops: receipts }, first.token);
      if (received.status !== 200) throw new Error(`load: stock receipts answered ${received.status}`);
    }
    log(`load: ${terminals} terminals enrolled; each pushing a ${BATCH}-sale batch every ${interval} ms for ${seconds} s`);

    const rssNow = (): number => Math.max(0, ...servers.map((instance) => (instance?.child.pid && instance.child.exitCode === null ? rssMb(instance.child.pid) : 0)));
    const rssStart = rssNow();
    let rssPeak = rssStart;
    const sampler = setInterval(() => {
      try {
        rssPeak = Math.max(rssPeak, rssNow());
      } catch {
        // An instance exiting between the check and the read.
      }
    }, 200);

    // Each terminal's poke socket (restart mode): redialled at once on the restart code, on the other instance.
    const socketOpen = new Array<boolean>(devices.length).fill(false);
    const reconnects: number[] = [];
    let stopping = false;
    const dialSocket = (index: number, instance: number, lostAt: number | null): void => {
      if (stopping) return;
      const socket = new WebSocket(`${urlOf(instance).replace('http:', 'ws:')}/api/sync/ws`, { headers: { authorization: `Bearer ${devices[index]!.token}` } });
      sockets[index] = socket;
      socket.on('open', () => {
        socketOpen[index] = true;
        if (lostAt !== null) reconnects.push(performance.now() - lostAt);
      });
      socket.on('error', () => undefined);
      socket.on('close', (code: number) => {
        const wasOpen = socketOpen[index];
        socketOpen[index] = false;
        const since = wasOpen ? performance.now() : lostAt ?? performance.now();
        // The restart code: at once on the other instance. Anything else (a refused dial): a short pause, then the other one.
        const delay = code === SOCKET_CLOSE_SERVICE_RESTART ? 0 : 100;
        setTimeout(() => dialSocket(index, instance + 1, since), delay).unref();
      });
    };
    if (restart) {
      devices.forEach((_, index) => dialSocket(index, index, null));
      const deadline = performance.now() + 30_000;
      while (socketOpen.some((open) => !open) && performance.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
      reconnects.length = 0;
    }

    // The rolling restart: SIGTERM one instance, wait for it to exit, start it again on its port; then the other.
    const restarts: Promise<void>[] = [];
    let restartsDone = 0;
    const restartInstance = async (index: number): Promise<void> => {
      const old = servers[index]!;
      const stopped = performance.now();
      await stopBackendProcess(old);
      servers[index] = await startBackendProcess(postgres.databaseUrl, ports[index]);
      restartsDone += 1;
      log(`load: instance ${index + 1} restarted (SIGTERM to ready in ${(performance.now() - stopped).toFixed(0)} ms)`);
    };
    const acked = new Set<string>();
    let sent = 0;
    let retried = 0;
    /** One steady phase: each terminal pushes a 50-sale batch every `every` ms for `forSeconds`; its latencies and errors. */
    const offer = async (every: number, forSeconds: number, withRestarts: boolean): Promise<{ latencies: number[]; errors: string[] }> => {
      const latencies: number[] = [];
      const errors: string[] = [];
      // Each terminal pushes a 50-sale batch every `interval`, staggered across the interval so
      // the 200 do not fire in lockstep. A batch's latency runs from the moment it was due, so a
      // terminal still waiting on its previous push counts that wait too (no coordinated omission).
      const begin = performance.now();
      const deadline = begin + forSeconds * 1000;
      if (withRestarts) {
        for (const [order, at] of [1 / 3, 2 / 3].entries()) {
          restarts.push(
            new Promise<void>((resolve, reject) => {
              setTimeout(() => void restartInstance(order).then(resolve, reject), at * forSeconds * 1000);
            }),
          );
        }
      }
      await Promise.all(
        devices.map(async (device, index) => {
          let product = index;
          for (let due = begin + (index / terminals) * every; due < deadline; due += every) {
            const wait = due - performance.now();
            if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
            const ops = Array.from({ length: BATCH }, () => device.factory.sale([{ product: products[product++ % products.length]!, quantity: 1 }]));
            sent += ops.length;
            const body = { protocolVersion: PROTOCOL_VERSION, ops };
            let instance = index;
            for (let attempt = 0; ; attempt += 1) {
              try {
                const answer = await post<PushResponse>(`${restart ? urlOf(instance) : server.url}/api/sync/push`, body, device.token);
                // A draining instance may answer 503 before it stops accepting: the same ops go to the other one.
                if (restart && answer.status === 503 && attempt < 50) throw new Error('draining');
                latencies.push(performance.now() - due);
                if (answer.status !== 200 && answer.status !== 201) {
                  errors.push(`HTTP ${answer.status}`);
                  break;
                }
                for (const result of answer.body.results) {
                  if (result.status === 'rejected') errors.push(`${result.code}`);
                  else acked.add(result.opId);
                }
                break;
              } catch (error) {
                if (restart && attempt < 50) {
                  // Refused or cut by an instance going down: the terminal's worker retries the same ops (exactly once, I2).
                  retried += 1;
                  instance += 1;
                  if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 100));
                  continue;
                }
                latencies.push(performance.now() - due);
                errors.push(error instanceof Error ? error.name : String(error));
                break;
              }
            }
          }
        }),
      );
      await Promise.all(restarts);
      return { latencies, errors };
    };
    const { latencies, errors } = await offer(interval, seconds, restart);
    const ackedAtRate = acked.size;
    rssPeak = Math.max(rssPeak, rssNow());
    const rssAtRate = rssPeak;
    const p50 = percentile(latencies, 50);
    const p99 = percentile(latencies, 99);
    const offered = (every: number): number => Math.round((terminals * BATCH * 1000) / every);

    // The knee (issue #12 part 4): the highest offered rate whose p99 stays within the bar.
    // From the rate above, up by half again while it holds (down by a third while it does
    // not), one short phase per step; the backlog of a failed step drains before the next.
    const knee = { rate: 0, p99: 0, steps: [] as string[] };
    if (!restart) {
      const kneeSeconds = smoke ? 1 : Number(process.env.SERI_BENCH_LOAD_KNEE_SECONDS ?? 15);
      const holds = (phase: { latencies: number[]; errors: string[] }): boolean => phase.errors.length === 0 && percentile(phase.latencies, 99) <= P99_LIMIT_MS;
      const step = (every: number, phase: { latencies: number[]; errors: string[] }): void => {
        const stepP99 = percentile(phase.latencies, 99);
        knee.steps.push(`${offered(every)}:${stepP99.toFixed(0)}`);
        if (holds(phase) && offered(every) > knee.rate) Object.assign(knee, { rate: offered(every), p99: stepP99 });
        log(`load: knee step: ${offered(every)} sales/s offered, p99 ${stepP99.toFixed(0)} ms, ${phase.errors.length} errors`);
      };
      const first = { latencies, errors };
      step(interval, first);
      const up = holds(first);
      let every = interval;
      for (let tries = 0; tries < (smoke ? 1 : 5); tries += 1) {
        every = up ? every / 1.5 : every * 1.5;
        const started = performance.now();
        const phase = await offer(every, kneeSeconds, false);
        step(every, phase);
        // A step that took three times its length saturated the machine: stepping further says nothing more.
        if (holds(phase) !== up || performance.now() - started > 3 * kneeSeconds * 1000) break;
      }
    }
    // Every terminal back on a socket: wait up to the limit past the last restart.
    const backBy = performance.now() + RECONNECT_LIMIT_MS;
    while (restart && socketOpen.some((open) => !open) && performance.now() < backBy) await new Promise((resolve) => setTimeout(resolve, 50));
    const socketsBack = socketOpen.filter(Boolean).length;
    stopping = true;
    clearInterval(sampler);
    rssPeak = Math.max(rssPeak, rssNow());

    const [counts] = await dataSource.query<{ sales: number; lines: number; movements: number; processed: number }[]>(
      `SELECT (SELECT count(*)::int FROM sales WHERE device_id IS NOT NULL) AS sales,
              (SELECT count(*)::int FROM sale_lines) AS lines,
              (SELECT count(*)::int FROM stock_movements WHERE type = 'SALE') AS movements,
              (SELECT count(*)::int FROM op_claims) AS processed`,
    );
    const stored = counts ?? { sales: 0, lines: 0, movements: 0, processed: 0 };
    // Every acknowledged sale once, with its one line and one movement; nothing else.
    const lost = Math.max(0, acked.size - stored.sales);
    const duplicated = Math.max(0, stored.sales - acked.size) + Math.max(0, stored.lines - stored.sales) + Math.max(0, stored.movements - stored.sales);
    const errorKinds = [...new Set(errors)].join(',') || 'none';
    log(
      `load: at ${offered(interval)} sales/s offered: ${latencies.length} batches, ${ackedAtRate} sales acknowledged (${(ackedAtRate / seconds).toFixed(0)}/s), ` +
        `${errors.length} errors (${errorKinds}), p50 ${p50.toFixed(0)} ms p99 ${p99.toFixed(0)} ms, backend RSS ${rssStart.toFixed(0)} → peak ${rssAtRate.toFixed(0)} MB; ` +
        `over every phase ${acked.size}/${sent} acknowledged, stored ${stored.sales} sales / ${stored.lines} lines / ${stored.movements} movements`,
    );
    // The unnest limit of this machine, for sales of the load's shape (one line), into the
    // same tables, once every phase is counted (its sales are not the terminals').
    let limitRate = 0;
    if (!restart) {
      const limitSales = Array.from({ length: smoke ? 100 : 10_000 }, (_, index) => devices[0]!.factory.sale([{ product: products[index % products.length]!, quantity: 1 }]));
      const limitStart = performance.now();
      await unnestInsert(dataSource, limitSales, devices[0]!.deviceId);
      limitRate = limitSales.length / ((performance.now() - limitStart) / 1000);
      log(
        `load: knee ${knee.rate} sales/s (p99 ${knee.p99.toFixed(0)} ms; steps rate:p99 ${knee.steps.join(' ')}); unnest limit ${limitRate.toFixed(0)} sales/s; ` +
          `knee/limit ${(knee.rate / limitRate).toFixed(2)} (bar ${KNEE_BAR})`,
      );
    }
    const reconnectMax = reconnects.length > 0 ? Math.max(...reconnects) : 0;
    if (restart) {
      log(
        `load: rolling restart: ${restartsDone} restarts, ${retried} requests retried, ${reconnects.length} socket reconnections, ` +
          `slowest ${reconnectMax.toFixed(0)} ms, ${socketsBack}/${devices.length} terminals back on a socket`,
      );
    }
    const socketsOk = !restart || (socketsBack === devices.length && reconnectMax <= RECONNECT_LIMIT_MS && restartsDone === 2);
    const kneeOk = restart || knee.rate >= KNEE_BAR * limitRate;
    const meets = errors.length === 0 && p99 <= P99_LIMIT_MS && lost === 0 && duplicated === 0 && rssAtRate <= RSS_LIMIT_MB && socketsOk && kneeOk;
    return {
      name: 'load',
      ours: { value: p99, unit: 'ms' },
      limit: { value: P99_LIMIT_MS, unit: 'ms' },
      ratio: timeRatio(p99, P99_LIMIT_MS),
      ...(smoke ? {} : { bar: 1 }),
      extra: {
        stat: 'p99',
        p50: `${p50.toFixed(0)}ms`,
        terminals,
        interval_ms: interval,
        seconds,
        offered_per_s: offered(interval),
        sales_per_s: Math.round(ackedAtRate / seconds),
        batches: latencies.length,
        sales_acked: acked.size,
        ...(restart ? {} : { knee_per_s: knee.rate, limit_per_s: Math.round(limitRate), knee_ratio: Number((knee.rate / limitRate).toFixed(3)), knee_bar: KNEE_BAR }),
        errors: errors.length,
        lost,
        duplicated,
        backend_rss_peak: `${rssAtRate.toFixed(0)}MB`,
        ...(restart
          ? { restart: 'rolling', instances: 2, restarts: restartsDone, retried, reconnect_max: `${reconnectMax.toFixed(0)}ms`, sockets_back: `${socketsBack}/${devices.length}` }
          : {}),
        rss_limit: `${RSS_LIMIT_MB}MB`,
        ...(smoke ? {} : { all_bars: meets ? 'yes' : 'no' }),
      },
    };
  } finally {
    for (const socket of sockets) socket?.terminate();
    for (const instance of servers) if (instance) await stopBackendProcess(instance);
    if (dataSource.isInitialized) await dataSource.destroy();
    await postgres.stop();
    await rm(folder, { recursive: true, force: true });
  }
};
