import type { Browser, BrowserContext, Page } from 'playwright-core';
import { bundleForBrowser } from './bundle';
import { launchChromium, newPage } from './chromium';
import { serveFiles, type StaticServer } from './static-server';

type HarnessMethod = (...args: unknown[]) => Promise<unknown>;

/**
 * A real Chromium page with the renderer's Dexie layer loaded
 * (src/renderer/testing/dexie-harness.ts), driven through page.evaluate.
 */
export class DexiePage {
  private constructor(
    private readonly browser: Browser,
    private readonly server: StaticServer,
    readonly context: BrowserContext,
    readonly page: Page,
    readonly errors: string[],
  ) {}

  static async open(): Promise<DexiePage> {
    const { js } = await bundleForBrowser('src/renderer/testing/dexie-harness.ts');
    const server = await serveFiles({
      '/index.html': { type: 'text/html', body: '<!doctype html><html><head><meta charset="utf-8"><script src="/harness.js"></script></head><body></body></html>' },
      '/harness.js': { type: 'text/javascript', body: js },
    });
    const browser = await launchChromium();
    const { context, page, errors } = await newPage(browser);
    await page.goto(server.url);
    await page.waitForFunction(() => 'seriTest' in globalThis);
    return new DexiePage(browser, server, context, page, errors);
  }

  /** Calls `seriTest[method](...args)` in the page and returns its (structured-cloned) result. */
  async call<T>(method: string, ...args: unknown[]): Promise<T> {
    return (await this.page.evaluate(
      ([name, params]) => {
        const api = (globalThis as unknown as { seriTest: Record<string, HarnessMethod> }).seriTest;
        const fn = api[name];
        if (!fn) throw new Error(`no harness method ${name}`);
        return fn(...params);
      },
      [method, args] as const,
    )) as T;
  }

  async close(): Promise<void> {
    await this.browser.close();
    await this.server.close();
  }
}
