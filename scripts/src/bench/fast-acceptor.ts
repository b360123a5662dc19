import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PROTOCOL_VERSION, type PushRequest, type PushResponse } from '@seri/shared';

export interface FastAcceptor {
  url: string;
  /** Ops acknowledged so far. */
  accepted: number;
  close(): Promise<void>;
}

/**
 * A stand-in server that answers every push at once with "applied" (nothing stored) and
 * passes every other request (enrollment, health, pull) to the real backend: it measures
 * main's side of a drain without waiting on PostgreSQL.
 */
export async function startFastAcceptor(backendUrl: string): Promise<FastAcceptor> {
  const backend = new URL(backendUrl);
  const state = { accepted: 0 };
  const server: Server = createServer((req, res) => {
    if (req.method === 'POST' && req.url?.startsWith('/api/sync/push')) {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as PushRequest;
        state.accepted += body.ops.length;
        const response: PushResponse = {
          protocolVersion: PROTOCOL_VERSION,
          results: body.ops.map((op) => ({ opId: op.opId, status: 'applied' })),
          hlc: body.ops.at(-1)?.hlc ?? '',
          serverTime: new Date().toISOString(),
        };
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(response));
      });
      return;
    }
    const forward = httpRequest(
      { host: backend.hostname, port: backend.port, path: req.url, method: req.method, headers: { ...req.headers, host: backend.host } },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    forward.on('error', () => res.writeHead(502).end());
    req.pipe(forward);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    get accepted() {
      return state.accepted;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
