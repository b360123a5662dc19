import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { DESKTOP_DIR, REPO_ROOT } from './installer-config';

/**
 * `npm run lint:electron`: Electronegativity (Doyensec's Electron security linter) over the
 * desktop app's sources, and over electron-vite's build when there is one. Any HIGH finding
 * fails; the others are printed for review (QUALITY security check 7).
 */
interface Finding {
  id: string;
  severity: { name: string; value: number };
  confidence: { name: string };
  file: string;
  location: { line: number; column: number };
  description: string;
  manualReview?: boolean;
}

interface ElectronegativityOptions {
  input: string;
  isRelative: boolean;
  electronVersionOverride: string;
  excludeFromScan: string[];
  customScan: string[];
  parserPlugins: string[];
}

type Electronegativity = (options: ElectronegativityOptions) => Promise<{ issues: Finding[]; errors: { file: string; message: string; tolerable: boolean }[] }>;

/**
 * AvailableSecurityFixesGlobalCheck downloads Electron's release list to see whether a newer
 * patch exists: it needs the network and its answer changes by the day, so it stays out of a
 * check that must be reproducible. Electron's version is kept current through npm like any
 * other dependency.
 */
const EXCLUDED_CHECKS = ['AvailableSecurityFixesGlobalCheck'];

export interface ElectronLintResult {
  input: string;
  findings: Finding[];
  /** Files Electronegativity could not parse at all (a finding could hide there). */
  unparsed: string[];
}

function electronVersion(): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require('electron/package.json') as { version: string }).version;
}

function loadElectronegativity(): Electronegativity {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const loaded = require('@doyensec/electronegativity') as Electronegativity | { default: Electronegativity };
  return typeof loaded === 'function' ? loaded : loaded.default;
}

export async function lintElectron(inputs: readonly string[] = defaultInputs()): Promise<ElectronLintResult[]> {
  const run = loadElectronegativity();
  const version = electronVersion();
  const results: ElectronLintResult[] = [];
  for (const input of inputs) {
    const { issues, errors } = await run({ input, isRelative: true, electronVersionOverride: version, excludeFromScan: EXCLUDED_CHECKS, customScan: [], parserPlugins: [] });
    results.push({ input, findings: issues, unparsed: errors.filter((error) => !error.tolerable).map((error) => error.file) });
  }
  return results;
}

/** The sources (main, preload, renderer HTML/TSX) and, once built, what Electron really loads. */
export function defaultInputs(): string[] {
  const inputs = [join(DESKTOP_DIR, 'src')];
  const built = join(DESKTOP_DIR, 'out');
  if (existsSync(built)) inputs.push(built);
  return inputs;
}

export const isHigh = (finding: Finding): boolean => finding.severity.value >= 3;

async function main(): Promise<void> {
  const results = await lintElectron();
  let high = 0;
  for (const { input, findings, unparsed } of results) {
    console.log(`Electronegativity ${relative(REPO_ROOT, input)}: ${findings.length} finding(s)`);
    for (const finding of findings) {
      if (isHigh(finding)) high += 1;
      const review = finding.manualReview ? ' (review)' : '';
      console.log(`  ${finding.severity.name.padEnd(13)} ${finding.confidence.name.padEnd(10)} ${finding.id}${review}  ${finding.file}:${finding.location.line}  ${finding.description}`);
    }
    for (const file of unparsed) console.log(`  could not parse ${file}`);
  }
  if (high > 0) {
    console.error(`lint:electron: ${high} high-severity finding(s)`);
    process.exitCode = 1;
  } else {
    console.log('lint:electron: no high-severity finding');
  }
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error('lint:electron failed', error);
    process.exitCode = 1;
  });
}
