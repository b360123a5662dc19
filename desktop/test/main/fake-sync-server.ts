import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  PROTOCOL_VERSION,
  uuidv7,
  type AnyOp,
  type Change,
  type EnrollResponse,
  type OpResult,
  type PullResponse,
  type RejectionCode,
  type ShopRecord,
  type UserCredential,
} from '@seri/shared';
import type { Timers, TimerHandle } from '../../src/main/sync/timers';

/**
 * A small stand-in for the backend's sync API on 127.0.0.1:0, speaking its status codes,
 * for main's worker and device tests. The real backend is exercised by the lead's e2e suites.
 */
export interface RecordedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  authorization: string | undefined;
  body: unknown;
}

export interface Fault {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** Cut the connection instead of answering; with `afterCommit` the push is applied first. */
  cut?: boolean;
  afterCommit?: boolean;
  /** Never answer (for timeouts). */
  hang?: boolean;
  /** Answer normally: lets a test fault the second request but not the first. */
  pass?: boolean;
}

export class FakeSyncServer {
  readonly requests: RecordedRequest[] = [];
  /** opId → how many times the server applied it (must never exceed 1). */
  readonly applied = new Map<string, number>();
  readonly appliedOrder: string[] = [];
  readonly changes: Change[] = [];
  readonly credentials = new Map<string, string | null>();
  readonly shop: ShopRecord = { id: uuidv7(), name: 'Boutique Plateau', currency: 'XOF', locale: 'fr-SN' };
  enrollCode = 'PLATEAU-01';
  tokens = new Set<string>();
  /** Ops the server rejects one by one (answered 200 with a rejected result). */
  readonly rejectOps = new Map<string, { code: RejectionCode; reason: string }>();
  /** Ops that make the server refuse the whole batch with 400. */
  readonly poisonBatch = new Set<string>();
  /** Ops left out of the push answer (a buggy or truncated response). */
  readonly omitFromAnswer = new Set<string>();
  readonly faults = new Map<string, Fault[]>();
  minProtocolVersion = 1;
  /** When set, pull answers say how many feed rows each page took (`rows`), as the backend does. */
  rowsOf: ((page: Change[]) => number) | null = null;
  inFlight = 0;
  maxInFlight = 0;
  private server: Server | null = null;
  private readonly hanging = new Set<ServerResponse>();
  url = '';

  async start(port = 0): Promise<string> {
    this.server = createServer((req, res) => {
      void this.handle(req, res);
    });
    await new Promise<void>((resolve) => this.server!.listen(port, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this.url;
  }

  async stop(): Promise<void> {
    for (const res of this.hanging) res.destroy();
    this.hanging.clear();
    const server = this.server;
    this.server = null;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Queues a fault for the next `times` requests to `path` (e.g. '/api/sync/push'). */
  fail(path: string, fault: Fault, times = 1): void {
    const list = this.faults.get(path) ?? [];
    for (let i = 0; i < times; i += 1) list.push(fault);
    this.faults.set(path, list);
  }

  issueToken(): string {
    const token = `tok-${uuidv7()}`;
    this.tokens.add(token);
    return token;
  }

  addChange(change: Change, pinHash?: string | null): void {
    this.changes.push(change);
    if (pinHash !== undefined && change.entity === 'user') this.credentials.set(change.entityId, pinHash);
  }

  pushes(): RecordedRequest[] {
    return this.requests.filter((r) => r.path === '/api/sync/push');
  }

  pushedOpIds(): string[][] {
    return this.pushes().map((r) => (r.body as { ops: AnyOp[] }).ops.map((op) => op.opId));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    this.inFlight += 1;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    res.on('close', () => {
      this.inFlight -= 1;
    });
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const body = parseBody(raw);
    this.requests.push({ method: req.method ?? 'GET', path: url.pathname, query: url.searchParams, authorization: req.headers.authorization, body });
    // Yield once so a second request in flight at the same time would be seen.
    await new Promise((resolve) => setImmediate(resolve));

    const queued = this.faults.get(url.pathname)?.shift();
    const fault = queued?.pass ? undefined : queued;
    if (fault?.hang) {
      this.hanging.add(res);
      return;
    }
    if (fault && fault.afterCommit && url.pathname === '/api/sync/push') this.applyPush(body as { ops: AnyOp[] });
    if (fault?.cut) {
      res.socket?.destroy();
      return;
    }
    if (fault) return this.send(res, fault.status, fault.body ?? { statusCode: fault.status, error: 'Fault', message: `fault ${fault.status}` }, fault.headers);

    const route = `${req.method ?? 'GET'} ${url.pathname}`;
    switch (route) {
      case 'GET /api/health':
        return this.send(res, 200, { status: 'ok', protocolVersion: PROTOCOL_VERSION, minProtocolVersion: this.minProtocolVersion, time: new Date().toISOString() });
      case 'POST /api/devices/enroll': {
        const { code, name } = (body ?? {}) as { code?: string; name?: string };
        if (code !== this.enrollCode) return this.send(res, 401, { statusCode: 401, error: 'Unauthorized', message: "Code d'enrôlement invalide ou expiré" });
        const answer: EnrollResponse = { deviceId: uuidv7(), deviceToken: this.issueToken(), terminalCode: 'T01', shop: this.shop };
        void name;
        return this.send(res, 201, answer);
      }
      case 'POST /api/sync/push': {
        if (!this.authorized(req)) return this.send(res, 401, { statusCode: 401, error: 'Unauthorized', message: 'device token revoked' });
        const ops = (body as { ops: AnyOp[] }).ops;
        const poisoned = ops.find((op) => this.poisonBatch.has(op.opId));
        if (poisoned) {
          return this.send(res, 400, { statusCode: 400, error: 'Bad Request', message: 'Invalid push body', details: [`ops: ${poisoned.opId} payload.amount must be an integer amount in minor units`] });
        }
        const results = this.applyPush({ ops }).filter((r) => !this.omitFromAnswer.has(r.opId));
        return this.send(res, 200, { protocolVersion: PROTOCOL_VERSION, results, hlc: '000001732512345678:0000:server', serverTime: new Date().toISOString() });
      }
      case 'GET /api/sync/pull': {
        if (!this.authorized(req)) return this.send(res, 401, { statusCode: 401, error: 'Unauthorized', message: 'device token revoked' });
        const from = Number(url.searchParams.get('cursor') ?? '0');
        const limit = Number(url.searchParams.get('limit') ?? '500');
        // Scopes as the backend has them (FeedScope): `state` leaves the window's records out,
        // `history` takes only them, up to `until`; cursors are positions in the whole feed.
        const scope = url.searchParams.get('scope') ?? 'all';
        const end = scope === 'history' ? Math.min(this.changes.length, Number(url.searchParams.get('until') ?? '0')) : this.changes.length;
        const windowed = (change: Change) => change.entity === 'sale' || change.entity === 'stock_movement' || change.entity === 'expense';
        const inScope = (change: Change) => scope === 'all' || (scope === 'state' ? !windowed(change) : windowed(change));
        const positions: number[] = [];
        for (let index = from; index < end && positions.length < limit; index += 1) if (inScope(this.changes[index]!)) positions.push(index);
        if (scope !== 'all') {
          const page = positions.map((index) => this.changes[index]!);
          const next = positions.length > 0 ? positions[positions.length - 1]! + 1 : from;
          const more = this.changes.slice(next, end).some(inScope);
          const credentials: UserCredential[] = page
            .filter((c) => c.entity === 'user' && this.credentials.has(c.entityId))
            .map((c) => ({ userId: c.entityId, pinHash: this.credentials.get(c.entityId) ?? null }));
          return this.send(res, 200, { protocolVersion: PROTOCOL_VERSION, changes: page, cursor: String(next), hasMore: more, credentials } satisfies PullResponse);
        }
        const page = this.changes.slice(from, from + limit);
        const credentials: UserCredential[] = page
          .filter((c) => c.entity === 'user' && this.credentials.has(c.entityId))
          .map((c) => ({ userId: c.entityId, pinHash: this.credentials.get(c.entityId) ?? null }));
        const answer: PullResponse = { protocolVersion: PROTOCOL_VERSION, changes: page, cursor: String(from + page.length), hasMore: from + page.length < this.changes.length, credentials };
        if (this.rowsOf) {
          answer.rows = this.rowsOf(page);
          answer.remaining = this.rowsOf(this.changes.slice(from + page.length));
        }
        return this.send(res, 200, answer);
      }
      case 'POST /api/devices/report': {
        if (!this.authorized(req)) return this.send(res, 401, { statusCode: 401, error: 'Unauthorized', message: 'device token revoked' });
        res.writeHead(204).end();
        return;
      }
      default:
        return this.send(res, 404, { statusCode: 404, error: 'Not Found', message: `no route ${route}` });
    }
  }

  private authorized(req: IncomingMessage): boolean {
    const header = req.headers.authorization ?? '';
    return header.startsWith('Bearer ') && this.tokens.has(header.slice('Bearer '.length));
  }

  private applyPush(body: { ops: AnyOp[] }): OpResult[] {
    return body.ops.map((op): OpResult => {
      const rejection = this.rejectOps.get(op.opId);
      if (rejection) return { opId: op.opId, status: 'rejected', ...rejection };
      const count = this.applied.get(op.opId) ?? 0;
      if (count > 0) return { opId: op.opId, status: 'duplicate' };
      this.applied.set(op.opId, 1);
      this.appliedOrder.push(op.opId);
      return { opId: op.opId, status: 'applied' };
    });
  }

  private send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify(body));
  }
}

function parseBody(raw: string): unknown {
  try {
    return raw ? (JSON.parse(raw) as unknown) : null;
  } catch {
    return raw;
  }
}

/** Timers the test fires by hand: nothing in main's specs waits on the wall clock. */
export class ManualTimers implements Timers {
  private nextId = 1;
  private readonly scheduled = new Map<number, { callback: () => void; ms: number }>();

  setTimeout(callback: () => void, ms: number): TimerHandle {
    const id = this.nextId;
    this.nextId += 1;
    this.scheduled.set(id, { callback, ms });
    return id;
  }

  clearTimeout(handle: TimerHandle): void {
    this.scheduled.delete(handle as number);
  }

  /** Delays of the timers still waiting. */
  delays(): number[] {
    return [...this.scheduled.values()].map((timer) => timer.ms);
  }

  get count(): number {
    return this.scheduled.size;
  }

  /** Fires every waiting timer once (not the ones they schedule). */
  fireAll(): void {
    const due = [...this.scheduled.entries()];
    this.scheduled.clear();
    for (const [, timer] of due) timer.callback();
  }
}
