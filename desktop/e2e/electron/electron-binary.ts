/**
 * The Electron executable, or why none exists. Requiring `electron` returns its path, or
 * throws when the binary is missing and cannot be fetched (machines that reach only the
 * package registries): those tests are then reported as skipped with this reason.
 */
export function electronBinary(): { path: string } | { reason: string } {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const path = require('electron') as unknown;
    return typeof path === 'string' ? { path } : { reason: 'the electron package did not return an executable path' };
  } catch (error) {
    return { reason: `no Electron binary on this machine (${(error as Error).message.split('\n')[0]})` };
  }
}
