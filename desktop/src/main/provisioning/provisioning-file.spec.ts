import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeTempDir } from '../../../test/main/factories';
import type { Logger } from '../logger';
import { MAX_PROVISIONING_BYTES, loadProvisioning, machineProvisioningPath, readProvisioningFile } from './provisioning-file';

function recordingLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const record = (message: string, detail?: unknown): void => {
    lines.push(detail === undefined ? message : `${message} ${detail instanceof Error ? detail.message : JSON.stringify(detail)}`);
  };
  return { lines, info: record, warn: record, error: record };
}

const SAMPLE = {
  serverUrl: 'https://pos.boutique.example',
  enrollmentCode: 'PLATEAU-01',
  terminalName: 'Caisse 1',
  printer: 'EPSON TM-T20III',
  updateChannel: 'latest',
};

describe('machine-wide provisioning file', () => {
  let temp: ReturnType<typeof makeTempDir>;
  beforeEach(() => {
    temp = makeTempDir();
  });
  afterEach(() => temp.cleanup());

  it('lives where only administrators write, per operating system', () => {
    expect(machineProvisioningPath('win32', { ProgramData: 'D:\\ProgramData' })).toBe('D:\\ProgramData\\Seri POS\\provisioning.json');
    expect(machineProvisioningPath('win32', { PROGRAMDATA: 'C:\\ProgramData' })).toBe('C:\\ProgramData\\Seri POS\\provisioning.json');
    expect(machineProvisioningPath('win32', { ProgramData: '..\\somewhere' })).toBe('C:\\ProgramData\\Seri POS\\provisioning.json');
    expect(machineProvisioningPath('win32', {})).toBe('C:\\ProgramData\\Seri POS\\provisioning.json');
    expect(machineProvisioningPath('darwin', {})).toBe('/Library/Application Support/Seri POS/provisioning.json');
    expect(machineProvisioningPath('linux', {})).toBe('/etc/seri-pos/provisioning.json');
  });

  it('reads the documented sample (docs/provisioning.sample.json) without a single problem', () => {
    const sample = readProvisioningFile(join(__dirname, '..', '..', '..', '..', 'docs', 'provisioning.sample.json'), 'linux');
    expect(sample.problems).toEqual([]);
    expect(Object.keys(sample.settings).sort()).toEqual(['autoUpdate', 'enrollmentCode', 'printer', 'serverUrl', 'terminalName', 'updateChannel', 'updateUrl']);
  });

  it('a missing file means nothing is provisioned, quietly', () => {
    expect(readProvisioningFile(join(temp.dir, 'provisioning.json'))).toEqual({ settings: {}, problems: [] });
    expect(readProvisioningFile(join(temp.dir, 'no-such-folder', 'provisioning.json'))).toEqual({ settings: {}, problems: [] });
  });

  it('reads the file as UTF-8, UTF-8 with a BOM (Notepad) and UTF-16 LE (PowerShell 5 Out-File)', () => {
    const json = JSON.stringify({ ...SAMPLE, terminalName: 'Caisse Thiès' });
    const encodings: [string, Buffer][] = [
      ['utf8', Buffer.from(json, 'utf8')],
      ['bom', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(json, 'utf8')])],
      ['utf16', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(json, 'utf16le')])],
    ];
    for (const [name, bytes] of encodings) {
      const path = join(temp.dir, `${name}.json`);
      writeFileSync(path, bytes);
      expect(readProvisioningFile(path, 'linux')).toEqual({ settings: { ...SAMPLE, terminalName: 'Caisse Thiès' }, problems: [] });
    }
  });

  it('reports a malformed, oversized or odd file and starts without it', () => {
    const broken = join(temp.dir, 'broken.json');
    writeFileSync(broken, '{ "serverUrl": "https://pos.example", }');
    expect(readProvisioningFile(broken).problems[0]?.message).toMatch(/^is not valid JSON/);

    const huge = join(temp.dir, 'huge.json');
    writeFileSync(huge, JSON.stringify({ _comment: 'x'.repeat(MAX_PROVISIONING_BYTES) }));
    expect(readProvisioningFile(huge)).toEqual({ settings: {}, problems: [{ source: huge, key: '(file)', message: `is larger than ${MAX_PROVISIONING_BYTES} bytes; ignored` }] });

    const folder = join(temp.dir, 'folder.json');
    mkdirSync(folder);
    expect(readProvisioningFile(folder).problems[0]?.message).toBe('is not a file; ignored');
  });

  it('ignores update settings from a file every user can write', () => {
    const path = join(temp.dir, 'provisioning.json');
    writeFileSync(path, JSON.stringify({ ...SAMPLE, updateUrl: 'https://updates.example/', autoUpdate: false }));
    chmodSync(path, 0o666);
    const parsed = readProvisioningFile(path, 'linux');
    expect(parsed.settings).toEqual(SAMPLE);
    expect(parsed.problems.map((p) => p.message)).toEqual(['the file is writable by every user; update settings ignored']);
    chmodSync(path, 0o644);
    expect(readProvisioningFile(path, 'linux').settings).toMatchObject({ updateUrl: 'https://updates.example/', autoUpdate: false });
  });

  it('loads the file then the command line, logs every problem, and never logs the enrollment code', () => {
    const path = join(temp.dir, 'provisioning.json');
    writeFileSync(path, JSON.stringify({ ...SAMPLE, printer: '' }));
    const logger = recordingLogger();
    const loaded = loadProvisioning({ filePath: path, argv: ['--terminal-name=Caisse 9', '--update-channel=../x'], logger });
    expect(loaded.settings).toEqual({ serverUrl: SAMPLE.serverUrl, enrollmentCode: SAMPLE.enrollmentCode, terminalName: 'Caisse 9', updateChannel: 'latest' });
    expect(logger.lines).toEqual([
      `provisioning (${path}): printer must be 1 to 256 characters long; ignored`,
      'provisioning (command line): --update-channel must be a lowercase word such as latest or beta (letters, digits, -); ignored',
      'provisioning: enrollmentCode, serverUrl, terminalName, updateChannel set',
    ]);
    expect(logger.lines.join('\n')).not.toContain(SAMPLE.enrollmentCode);
  });
});
