import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { pinoHttp, type Options } from 'pino-http';
import { readBackendConfig } from '../config/backend-config';
import { loggerParams, REDACTED_PATHS } from './logging';

/** What the logger writes, line by line, parsed. */
function capture(): { stream: Writable; lines: Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n')) if (line.trim() !== '') lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  return { stream, lines };
}

describe('request logs', () => {
  let server: Server;
  let url: string;
  const { stream, lines } = capture();

  beforeAll(async () => {
    const params = loggerParams(readBackendConfig({ NODE_ENV: 'production' }));
    const options = params.pinoHttp as Options;
    const logger = pinoHttp(options, stream);
    server = createServer((request: IncomingMessage & { device?: unknown; route?: unknown }, response: ServerResponse) => {
      logger(request, response);
      // What the device guard and Express's router leave on the request.
      request.device = { deviceId: 'device-1', shopId: 'shop-1' };
      request.route = { path: '/api/sync/push' };
      response.statusCode = 200;
      response.end('{}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('writes one JSON line per request with route, status, duration, device, shop and the request id, and no secret', async () => {
    const response = await fetch(`${url}/api/sync/push?token=leaked-in-a-url`, {
      method: 'POST',
      headers: { authorization: 'Bearer device-token-secret-123456', 'x-request-id': 'lb-request-000123' },
      body: JSON.stringify({ pin: '1234' }),
    });
    expect(response.headers.get('x-request-id')).toBe('lb-request-000123');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(lines).toHaveLength(1);
    const line = lines[0]!;
    expect(line).toMatchObject({ requestId: 'lb-request-000123', route: '/api/sync/push', status: 200, deviceId: 'device-1', shopId: 'shop-1', level: 30 });
    expect(typeof line['durationMs']).toBe('number');
    const text = JSON.stringify(line);
    for (const secret of ['device-token-secret-123456', 'leaked-in-a-url', '1234"']) expect(text).not.toContain(secret);
  });

  it('redacts tokens, PINs, passwords and enrollment codes that a log call might carry', () => {
    const { stream: out, lines: written } = capture();
    const logger = pino({ redact: { paths: REDACTED_PATHS, censor: '[redacted]' } }, out);
    logger.info({ body: { password: 'p', pin: '1234', refreshToken: 'r', deviceToken: 'd', code: 'ABCD-EFGH-JKLM' } }, 'x');
    return new Promise<void>((resolve) => {
      setImmediate(() => {
        expect(written[0]!['body']).toEqual({ password: '[redacted]', pin: '[redacted]', refreshToken: '[redacted]', deviceToken: '[redacted]', code: '[redacted]' });
        resolve();
      });
    });
  });
});
