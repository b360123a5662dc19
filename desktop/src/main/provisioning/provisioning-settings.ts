import { ResultErrorException } from '@seri/shared';
import { normalizeServerUrl } from '../device/device-service';

/**
 * What shop IT can set for a terminal before anyone touches it: the machine-wide
 * provisioning file (written by hand, by Intune/SCCM/GPO, or by the NSIS installer from
 * `/SERVER_URL=`…) and the same settings as command-line switches. Every field is optional;
 * a bad value is reported and ignored on its own, never a reason not to start.
 */
export interface ProvisioningSettings {
  /** The Seri backend, e.g. `https://pos.boutique.example`. */
  serverUrl?: string;
  /** Enrollment code made in the admin API; used once, on the first start of an unenrolled terminal. */
  enrollmentCode?: string;
  /** The name the terminal enrolls under (default: the computer's name). */
  terminalName?: string;
  /** Receipt printer, by its name in the operating system. */
  printer?: string;
  /** Update channel: `latest` (default), `beta`, or any channel the feed publishes (`<channel>.yml`). */
  updateChannel?: string;
  /** HTTPS base URL of the update feed, replacing the one built into the installer. File only. */
  updateUrl?: string;
  /** `false` when IT pushes every new version itself (SCCM, Intune, apt…). File only. */
  autoUpdate?: boolean;
}

export type ProvisioningKey = keyof ProvisioningSettings;

/** One line for the log: which setting, from where, and why it was ignored. */
export interface ProvisioningProblem {
  source: string;
  key: string;
  message: string;
}

export interface ParsedProvisioning {
  settings: ProvisioningSettings;
  problems: ProvisioningProblem[];
}

type Parser<K extends ProvisioningKey> = (raw: unknown) => ProvisioningSettings[K];

/** Thrown by a field parser; turned into a ProvisioningProblem. */
class InvalidSetting extends Error {}

// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/;

function text(raw: unknown, { min, max }: { min: number; max: number }): string {
  if (typeof raw !== 'string') throw new InvalidSetting('must be a string');
  const value = raw.trim();
  if (value.length < min || value.length > max) throw new InvalidSetting(`must be ${min} to ${max} characters long`);
  if (CONTROL_CHARACTERS.test(value)) throw new InvalidSetting('must not contain control characters');
  return value;
}

function serverUrl(raw: unknown): string {
  const value = text(raw, { min: 1, max: 500 });
  try {
    return normalizeServerUrl(value);
  } catch (error) {
    throw new InvalidSetting(error instanceof ResultErrorException ? error.message : 'is not a valid URL');
  }
}

function isLoopback(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '127.0.0.1' || hostname === '[::1]';
}

/**
 * Updates are code the terminal will run: the feed must be HTTPS (plain HTTP only on
 * loopback, for a test feed), without credentials in the URL.
 */
function updateUrl(raw: unknown): string {
  const value = text(raw, { min: 1, max: 500 });
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new InvalidSetting('is not a valid URL');
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopback(url.hostname))) throw new InvalidSetting('must be an https:// URL');
  if (url.username || url.password) throw new InvalidSetting('must not contain credentials');
  url.hash = '';
  url.search = '';
  return url.toString();
}

/** electron-updater fetches `<channel>.yml`: a short lowercase word, nothing that could walk a path. */
const CHANNEL = /^[a-z][a-z0-9-]{0,31}$/;

function updateChannel(raw: unknown): string {
  const value = text(raw, { min: 1, max: 32 }).toLowerCase();
  if (!CHANNEL.test(value)) throw new InvalidSetting('must be a lowercase word such as latest or beta (letters, digits, -)');
  return value;
}

function enrollmentCode(raw: unknown): string {
  const value = text(raw, { min: 4, max: 64 });
  if (/\s/.test(value)) throw new InvalidSetting('must not contain spaces');
  return value;
}

function flag(raw: unknown): boolean {
  if (typeof raw === 'boolean') return raw;
  if (raw === 'true' || raw === '1') return true;
  if (raw === 'false' || raw === '0') return false;
  throw new InvalidSetting('must be true or false');
}

const PARSERS: { [K in ProvisioningKey]: Parser<K> } = {
  serverUrl,
  enrollmentCode,
  terminalName: (raw) => text(raw, { min: 1, max: 64 }),
  printer: (raw) => text(raw, { min: 1, max: 256 }),
  updateChannel,
  updateUrl,
  autoUpdate: flag,
};

const KEYS = Object.keys(PARSERS) as ProvisioningKey[];

function isProvisioningKey(key: string): key is ProvisioningKey {
  return (KEYS as string[]).includes(key);
}

function setField<K extends ProvisioningKey>(settings: ProvisioningSettings, key: K, raw: unknown): void {
  settings[key] = PARSERS[key](raw);
}

function parseFields(entries: [string, unknown][], source: string, allowed: readonly ProvisioningKey[], label: (key: string) => string): ParsedProvisioning {
  const settings: ProvisioningSettings = {};
  const problems: ProvisioningProblem[] = [];
  for (const [key, raw] of entries) {
    if (!isProvisioningKey(key) || !allowed.includes(key)) {
      problems.push({ source, key: label(key), message: 'unknown setting, ignored' });
      continue;
    }
    try {
      setField(settings, key, raw);
    } catch (error) {
      if (!(error instanceof InvalidSetting)) throw error;
      problems.push({ source, key: label(key), message: `${error.message}; ignored` });
    }
  }
  return { settings, problems };
}

/**
 * The provisioning file's JSON object. Keys starting with `_` or `$` are comments
 * (`"_comment"`, `"$schema"`); any other unknown key is reported, since it is most likely a typo.
 */
export function parseProvisioningObject(plain: unknown, source: string): ParsedProvisioning {
  if (plain === null || typeof plain !== 'object' || Array.isArray(plain)) {
    return { settings: {}, problems: [{ source, key: '(file)', message: 'must hold one JSON object; ignored' }] };
  }
  const entries = Object.entries(plain).filter(([key]) => !key.startsWith('_') && !key.startsWith('$'));
  return parseFields(entries, source, KEYS, (key) => key);
}

/** `--server-url` ↔ `serverUrl`. */
export const SWITCHES: Readonly<Record<string, ProvisioningKey>> = {
  'server-url': 'serverUrl',
  'enrollment-code': 'enrollmentCode',
  'terminal-name': 'terminalName',
  printer: 'printer',
  'update-channel': 'updateChannel',
};

/**
 * Any user can start the app with switches, while the machine-wide file is writable by
 * administrators only: where updates come from, and whether they come at all, is the
 * file's business alone.
 */
const SWITCHABLE: readonly ProvisioningKey[] = Object.values(SWITCHES);

/**
 * `--server-url=https://…` and friends from the command line. Other switches (Chromium's,
 * Electron's, Playwright's) are none of our business and pass silently.
 */
export function parseProvisioningArgs(argv: readonly string[]): ParsedProvisioning {
  const source = 'command line';
  const entries: [string, unknown][] = [];
  const names = new Map<string, string>();
  const refused: ProvisioningProblem[] = [];
  for (const arg of argv) {
    const match = /^--([a-z-]+)=(.*)$/s.exec(arg);
    if (!match) continue;
    const [, name = '', value = ''] = match;
    const key = SWITCHES[name];
    if (key !== undefined) {
      names.set(key, `--${name}`);
      entries.push([key, value]);
    } else if (name === 'update-url' || name === 'auto-update') {
      refused.push({ source, key: `--${name}`, message: 'only the machine-wide provisioning file may set this; ignored' });
    }
  }
  const parsed = parseFields(entries, source, SWITCHABLE, (key) => names.get(key) ?? key);
  return { settings: parsed.settings, problems: [...refused, ...parsed.problems] };
}

/** Later sources win, field by field (the command line over the file). */
export function mergeProvisioning(...parts: ParsedProvisioning[]): ParsedProvisioning {
  return {
    settings: Object.assign({}, ...parts.map((part) => part.settings)) as ProvisioningSettings,
    problems: parts.flatMap((part) => part.problems),
  };
}
