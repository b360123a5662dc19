import type * as StandIn from '../../../test/main/electron-stand-in';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ElectronStandIn } from '../../../test/main/electron-stand-in';
import { makeTempDir } from '../../../test/main/factories';
import { APP_INDEX_URL, registerAppScheme, resolveAppFile, serveRenderer } from './app-protocol';

jest.mock(
  'electron',
  () => jest.requireActual<typeof StandIn>('../../../test/main/electron-stand-in').createElectronStandIn(),
  { virtual: true },
);

describe('app://seri, the packaged renderer’s own origin (electron stand-in)', () => {
  const electron = jest.requireMock<ElectronStandIn>('electron');
  let temp: ReturnType<typeof makeTempDir>;
  let renderer: string;

  beforeEach(() => {
    temp = makeTempDir();
    renderer = join(temp.dir, 'out', 'renderer');
    mkdirSync(join(renderer, 'assets'), { recursive: true });
    writeFileSync(join(renderer, 'index.html'), '<!doctype html><title>Seri POS</title>');
    writeFileSync(join(renderer, 'assets', 'index.js'), 'export {};');
    writeFileSync(join(temp.dir, 'out', 'secret.txt'), 'not for the page');
  });
  afterEach(() => temp.cleanup());

  it('is a standard, secure scheme (IndexedDB, module scripts, fetch), registered before ready', () => {
    registerAppScheme();
    expect(electron.protocol.privileged).toEqual([{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } }]);
  });

  it('maps app://seri URLs to files inside the renderer folder only', () => {
    expect(resolveAppFile(renderer, APP_INDEX_URL)).toBe(join(renderer, 'index.html'));
    expect(resolveAppFile(renderer, 'app://seri/')).toBe(join(renderer, 'index.html'));
    expect(resolveAppFile(renderer, 'app://seri/assets/index.js?v=1#x')).toBe(join(renderer, 'assets', 'index.js'));
    for (const outside of [
      'app://seri/../secret.txt',
      'app://seri/%2e%2e/secret.txt',
      'app://seri/assets/%2e%2e%2f%2e%2e%2fsecret.txt',
      'app://seri/..%5c..%5csecret.txt',
      'app://seri/%00index.html',
      'app://other/index.html',
      'file:///etc/passwd',
      'https://seri/index.html',
      'app://seri/%E0%A4%A',
      'not a url',
    ]) {
      const file = resolveAppFile(renderer, outside);
      expect(file === null || file.startsWith(`${renderer}/`)).toBe(true);
      expect(file).not.toBe(join(temp.dir, 'out', 'secret.txt'));
    }
  });

  it('serves the built files, and 404 for anything outside them or not a GET', async () => {
    serveRenderer(renderer);
    const handler = electron.protocol.handlers.get('app')!;
    const index = await handler(new Request(APP_INDEX_URL));
    expect(index.status).toBe(200);
    await expect(index.text()).resolves.toContain('Seri POS');
    expect((await handler(new Request('app://seri/assets/%2e%2e/%2e%2e/secret.txt'))).status).toBe(404);
    expect((await handler(new Request('app://elsewhere/index.html'))).status).toBe(404);
    expect((await handler(new Request(APP_INDEX_URL, { method: 'POST', body: 'x' }))).status).toBe(404);
  });
});
