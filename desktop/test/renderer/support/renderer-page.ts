import { mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { bundleForBrowser } from './bundle';
import { newPage } from './chromium';
import { installFakeMain, type FakeMainSetup } from './fake-main';
import { serveFiles, type StaticServer } from './static-server';

const rendererDir = resolve(__dirname, '..', '..', '..', 'src', 'renderer');

/**
 * The renderer's real index.html (with its CSP) and its real entry, bundled by esbuild,
 * served from 127.0.0.1 as the headless shell does.
 */
export async function serveRenderer(): Promise<StaticServer> {
  const { js, css } = await bundleForBrowser('src/renderer/main.tsx');
  const html = readFileSync(join(rendererDir, 'index.html'), 'utf8').replace(
    /<script type="module" src="\.\/main\.tsx"><\/script>/,
    '<script src="./app.js"></script>',
  );
  if (!html.includes('app.js')) throw new Error('index.html no longer loads ./main.tsx as expected');
  const withStyles = html.replace('</head>', '<link rel="stylesheet" href="./app.css" />\n  </head>');
  return serveFiles({
    '/index.html': { type: 'text/html; charset=utf-8', body: withStyles },
    '/app.js': { type: 'text/javascript; charset=utf-8', body: js },
    '/app.css': { type: 'text/css; charset=utf-8', body: css },
  });
}

export interface RendererPage {
  context: BrowserContext;
  page: Page;
  /** Page errors, console errors and CSP violations. */
  errors: string[];
}

/** One terminal: a fresh profile (own IndexedDB) with the fake main installed before the renderer starts. */
export async function openRenderer(browser: Browser, url: string, setup: FakeMainSetup, options: { fakeClock?: boolean } = {}): Promise<RendererPage> {
  const { context, page, errors } = await newPage(browser);
  // Playwright's clock, installed before the app starts, so timers (the idle lock) can be fast-forwarded.
  if (options.fakeClock) await page.clock.install();
  await context.addInitScript(installFakeMain, setup);
  await context.addInitScript({
    content: "document.addEventListener('securitypolicyviolation', (e) => console.error('CSP violation: ' + e.violatedDirective + ' ' + e.blockedURI));",
  });
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto(url);
  return { context, page, errors };
}

/** Screenshots for a person to look at, only when asked (SERI_SCREENSHOT_DIR); never committed. */
export async function maybeScreenshot(page: Page, name: string): Promise<void> {
  const dir = process.env.SERI_SCREENSHOT_DIR;
  if (!dir) return;
  mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: join(dir, `${name}.png`), fullPage: true });
}
