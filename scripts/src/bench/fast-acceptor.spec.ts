import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PROTOCOL_VERSION, type PushResponse } from '@seri/shared';
import { startFastAcceptor, type FastAcceptor } from './fast-acceptor';

describe('the fast acceptor of the queue benchmark', () => {
  let upstream: Server;
  let acceptor: FastAcceptor;

  beforeAll(async () => {
    upstream = createServer((req, res) => res.writeHead(201, { 'content-type': 'application/json' }).end(JSON.stringify({ forwarded: `${req.method} ${req.url}` })));
    await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
    acceptor = await startFastAcceptor(`http://127.0.0.1:${(upstream.address() as AddressInfo).port}`);
  });

  afterAll(async () => {
    await acceptor.close();
    await new Promise<void>((resolve) => upstream.close(() => resolve()));
  });

  it('answers every pushed op "applied" without asking the backend', async () => {
    const ops = [{ opId: 'a', hlc: 'h1' }, { opId: 'b', hlc: 'h2' }];
    const response = await fetch(`${acceptor.url}/api/sync/push`, { method: 'POST', body: JSON.stringify({ protocolVersion: PROTOCOL_VERSION, ops }) });
    const body = (await response.json()) as PushResponse;
    expect(response.status).toBe(200);
    expect(body.results).toEqual([
      { opId: 'a', status: 'applied' },
      { opId: 'b', status: 'applied' },
    ]);
    expect(body.hlc).toBe('h2');
    expect(acceptor.accepted).toBe(2);
  });

  it('passes enrollment, health and pull to the backend unchanged', async () => {
    const response = await fetch(`${acceptor.url}/api/devices/enroll`, { method: 'POST', body: '{}' });
    expect(response.status).toBe(201);
    await expect(response.json()).resolves.toEqual({ forwarded: 'POST /api/devices/enroll' });
  });
});
