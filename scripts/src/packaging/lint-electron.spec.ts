import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DESKTOP_DIR } from './installer-config';
import { isHigh, lintElectron } from './lint-electron';

jest.setTimeout(120_000);

describe('npm run lint:electron (Electronegativity)', () => {
  it('finds no high-severity problem in the desktop app', async () => {
    const [result] = await lintElectron([join(DESKTOP_DIR, 'src')]);
    expect(result!.unparsed).toEqual([]);
    expect(result!.findings.filter(isHigh).map((f) => `${f.id} ${f.file}:${f.location.line}`)).toEqual([]);
  });

  it('would fail on a window with Node in the page and no isolation (the check can fail)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'seri-electronegativity-'));
    try {
      copyFileSync(join(__dirname, 'fixtures', 'insecure-main.js.fixture'), join(dir, 'main.js'));
      const [result] = await lintElectron([dir]);
      expect(result!.findings.filter(isHigh).map((f) => f.id)).toEqual(expect.arrayContaining(['CONTEXT_ISOLATION_JS_CHECK', 'LIMIT_NAVIGATION_GLOBAL_CHECK']));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
