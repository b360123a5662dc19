import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { readProvisioningFile } from '../../../desktop/src/main/provisioning/provisioning-file';
import { DESKTOP_DIR } from './installer-config';

/**
 * desktop/build/installer.nsh, compiled by Debian's NSIS the way electron-builder compiles it
 * (warnings are errors) and, where Wine is installed, run: the installer writes the
 * provisioning file the app reads, the uninstaller wipes data only when asked. Electron-
 * builder's own NSIS build (CI, Windows) compiles it inside the real installer.
 */
const INCLUDE_DIR = join(DESKTOP_DIR, 'build');

function findTool(name: string, extraDirs: string[] = []): string | null {
  for (const dir of [...(process.env['PATH'] ?? '').split(delimiter), ...extraDirs]) {
    const candidate = join(dir, name);
    if (dir && existsSync(candidate)) return candidate;
  }
  return null;
}

const makensis = findTool('makensis');
const wine = findTool('wine64', ['/usr/lib/wine']) ?? findTool('wine');
if (!makensis) console.log('installer.nsh tests skipped: no makensis on this machine (Debian: apt-get install nsis)');
else if (!wine) console.log('installer.nsh run tests skipped: no Wine on this machine (Debian: apt-get install wine64); compiling only');
const describeWithNsis = makensis ? describe : describe.skip;
const describeWithWine = makensis && wine ? describe : describe.skip;

jest.setTimeout(300_000);

const HEADER = ['Unicode true', 'Target amd64-unicode', 'RequestExecutionLevel admin', `!addincludedir "${INCLUDE_DIR}"`];
const INSTALLER = [...HEADER, 'OutFile "seri-provisioning.exe"', '!include "installer.nsh"', 'Section "install"', '  !insertmacro customInstall', 'SectionEnd'];
const UNINSTALLER = [
  ...HEADER,
  'OutFile "seri-wipe-maker.exe"',
  '!define BUILD_UNINSTALLER',
  '!include "installer.nsh"',
  'Section "install"',
  '  WriteUninstaller "$EXEDIR\\seri-wipe.exe"',
  'SectionEnd',
  'Section "Uninstall"',
  '  !insertmacro customUnInstall',
  'SectionEnd',
];

function compile(dir: string, name: string, lines: string[]): { status: number | null; output: string } {
  writeFileSync(join(dir, name), `${lines.join('\n')}\n`);
  const result = spawnSync(makensis!, ['-WX', '-V2', name], { cwd: dir, encoding: 'utf8' });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

describeWithNsis('installer.nsh (NSIS)', () => {
  let dir: string;
  let compiled: { name: string; status: number | null; output: string }[];
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'seri-nsis-'));
    compiled = [
      ['installer.nsi', INSTALLER],
      ['uninstaller.nsi', UNINSTALLER],
    ].map(([name, lines]) => ({ name: name as string, ...compile(dir, name as string, lines as string[]) }));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('compiles into an installer and an uninstaller with warnings as errors', () => {
    for (const { name, status, output } of compiled) expect({ name, status, output: status === 0 ? '' : output }).toEqual({ name, status: 0, output: '' });
  });

  describeWithWine('run under Wine', () => {
    let prefix: string;
    let driveC: string;
    const provisioningFile = () => join(driveC, 'ProgramData', 'Seri POS', 'provisioning.json');
    const userData = () => join(driveC, 'users', process.env['USER'] ?? 'root', 'AppData', 'Roaming', 'Seri POS');
    const wineEnv = () => ({ ...process.env, WINEPREFIX: prefix, WINEDEBUG: '-all', WINEDLLOVERRIDES: 'mscoree,mshtml=' });

    /** Runs a command line exactly as typed in cmd.exe (a .bat keeps Wine from re-quoting it). */
    function runCommandLine(commandLine: string): void {
      writeFileSync(join(driveC, 'seri-test.bat'), `${commandLine}\r\n`);
      const result = spawnSync(wine!, ['cmd', '/c', 'C:\\seri-test.bat'], { env: wineEnv(), encoding: 'utf8', timeout: 120_000 });
      expect(result.error).toBeUndefined();
    }

    beforeAll(() => {
      prefix = join(dir, 'wine');
      driveC = join(prefix, 'drive_c');
      const boot = spawnSync(wine!, ['wineboot', '-i'], { env: wineEnv(), encoding: 'utf8', timeout: 240_000 });
      expect(boot.error).toBeUndefined();
      for (const exe of ['seri-provisioning.exe', 'seri-wipe-maker.exe']) copyFileSync(join(dir, exe), join(driveC, exe));
      runCommandLine('C:\\seri-wipe-maker.exe /S');
      expect(existsSync(join(driveC, 'seri-wipe.exe'))).toBe(true);
    });

    it('writes the provisioning file from the switches, values with spaces, quotes, slashes and backslashes intact', () => {
      rmSync(provisioningFile(), { force: true });
      runCommandLine(
        'C:\\seri-provisioning.exe /S /allusers /SERVER_URL=https://pos.boutique.example/seri /ENROLLMENT_CODE=PLATEAU-01 ' +
          '/TERMINAL_NAME="Caisse 1" "/PRINTER=\\\\srv\\EPSON TM-T20III" /update_channel=beta /AUTO_UPDATE=false',
      );
      expect(readProvisioningFile(provisioningFile(), 'win32')).toEqual({
        settings: {
          serverUrl: 'https://pos.boutique.example/seri',
          enrollmentCode: 'PLATEAU-01',
          terminalName: 'Caisse 1',
          printer: '\\\\srv\\EPSON TM-T20III',
          updateChannel: 'beta',
          autoUpdate: false,
        },
        problems: [],
      });
    });

    it('escapes what JSON needs escaping, and keeps accents (UTF-16 with a BOM)', () => {
      rmSync(provisioningFile(), { force: true });
      runCommandLine('C:\\seri-provisioning.exe /S /TERMINAL_NAME=Caisse"2 /PRINTER="EPSON \\ A"');
      expect(readProvisioningFile(provisioningFile(), 'win32').settings).toEqual({ terminalName: 'Caisse"2', printer: 'EPSON \\ A' });
      const direct = spawnSync(wine!, ['C:\\seri-provisioning.exe', '/S', '/TERMINAL_NAME=Caisse_Thiès'], { env: wineEnv(), timeout: 120_000 });
      expect(direct.error).toBeUndefined();
      expect(readProvisioningFile(provisioningFile(), 'win32').settings).toEqual({ terminalName: 'Caisse_Thiès' });
    });

    it('leaves an existing file alone when no provisioning switch is given', () => {
      mkdirSync(join(driveC, 'ProgramData', 'Seri POS'), { recursive: true });
      writeFileSync(provisioningFile(), '{"printer": "kept"}');
      runCommandLine('C:\\seri-provisioning.exe /S /allusers');
      expect(readProvisioningFile(provisioningFile(), 'win32').settings).toEqual({ printer: 'kept' });
    });

    it.each([
      ['/S', 'kept'],
      ['/S --delete-app-data --updated', 'kept'],
      ['/S /KEEP_APP_DATA --delete-app-data', 'kept'],
      ['/S --delete-app-data', 'removed'],
    ])('uninstall %s: data and provisioning %s', (args, expected) => {
      mkdirSync(join(userData(), 'main'), { recursive: true });
      writeFileSync(join(userData(), 'main', 'queue.sqlite3'), 'queue');
      mkdirSync(join(driveC, 'ProgramData', 'Seri POS'), { recursive: true });
      writeFileSync(provisioningFile(), '{}');
      mkdirSync(join(driveC, 'seri'), { recursive: true });
      runCommandLine(`C:\\seri-wipe.exe ${args} _?=C:\\seri`);
      expect({ data: existsSync(userData()) ? 'kept' : 'removed', provisioning: existsSync(provisioningFile()) ? 'kept' : 'removed' }).toEqual({
        data: expected,
        provisioning: expected,
      });
    });
  });
});
