import { mkdirSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { ProductPricing } from '@seri/shared';
import { TestTerminal } from '../../../backend/test/support/terminal';
import { makeTestFolder, startTestBackend, type TestBackend } from '../../../backend/test/support/test-backend';
import { serveRenderer, rendererBuildDir, startFaultProxy, launchHeadlessTerminal, type FaultProxy, type HeadlessTerminal, type RendererServer } from '../../src/shell';
import { TerminalDriver } from './terminal-driver';

/** Screenshots and traces of the end-to-end tests land here (kept out of git). */
export const testOutputDir = resolve(__dirname, '..', '..', '..', 'test-output', 'e2e');

/** A headless-shell terminal, its driver, and its own loopback link to the backend (which a test can cut). */
export type ShellTerminal = TerminalDriver & { link: FaultProxy; terminal: HeadlessTerminal };

export interface ShopEnv {
  backend: TestBackend;
  renderer: RendererServer;
  addTerminal(name: string): Promise<ShellTerminal>;
  close(): Promise<void>;
}

/**
 * A real shop for a test: embedded PostgreSQL + migrations + demo seed + the NestJS
 * backend, the built renderer on loopback, and as many headless terminals as asked.
 */
export async function startShopEnv(suite: string): Promise<ShopEnv> {
  const root = await makeTestFolder(`seri-e2e-${suite}-`);
  mkdirSync(testOutputDir, { recursive: true });
  const backend = await startTestBackend();
  const renderer = await serveRenderer(rendererBuildDir);
  const closers: (() => Promise<void>)[] = [];
  const backendPort = Number(new URL(backend.url).port);

  return {
    backend,
    renderer,
    async addTerminal(name) {
      const link = await startFaultProxy({ host: '127.0.0.1', port: backendPort });
      const terminal = await launchHeadlessTerminal({
        dataDir: join(root, name),
        rendererUrl: renderer.url,
        periodicSyncMs: 60 * 60 * 1000,
      });
      closers.push(() => terminal.close(), () => link.close());
      return Object.assign(new TerminalDriver(terminal.page, name), { link, terminal });
    },
    async close() {
      for (const close of closers.reverse()) await close().catch(() => undefined);
      await renderer.close();
      await backend.stop();
      await rm(root, { recursive: true, force: true });
    },
  };
}

/**
 * The first row the query finds on the server, waiting for it (a till's op reaches the
 * server through its relay and worker, on their own time).
 */
export async function serverRow<T>(env: ShopEnv, sql: string, params: unknown[] = [], timeout = 30_000): Promise<T> {
  const deadline = Date.now() + timeout;
  for (;;) {
    const [row] = await env.backend.dataSource.query<T[]>(sql, params);
    if (row) return row;
    if (Date.now() > deadline) throw new Error(`no row on the server for ${sql}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The manager's office till sets how products are sold (by weight, at an open price), through the real push. */
export async function setPricing(env: ShopEnv, products: ReadonlyArray<{ id: string; pricing: ProductPricing }>): Promise<void> {
  const demo = env.backend.demo!;
  const office = await TestTerminal.enroll(env.backend, demo.enrollmentCode, demo.manager.id);
  const pushed = await office.pushOk(products.map((product) => office.productUpdate(product)));
  const refused = pushed.results.filter((result) => result.status !== 'applied');
  if (refused.length > 0) throw new Error(`pricing not applied: ${JSON.stringify(refused)}`);
}
