import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/**
 * The Electron executable, or why there is none, without trying to download it: the
 * `electron` package (45+) fetches its binary on first `require`, from a host these build
 * machines cannot reach. CI installs it first (`npx install-electron`); `ELECTRON_PATH` points
 * at any other binary.
 */
export function electronBinary(env: NodeJS.ProcessEnv = process.env): { path: string } | { reason: string } {
  const explicit = env['ELECTRON_PATH'];
  if (explicit) return existsSync(explicit) ? { path: resolve(explicit) } : { reason: `ELECTRON_PATH=${explicit} does not exist` };
  let packageDir: string;
  try {
    packageDir = dirname(require.resolve('electron/package.json'));
  } catch {
    return { reason: 'the electron package is not installed' };
  }
  const pathFile = join(packageDir, 'path.txt');
  if (!existsSync(pathFile)) {
    return { reason: 'no Electron binary on this machine (node_modules/electron/dist is empty; run `npx install-electron` where its download host is reachable)' };
  }
  const relativePath = readFileSync(pathFile, 'utf8').trim();
  const override = env['ELECTRON_OVERRIDE_DIST_PATH'];
  const executable = override ? join(override, relativePath) : join(packageDir, 'dist', relativePath);
  return existsSync(executable) ? { path: executable } : { reason: `the Electron binary ${executable} is missing` };
}

/** What the real-Electron tests launch: electron-vite's build of the app. */
export function builtAppProblem(desktopDir: string): string | null {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const main = (require(join(desktopDir, 'package.json')) as { main: string }).main;
  return existsSync(join(desktopDir, main)) ? null : `the app is not built (${main} is missing): run \`npm run build -w desktop\` first`;
}
