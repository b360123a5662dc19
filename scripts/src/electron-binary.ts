import { spawnSync } from 'node:child_process';

/**
 * The Electron executable, or why there is none. The `electron` package fetches its binary
 * on first use, which fails on machines that reach only the package registries.
 */
export function findElectronBinary(): { path: string } | { reason: string } {
  const probe = spawnSync(process.execPath, ['-e', "process.stdout.write(String(require('electron')))"], {
    cwd: __dirname,
    encoding: 'utf8',
    timeout: 120_000,
  });
  if (probe.status === 0 && probe.stdout.trim()) return { path: probe.stdout.trim() };
  const detail = (probe.stderr || probe.error?.message || '').split('\n').find((line) => line.trim()) ?? 'unknown error';
  return { reason: detail.trim() };
}
