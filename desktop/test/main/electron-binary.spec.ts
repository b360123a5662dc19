import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { builtAppProblem, electronBinary } from '../../e2e/electron/electron-binary';
import { makeTempDir } from './factories';

describe('finding the Electron binary for the real-Electron tests (never downloading it)', () => {
  let temp: ReturnType<typeof makeTempDir>;
  beforeEach(() => {
    temp = makeTempDir();
  });
  afterEach(() => temp.cleanup());

  it('takes ELECTRON_PATH when it exists, and says so when it does not', () => {
    const exe = join(temp.dir, 'electron');
    writeFileSync(exe, '');
    expect(electronBinary({ ELECTRON_PATH: exe })).toEqual({ path: exe });
    expect(electronBinary({ ELECTRON_PATH: join(temp.dir, 'nope') })).toEqual({ reason: `ELECTRON_PATH=${join(temp.dir, 'nope')} does not exist` });
  });

  it("gives a reason instead of the package's download attempt when the binary is missing", () => {
    const packageDir = dirname(require.resolve('electron/package.json'));
    const installed = (() => {
      try {
        return readFileSync(join(packageDir, 'path.txt'), 'utf8').trim();
      } catch {
        return null;
      }
    })();
    const found = electronBinary({});
    if (installed === null) expect(found).toEqual({ reason: expect.stringContaining('no Electron binary on this machine') as string });
    else expect(found).toHaveProperty('path');
    if (installed !== null) {
      mkdirSync(join(temp.dir, 'dist'), { recursive: true });
      expect(electronBinary({ ELECTRON_OVERRIDE_DIST_PATH: join(temp.dir, 'dist') })).toEqual({ reason: expect.stringContaining('is missing') as string });
    }
  });

  it('says when the app was not built', () => {
    writeFileSync(join(temp.dir, 'package.json'), JSON.stringify({ main: 'out/main/index.js' }));
    expect(builtAppProblem(temp.dir)).toMatch(/npm run build -w desktop/);
    mkdirSync(join(temp.dir, 'out', 'main'), { recursive: true });
    writeFileSync(join(temp.dir, 'out', 'main', 'index.js'), '');
    expect(builtAppProblem(temp.dir)).toBeNull();
  });
});
