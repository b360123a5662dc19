import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { chromium, type Browser, type Page } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH, serveRenderer } from '@seri/desktop/shell';

/** The repository, from scripts/src/bench (ts-jest) or scripts/dist/bench (npm run bench) alike. */
export const repoRoot = resolve(__dirname, '..', '..', '..');

export interface BenchPage {
  browser: Browser;
  page: Page;
  close(): Promise<void>;
}

/** Debian's Chromium, headless, with the flags the shell uses (no background network). */
export function launchBenchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
}

/**
 * Bundles one browser entry of the renderer (desktop/src/renderer/testing/…) as the app's
 * bundler would, in production mode, and serves it alone on a loopback origin (IndexedDB
 * needs a real one). The page has loaded the script when this resolves.
 */
export async function openBundledPage(entry: string): Promise<BenchPage> {
  const result = await build({
    entryPoints: [join(repoRoot, entry)],
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'chrome120',
    write: false,
    minify: true,
    alias: { '@seri/shared': join(repoRoot, 'shared', 'src', 'index.ts') },
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'silent',
  });
  const folder = await mkdtemp(join(tmpdir(), 'seri-bench-'));
  await writeFile(join(folder, 'bench.js'), result.outputFiles[0]?.text ?? '');
  await writeFile(join(folder, 'index.html'), '<!doctype html><html><head><meta charset="utf-8"><script src="./bench.js"></script></head><body></body></html>');
  const server = await serveRenderer(folder);
  const browser = await launchBenchBrowser();
  const page = await (await browser.newContext()).newPage();
  await page.goto(server.url);
  return {
    browser,
    page,
    async close() {
      await browser.close();
      await server.close();
      await rm(folder, { recursive: true, force: true });
    },
  };
}
