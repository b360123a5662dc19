import { createServer, connect, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

/**
 * A TCP proxy on loopback between a terminal and the backend, for tests: it can take
 * the terminal offline (refuse and cut every connection), as pulling the cable would.
 * The sync issue (#3) grows it: delays, resets, responses cut after the backend answered.
 */
export interface FaultProxy {
  url: string;
  port: number;
  /** Offline: open connections are destroyed and new ones reset at once. */
  setOnline(online: boolean): void;
  readonly online: boolean;
  close(): Promise<void>;
}

export async function startFaultProxy(target: { host: string; port: number }): Promise<FaultProxy> {
  let online = true;
  const open = new Set<Socket>();
  const server: Server = createServer((client) => {
    if (!online) {
      client.resetAndDestroy();
      return;
    }
    const upstream = connect(target.port, target.host);
    open.add(client);
    open.add(upstream);
    const drop = () => {
      open.delete(client);
      open.delete(upstream);
      client.destroy();
      upstream.destroy();
    };
    client.on('error', drop);
    upstream.on('error', drop);
    client.on('close', drop);
    upstream.on('close', drop);
    client.pipe(upstream);
    upstream.pipe(client);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    get online() {
      return online;
    },
    setOnline(next: boolean) {
      online = next;
      if (!next) for (const socket of open) socket.resetAndDestroy();
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of open) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
