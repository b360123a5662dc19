import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { uuidv7, type IpcEvents } from '@seri/shared';
import { WebSocketServer, type WebSocket } from 'ws';
import { FakeSyncServer, ManualTimers } from '../../../test/main/fake-sync-server';
import { makeTempDir, manualClock, productChange } from '../../../test/main/factories';
import { OpQueue } from '../queue/op-queue';
import { PokeSocket, socketUrl, type PokeSource } from './poke-socket';
import { SyncClient } from './sync-client';
import { SyncWorker } from './sync-worker';

async function until(what: string, check: () => boolean): Promise<void> {
  for (let attempt = 0; attempt < 500; attempt += 1) {
    if (check()) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`never happened: ${what}`);
}

describe('socketUrl', () => {
  it.each([
    ['http://127.0.0.1:3000', 'ws://127.0.0.1:3000/api/sync/ws'],
    ['http://127.0.0.1:3000/', 'ws://127.0.0.1:3000/api/sync/ws'],
    ['https://caisse.example/seri', 'wss://caisse.example/seri/api/sync/ws'],
  ])('%s → %s', (server, socket) => {
    expect(socketUrl(server)).toBe(socket);
  });
});

describe('PokeSocket against a real WebSocket server on loopback', () => {
  let wss: WebSocketServer;
  let url: string;
  const sockets: WebSocket[] = [];
  const headers: (string | undefined)[] = [];

  beforeEach(async () => {
    wss = new WebSocketServer({ host: '127.0.0.1', port: 0, path: '/api/sync/ws' });
    await new Promise<void>((resolve) => wss.once('listening', () => resolve()));
    url = `http://127.0.0.1:${(wss.address() as AddressInfo).port}`;
    sockets.length = 0;
    headers.length = 0;
    wss.on('connection', (socket, request) => {
      sockets.push(socket);
      headers.push(request.headers['authorization']);
    });
  });

  afterEach(async () => {
    for (const client of wss.clients) client.terminate();
    await new Promise<void>((resolve) => wss.close(() => resolve()));
  });

  it('sends the device token, calls back on each poke, and redials after the server drops it', async () => {
    const pokes: number[] = [];
    const socket = new PokeSocket({ connection: () => Promise.resolve({ serverUrl: url, token: 'device-token-123456' }), backoff: { baseMs: 5, capMs: 20 } });
    socket.start(() => pokes.push(Date.now()));
    try {
      await until('connected', () => socket.connected && sockets.length === 1);
      expect(headers[0]).toBe('Bearer device-token-123456');
      sockets[0]!.send(JSON.stringify({ type: 'poke' }));
      await until('first poke', () => pokes.length === 1);

      sockets[0]!.terminate();
      await until('redialled', () => sockets.length === 2 && socket.connected);
      sockets[1]!.send(JSON.stringify({ type: 'poke' }));
      await until('second poke', () => pokes.length === 2);
    } finally {
      await socket.stop();
    }
    expect(socket.connected).toBe(false);
  });

  it('waits and retries while the terminal is not enrolled, then connects', async () => {
    let enrolled = false;
    const socket = new PokeSocket({
      connection: () => Promise.resolve(enrolled ? { serverUrl: url, token: 'device-token-123456' } : null),
      backoff: { baseMs: 5, capMs: 20 },
    });
    socket.start(() => undefined);
    try {
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(sockets).toHaveLength(0);
      enrolled = true;
      await until('connected once enrolled', () => socket.connected);
    } finally {
      await socket.stop();
    }
  });
});

describe('SyncWorker and the server\'s pokes', () => {
  let temp: ReturnType<typeof makeTempDir>;
  let server: FakeSyncServer;
  let queue: OpQueue;
  const clock = manualClock();

  beforeEach(async () => {
    temp = makeTempDir();
    server = new FakeSyncServer();
    await server.start();
    queue = new OpQueue(join(temp.dir, 'queue.sqlite3'), { now: clock.now });
  });

  afterEach(async () => {
    queue.close();
    await server.stop();
    temp.cleanup();
  });

  it('pulls when poked, reports the download progress, and stops the poke source with the worker', async () => {
    let onPoke: (() => void) | null = null;
    let stopped = false;
    const pokes: PokeSource = {
      start: (callback) => {
        onPoke = callback;
      },
      stop: () => {
        stopped = true;
        return Promise.resolve();
      },
      connected: true,
    };
    const progress: IpcEvents['sync:pull-progress'][] = [];
    const token = server.issueToken();
    const worker = new SyncWorker({
      queue,
      client: new SyncClient({ timeoutMs: 5_000 }),
      connection: () => Promise.resolve({ serverUrl: server.url, token }),
      emit: (event, data) => {
        if (event === 'sync:pull-progress') progress.push(data as IpcEvents['sync:pull-progress']);
      },
      timers: new ManualTimers(),
      now: clock.now,
      pullLimit: 2,
      // Counts the pages of one walk of the feed; the two-pass bootstrap has its own test.
      twoPassBootstrap: false,
      pokes,
    });
    worker.start();
    await worker.whenIdle();
    const pullsBefore = server.requests.filter((request) => request.path === '/api/sync/pull').length;

    const shopId = uuidv7();
    for (let i = 0; i < 5; i += 1) server.addChange(productChange(shopId, `Produit ${i}`));
    expect(onPoke).not.toBeNull();
    onPoke!();
    await worker.whenIdle();

    const pulls = server.requests.filter((request) => request.path === '/api/sync/pull').length - pullsBefore;
    expect(pulls).toBe(3);
    expect(queue.pages(10).flatMap((page) => page.changes)).toHaveLength(5);
    expect(progress.map((event) => event.received)).toEqual([2, 4, 5]);
    await worker.stop();
    expect(stopped).toBe(true);
  });
});
