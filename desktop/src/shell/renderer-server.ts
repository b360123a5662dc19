import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import sirv from 'sirv';

export interface RendererServer {
  /** Origin the renderer is served from, e.g. `http://127.0.0.1:41234`. */
  origin: string;
  url: string;
  close(): Promise<void>;
}

/**
 * Serves the built renderer (electron-vite's `out/renderer`) on loopback, as DESIGN
 * "The shell port" says: the page gets a real http origin, so IndexedDB behaves as in Electron.
 */
export async function serveRenderer(rootDir: string, port = 0): Promise<RendererServer> {
  const assets = sirv(rootDir, { dev: false, etag: true, single: true });
  const server: Server = createServer((request, response) => assets(request, response));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const { port: bound } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${bound}`;
  return {
    origin,
    url: `${origin}/index.html`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
