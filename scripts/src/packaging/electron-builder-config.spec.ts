import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { load } from 'js-yaml';
import type { Configuration } from 'app-builder-lib';
import { DebugLogger } from 'builder-util';
import { validateConfiguration } from 'app-builder-lib/out/util/config/config';

const configPath = resolve(__dirname, '..', '..', '..', 'electron-builder.yml');

describe('electron-builder.yml', () => {
  const config = load(readFileSync(configPath, 'utf8')) as Configuration;

  it("validates against electron-builder's own configuration schema", async () => {
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
  });

  it('a misspelt option is refused by the same check (the test can fail)', async () => {
    await expect(validateConfiguration({ ...config, nsiss: {} } as Configuration, new DebugLogger(false))).rejects.toThrow(/nsiss/);
  });

  it('installs per machine on Windows and rebuilds native modules only at packaging', () => {
    expect(config.nsis?.perMachine).toBe(true);
    expect(config.npmRebuild).toBe(true);
    expect(config.asarUnpack).toContain('**/*.node');
  });
});
