import { existsSync } from 'node:fs';

/** Debian's Chromium; playwright cannot download its own browser on these machines. */
export const CHROMIUM_PATH = process.env.SERI_CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Without the background-networking flags Chromium dials out at start and is refused. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

export function chromiumAvailable(): boolean {
  return existsSync(CHROMIUM_PATH);
}
