import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';

// Found through the package's own name, so it is right from the sources and from dist/ alike.
const desktopDir = dirname(require.resolve('@seri/desktop/package.json'));

/** electron-vite writes the renderer here; the shell serves it as it is. */
export const rendererBuildDir = join(desktopDir, 'out', 'renderer');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/**
 * Builds the desktop app (electron-vite: main, preload, renderer) when the renderer's
 * output is missing or older than its sources, so tests and the shell always run what the code says.
 */
export function ensureRendererBuilt(): string {
  const index = join(rendererBuildDir, 'index.html');
  const sources = [join(desktopDir, 'src', 'renderer'), join(desktopDir, '..', 'shared', 'src')];
  const stale = !existsSync(index) || sources.some((dir) => newestMtime(dir) > statSync(index).mtimeMs);
  if (stale) {
    execFileSync('npm', ['run', 'build', '--silent'], { cwd: desktopDir, stdio: 'inherit' });
  }
  return rendererBuildDir;
}
