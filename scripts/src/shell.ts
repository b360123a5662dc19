import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ensureRendererBuilt, launchHeadlessTerminal, serveRenderer } from '@seri/desktop/shell';
import { startBackend } from '@seri/backend';

const repoRoot = resolve(__dirname, '..', '..');

async function backendUrl(): Promise<{ url: string; close?: () => Promise<void> }> {
  const url = process.env.SERI_SERVER_URL ?? 'http://127.0.0.1:3000';
  try {
    const response = await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(2000) });
    if (response.ok) return { url };
  } catch {
    // Nothing listening: start our own backend below.
  }
  const backend = await startBackend({ port: Number(new URL(url).port || 3000) });
  return { url: backend.url, close: () => backend.close() };
}

/**
 * `npm run shell`: one counter terminal in the headless shell (DESIGN "The shell port"),
 * with a window where a display exists; otherwise headless, writing a screenshot.
 */
async function main(): Promise<void> {
  const backend = await backendUrl();
  const renderer = await serveRenderer(ensureRendererBuilt());
  const hasDisplay = Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
  const terminal = await launchHeadlessTerminal({
    dataDir: join(repoRoot, '.data', 'shell-terminal'),
    rendererUrl: renderer.url,
    headless: !hasDisplay,
  });
  console.log(`Terminal open on ${renderer.url}, backend ${backend.url} (enroll with the server URL above and the demo code).`);

  const close = async () => {
    await terminal.close();
    await renderer.close();
    await backend.close?.();
  };
  if (hasDisplay) {
    terminal.page.on('close', () => void close().then(() => process.exit(0)));
    process.on('SIGINT', () => void close().then(() => process.exit(0)));
    return;
  }
  const outDir = join(repoRoot, 'test-output', 'shell');
  mkdirSync(outDir, { recursive: true });
  await terminal.page.waitForLoadState('networkidle');
  await terminal.page.waitForTimeout(1000);
  const shot = join(outDir, 'terminal.png');
  await terminal.page.screenshot({ path: shot });
  console.log(`No display here: the terminal ran headless; screenshot written to ${shot}`);
  await close();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
