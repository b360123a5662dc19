import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startFaultProxy, type FaultProxy } from './fault-proxy';

/** A backend stand-in that counts the requests it handled (as a commit would). */
describe('fault proxy on loopback', () => {
  let server: Server;
  let handled: number;
  let proxy: FaultProxy;

  beforeEach(async () => {
    handled = 0;
    server = createServer((request, response) => {
      request.resume();
      request.on('end', () => {
        handled += 1;
        response.setHeader('connection', 'close');
        response.end(JSON.stringify({ handled }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    proxy = await startFaultProxy({ host: '127.0.0.1', port: (server.address() as AddressInfo).port });
  });

  afterEach(async () => {
    await proxy.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  const call = (timeoutMs = 5_000) => fetch(`${proxy.url}/x`, { method: 'POST', body: 'op', signal: AbortSignal.timeout(timeoutMs) }).then((r) => r.json() as Promise<{ handled: number }>);

  it('passes traffic through, with latency too', async () => {
    await expect(call()).resolves.toEqual({ handled: 1 });
    proxy.setFaults({ latencyMs: 20 });
    await expect(call()).resolves.toEqual({ handled: 2 });
    expect(proxy.stats.pass).toBe(2);
  });

  it('cuts a response after the backend handled the request: the client sees an error, the backend did the work', async () => {
    proxy.forceNext('cut-response');
    await expect(call()).rejects.toThrow();
    expect(handled).toBe(1);
    expect(proxy.stats.cutResponse).toBe(1);
  });

  it('resets a connection before the backend sees anything', async () => {
    proxy.setFaults({ resetProbability: 1 });
    await expect(call()).rejects.toThrow();
    expect(handled).toBe(0);
  });

  it('swallows everything in a black hole until the client gives up', async () => {
    proxy.forceNext('blackhole');
    await expect(call(300)).rejects.toThrow();
    expect(handled).toBe(0);
    expect(proxy.stats.blackhole).toBe(1);
  });

  it('goes offline and back', async () => {
    proxy.setOnline(false);
    await expect(call()).rejects.toThrow();
    expect(proxy.stats.refusedOffline).toBe(1);
    proxy.setOnline(true);
    await expect(call()).resolves.toEqual({ handled: 1 });
  });

  it('forwards only to loopback', async () => {
    await expect(startFaultProxy({ host: '10.0.0.1', port: 80 })).rejects.toThrow('only forwards to loopback');
  });
});
