import { readFileSync, statSync } from 'node:fs';
import { posix, win32 } from 'node:path';
import { silentLogger, type Logger } from '../logger';
import {
  mergeProvisioning,
  parseProvisioningArgs,
  parseProvisioningObject,
  type ParsedProvisioning,
  type ProvisioningProblem,
} from './provisioning-settings';

export const PROVISIONING_FILE_NAME = 'provisioning.json';
/** A provisioning file is a few lines; anything bigger is not one. */
export const MAX_PROVISIONING_BYTES = 64 * 1024;

/**
 * The machine-wide provisioning file: a place only administrators (and SYSTEM, when
 * SCCM or Intune runs the installer) can write, the same for every user of the machine.
 *   Windows  %ProgramData%\Seri POS\provisioning.json
 *   macOS    /Library/Application Support/Seri POS/provisioning.json
 *   Linux    /etc/seri-pos/provisioning.json
 */
export function machineProvisioningPath(platform: NodeJS.Platform, env: Readonly<Record<string, string | undefined>>): string {
  if (platform === 'win32') {
    // %ProgramData% is normally C:\ProgramData; a relative or odd value is not trusted.
    const programData = env['ProgramData'] ?? env['PROGRAMDATA'];
    const base = programData && /^[A-Za-z]:\\/.test(programData) ? programData : 'C:\\ProgramData';
    return win32.join(base, 'Seri POS', PROVISIONING_FILE_NAME);
  }
  if (platform === 'darwin') return posix.join('/Library', 'Application Support', 'Seri POS', PROVISIONING_FILE_NAME);
  // Linux and the other Unixes.
  return posix.join('/etc', 'seri-pos', PROVISIONING_FILE_NAME);
}

/** Notepad writes a UTF-8 BOM and Windows PowerShell 5's Out-File writes UTF-16 LE: read all three. */
export function decodeProvisioningText(bytes: Buffer): string {
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return bytes.subarray(2).toString('utf16le');
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return bytes.subarray(3).toString('utf8');
  return bytes.toString('utf8');
}

function errorCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : undefined;
}

/**
 * Reads and checks the provisioning file. A missing file is the normal case (nothing
 * provisioned); an unreadable, oversized or malformed one is a problem to log, never a crash.
 */
export function readProvisioningFile(path: string, platform: NodeJS.Platform = process.platform): ParsedProvisioning {
  const source = path;
  const problem = (message: string): ParsedProvisioning => ({ settings: {}, problems: [{ source, key: '(file)', message }] });
  let bytes: Buffer;
  let worldWritable: boolean;
  try {
    const stat = statSync(path);
    if (!stat.isFile()) return problem('is not a file; ignored');
    if (stat.size > MAX_PROVISIONING_BYTES) return problem(`is larger than ${MAX_PROVISIONING_BYTES} bytes; ignored`);
    worldWritable = platform !== 'win32' && (stat.mode & 0o002) !== 0;
    bytes = readFileSync(path);
  } catch (error) {
    const code = errorCode(error);
    if (code === 'ENOENT' || code === 'ENOTDIR') return { settings: {}, problems: [] };
    return problem(`cannot be read (${code ?? 'error'}); ignored`);
  }
  let plain: unknown;
  try {
    plain = JSON.parse(decodeProvisioningText(bytes));
  } catch (error) {
    return problem(`is not valid JSON (${error instanceof Error ? error.message : 'parse error'}); ignored`);
  }
  const parsed = parseProvisioningObject(plain, source);
  if (worldWritable && (parsed.settings.updateUrl !== undefined || parsed.settings.autoUpdate !== undefined)) {
    // Anyone on the machine could have written these: where code comes from stays the default.
    const { updateUrl: _url, autoUpdate: _auto, ...rest } = parsed.settings;
    return {
      settings: rest,
      problems: [...parsed.problems, { source, key: 'updateUrl/autoUpdate', message: 'the file is writable by every user; update settings ignored' }],
    };
  }
  return parsed;
}

export interface LoadProvisioningOptions {
  /** Usually machineProvisioningPath(process.platform, process.env). */
  filePath: string;
  /** The app's arguments (process.argv): `--server-url=` and friends. */
  argv: readonly string[];
  platform?: NodeJS.Platform;
  logger?: Logger;
}

export function describeProblem(problem: ProvisioningProblem): string {
  return `provisioning (${problem.source}): ${problem.key} ${problem.message}`;
}

/** The file, then the command line over it; every problem logged, nothing thrown. */
export function loadProvisioning(options: LoadProvisioningOptions): ParsedProvisioning {
  const logger = options.logger ?? silentLogger;
  let loaded: ParsedProvisioning;
  try {
    loaded = mergeProvisioning(readProvisioningFile(options.filePath, options.platform), parseProvisioningArgs(options.argv));
  } catch (error) {
    logger.error('provisioning could not be read; starting without it', error);
    return { settings: {}, problems: [] };
  }
  for (const problem of loaded.problems) logger.warn(describeProblem(problem));
  const keys = Object.keys(loaded.settings);
  if (keys.length > 0) logger.info(`provisioning: ${keys.sort().join(', ')} set`);
  return loaded;
}
