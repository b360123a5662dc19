import { createServer, connect, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

/**
 * What the proxy does to each new connection, drawn once per connection. Probabilities
 * add up to at most 1; what is left passes through (after `latencyMs`).
 */
export interface FaultPlan {
  /** Each chunk, both ways, arrives this much later (order kept). */
  latencyMs?: number;
  /** The connection is reset at once, before any byte reaches the backend. */
  resetProbability?: number;
  /**
   * The request reaches the backend, which handles it (commits) and answers; the answer is
   * then thrown away and the connection reset: the "lost response" of QUALITY row 2.
   */
  cutResponseProbability?: number;
  /** Bytes go in and nothing ever comes back, nor reaches the backend: a dead link. */
  blackholeProbability?: number;
}

export type ConnectionFate = 'pass' | 'reset' | 'cut-response' | 'blackhole';

export interface FaultStats {
  connections: number;
  pass: number;
  reset: number;
  cutResponse: number;
  blackhole: number;
  refusedOffline: number;
}

export interface FaultProxyOptions {
  /** Uniform in [0, 1); a seeded one makes a failing run reproducible. */
  random?: () => number;
}

/**
 * A TCP proxy on loopback between a terminal and the backend, for tests: it can take
 * the terminal offline (refuse and cut every connection), as pulling the cable would, and
 * by plan delay traffic, reset connections, cut responses after the backend answered, or
 * swallow everything. It listens on 127.0.0.1 only and only ever dials the target given,
 * which must be a loopback address.
 */
export interface FaultProxy {
  url: string;
  port: number;
  /** Offline: open connections are destroyed and new ones reset at once. */
  setOnline(online: boolean): void;
  readonly online: boolean;
  /** Faults for new connections from now on; `{}` is a clean link. */
  setFaults(plan: FaultPlan): void;
  /** Forces the fate of the next connections, in order (then the plan applies again). */
  forceNext(...fates: ConnectionFate[]): void;
  /** Destroys every open connection (keep-alive ones included) without going offline. */
  dropConnections(): void;
  readonly stats: FaultStats;
  close(): Promise<void>;
}

const LOOPBACK = /^(127\.\d{1,3}\.\d{1,3}\.\d{1,3}|localhost|::1)$/;

export async function startFaultProxy(target: { host: string; port: number }, options: FaultProxyOptions = {}): Promise<FaultProxy> {
  if (!LOOPBACK.test(target.host)) throw new Error(`the fault proxy only forwards to loopback, not ${target.host}`);
  const random = options.random ?? Math.random;
  let online = true;
  let plan: FaultPlan = {};
  const forced: ConnectionFate[] = [];
  const stats: FaultStats = { connections: 0, pass: 0, reset: 0, cutResponse: 0, blackhole: 0, refusedOffline: 0 };
  const open = new Set<Socket>();

  const drawFate = (): ConnectionFate => {
    const next = forced.shift();
    if (next) return next;
    const draw = random();
    let edge = plan.resetProbability ?? 0;
    if (draw < edge) return 'reset';
    edge += plan.cutResponseProbability ?? 0;
    if (draw < edge) return 'cut-response';
    edge += plan.blackholeProbability ?? 0;
    if (draw < edge) return 'blackhole';
    return 'pass';
  };

  const server: Server = createServer((client) => {
    stats.connections += 1;
    if (!online) {
      stats.refusedOffline += 1;
      client.resetAndDestroy();
      return;
    }
    const fate = drawFate();
    const latencyMs = plan.latencyMs ?? 0;
    open.add(client);
    client.on('error', () => undefined);
    client.on('close', () => open.delete(client));
    switch (fate) {
      case 'reset':
        stats.reset += 1;
        client.resetAndDestroy();
        return;
      case 'blackhole':
        stats.blackhole += 1;
        // Read and drop; the client waits until its own timeout.
        client.on('data', () => undefined);
        return;
      case 'pass':
        stats.pass += 1;
        break;
      case 'cut-response':
        stats.cutResponse += 1;
        break;
    }
    const upstream = connect(target.port, target.host);
    open.add(upstream);
    const drop = (): void => {
      open.delete(client);
      open.delete(upstream);
      client.destroy();
      upstream.destroy();
    };
    // With latency, bytes still in flight when one side closes are delivered before the other closes.
    const dropLater = (): void => {
      if (latencyMs <= 0) {
        drop();
        return;
      }
      setTimeout(drop, latencyMs + 10).unref();
    };
    upstream.on('error', drop);
    client.on('close', dropLater);
    upstream.on('close', dropLater);
    forward(client, upstream, latencyMs);
    if (fate === 'cut-response') {
      // The backend has finished the request when it starts answering: cut right there.
      upstream.once('data', () => {
        client.resetAndDestroy();
        upstream.destroy();
      });
      return;
    }
    forward(upstream, client, latencyMs);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const dropAll = (): void => {
    for (const socket of open) socket.resetAndDestroy();
    open.clear();
  };
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    get online() {
      return online;
    },
    get stats() {
      return { ...stats };
    },
    setOnline(next: boolean) {
      online = next;
      if (!next) dropAll();
    },
    setFaults(next: FaultPlan) {
      plan = { ...next };
    },
    forceNext(...fates: ConnectionFate[]) {
      forced.push(...fates);
    },
    dropConnections: dropAll,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of open) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Pipes `from` into `to`, each chunk `latencyMs` later, in order; pauses `from` while `to` is full. */
function forward(from: Socket, to: Socket, latencyMs: number): void {
  if (latencyMs <= 0) {
    from.pipe(to);
    return;
  }
  let last = 0;
  from.on('data', (chunk: Buffer) => {
    const at = Math.max(Date.now() + latencyMs, last);
    last = at;
    const timer = setTimeout(() => {
      if (!to.destroyed && !to.write(chunk)) {
        from.pause();
        to.once('drain', () => from.resume());
      }
    }, at - Date.now());
    timer.unref();
  });
  from.on('end', () => {
    const timer = setTimeout(() => to.end(), Math.max(0, last - Date.now()) + 1);
    timer.unref();
  });
}
