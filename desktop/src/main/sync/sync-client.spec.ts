import { SyncClient, SyncHttpError, apiUrl, type SyncFailureKind } from './sync-client';

function answering(status: number, body: string, headers: Record<string, string> = {}): typeof fetch {
  return () => Promise.resolve(new Response(body, { status, headers: { 'content-type': 'application/json', ...headers } }));
}

async function failureOf(promise: Promise<unknown>): Promise<SyncHttpError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof SyncHttpError) return error;
    throw error;
  }
  throw new Error('expected a SyncHttpError');
}

describe('SyncClient', () => {
  it('joins API paths to the server URL, keeping a path prefix and encoding the cursor', () => {
    expect(apiUrl('http://127.0.0.1:3000', '/api/health')).toBe('http://127.0.0.1:3000/api/health');
    expect(apiUrl('https://pos.example/seri/', 'api/sync/pull', { cursor: 'a b&c', limit: '10' })).toBe(
      'https://pos.example/seri/api/sync/pull?cursor=a+b%26c&limit=10',
    );
  });

  it('sends the queued ops as they were stored, inside a push body the server reads as a PushRequest', async () => {
    const stored = ['{"opId":"a","payload":{"name":"Thé « vert »","n":1}}', '{"opId":"b","payload":{}}'];
    let sent: { url: string; init: RequestInit | undefined } | null = null;
    const client = new SyncClient({
      fetch: (input, init) => {
        sent = { url: input instanceof Request ? input.url : input.toString(), init };
        return Promise.resolve(new Response(JSON.stringify({ protocolVersion: 3, results: [] }), { status: 200 }));
      },
    });
    await client.push('http://h', 'jeton', { protocolVersion: 3, ops: stored });
    const body = sent!.init?.body;
    if (typeof body !== 'string') throw new Error('the push body is not a string');
    expect(body).toBe(`{"protocolVersion":3,"ops":[${stored.join(',')}]}`);
    expect(JSON.parse(body)).toEqual({ protocolVersion: 3, ops: stored.map((op) => JSON.parse(op) as unknown) });
    expect(sent!.url).toBe('http://h/api/sync/push');
    expect(new Headers(sent!.init?.headers).get('authorization')).toBe('Bearer jeton');
  });

  it.each<[number, SyncFailureKind, boolean]>([
    [400, 'refused', false],
    [413, 'refused', false],
    [422, 'refused', false],
    [401, 'unauthorized', true],
    [403, 'unauthorized', true],
    [404, 'server', true],
    [426, 'update-required', false],
    [429, 'rate-limited', true],
    [500, 'server', true],
    [503, 'server', true],
  ])('classifies HTTP %i as %s (transient: %s)', async (status, kind, transient) => {
    const client = new SyncClient({ fetch: answering(status, JSON.stringify({ statusCode: status, error: 'x', message: 'le message' })) });
    const error = await failureOf(client.push('http://h', 't', { protocolVersion: 1, ops: [] }));
    expect(error.kind).toBe(kind);
    expect(error.status).toBe(status);
    expect(error.transient).toBe(transient);
    expect(error.reachedServer).toBe(true);
    expect(error.serverMessage).toBe('le message');
  });

  it('reads Nest-style message lists and Retry-After', async () => {
    const refused = await failureOf(
      new SyncClient({ fetch: answering(400, JSON.stringify({ statusCode: 400, message: ['ops.0.opId must be a UUID', 'ops.1.hlc bad'] })) }).push('http://h', 't', {
        protocolVersion: 1,
        ops: [],
      }),
    );
    expect(refused.message).toBe('ops.0.opId must be a UUID; ops.1.hlc bad');
    expect(refused.details).toEqual(['ops.0.opId must be a UUID', 'ops.1.hlc bad']);
    const limited = await failureOf(new SyncClient({ fetch: answering(429, '{}', { 'retry-after': '7' }) }).health('http://h'));
    expect(limited.retryAfterMs).toBe(7000);
  });

  it('calls a failed connection a network error, with no status', async () => {
    const client = new SyncClient({ fetch: () => Promise.reject(new TypeError('fetch failed')) });
    const error = await failureOf(client.health('http://h'));
    expect(error).toMatchObject({ kind: 'network', status: null, transient: true, reachedServer: false, message: 'Serveur injoignable' });
  });

  it('calls our own abort "aborted", not a network failure', async () => {
    const controller = new AbortController();
    controller.abort();
    const client = new SyncClient({ fetch: (_input, init) => Promise.reject(init?.signal?.reason as Error) });
    expect((await failureOf(client.health('http://h', controller.signal))).kind).toBe('aborted');
  });

  it('refuses a 2xx body that does not follow the protocol', async () => {
    const notJson = await failureOf(new SyncClient({ fetch: answering(200, '<html>portail captif</html>') }).health('http://h'));
    expect(notJson.kind).toBe('bad-response');
    const wrongShape = await failureOf(new SyncClient({ fetch: answering(200, JSON.stringify({ results: [{ opId: 'x', status: 'maybe' }] })) }).push('http://h', 't', { protocolVersion: 1, ops: [] }));
    expect(wrongShape.kind).toBe('bad-response');
    const pull = await failureOf(new SyncClient({ fetch: answering(200, JSON.stringify({ changes: [], cursor: 5, hasMore: false })) }).pull('http://h', 't', '0', 10));
    expect(pull.kind).toBe('bad-response');
  });

  it('sends the device token and JSON, and fills missing credentials with an empty list', async () => {
    const seen: { url: string; init: RequestInit | undefined }[] = [];
    const client = new SyncClient({
      fetch: (input, init) => {
        seen.push({ url: input as string, init });
        return Promise.resolve(new Response(JSON.stringify({ protocolVersion: 1, changes: [], cursor: '9', hasMore: false }), { status: 200 }));
      },
    });
    const page = await client.pull('http://h:1', 'secret-token', '3', 50);
    expect(page.credentials).toEqual([]);
    expect(seen[0]!.url).toBe('http://h:1/api/sync/pull?cursor=3&limit=50');
    expect((seen[0]!.init!.headers as Record<string, string>).authorization).toBe('Bearer secret-token');
  });
});
