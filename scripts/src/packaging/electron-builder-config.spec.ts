import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Configuration } from 'app-builder-lib';
import { DebugLogger } from 'builder-util';
import { validateConfiguration } from 'app-builder-lib/out/util/config/config';
import { parseProvisioningObject, SWITCHES } from '../../../desktop/src/main/provisioning/provisioning-settings';
import { DESKTOP_DIR, NO_FEED_URL, installerConfig, readBaseConfig } from './installer-config';

const validate = (config: Configuration): Promise<void> => validateConfiguration(config, new DebugLogger(false));

function targets(platform: Configuration['win'] | Configuration['mac'] | Configuration['linux']): string[] {
  const list = Array.isArray(platform?.target) ? platform.target : [platform?.target];
  return list.map((target) => (typeof target === 'string' ? target : (target?.target ?? ''))).sort();
}

describe('electron-builder.yml', () => {
  const config = readBaseConfig();

  it("validates against electron-builder's own configuration schema", async () => {
    await expect(validate(config)).resolves.toBeUndefined();
  });

  it('a misspelt option is refused by the same check (the test can fail)', async () => {
    await expect(validate({ ...config, nsiss: {} } as Configuration)).rejects.toThrow(/nsiss/);
    await expect(validate({ ...config, electronFuses: { ...config.electronFuses, runAsNodee: false } } as Configuration)).rejects.toThrow(/electronFuses/);
  });

  it('sets every fuse the terminal needs: no Node mode, no NODE_OPTIONS, no inspector, encrypted cookies, asar only and checked', () => {
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableCookieEncryption: true,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
    });
    expect(config.asar).toBe(true);
  });

  it('builds an assisted NSIS installer and an MSI, both per machine, for silent installs as SYSTEM', () => {
    expect(targets(config.win)).toEqual(['msi', 'nsis']);
    expect(config.nsis).toMatchObject({ oneClick: false, perMachine: true, deleteAppDataOnUninstall: false, include: 'build/installer.nsh' });
    expect(config.msi).toMatchObject({ perMachine: true });
    expect(config.msi?.upgradeCode).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(existsSync(resolve(DESKTOP_DIR, config.nsis!.include!))).toBe(true);
  });

  it('names the publisher so electron-updater checks the signature of every Windows update', () => {
    expect(config.win?.signtoolOptions?.publisherName).toBe('Seri POS');
    expect(config.win?.verifyUpdateCodeSignature).toBe(true);
    expect(config.win?.azureSignOptions).toBeUndefined();
  });

  it('builds a hardened, notarized dmg (and the zip electron-updater needs on macOS)', () => {
    expect(targets(config.mac)).toEqual(['dmg', 'zip']);
    expect(config.mac).toMatchObject({ hardenedRuntime: true, notarize: true, entitlements: 'build/entitlements.mac.plist', entitlementsInherit: 'build/entitlements.mac.plist' });
    const entitlements = readFileSync(resolve(DESKTOP_DIR, config.mac!.entitlements!), 'utf8');
    expect(entitlements).toContain('com.apple.security.cs.allow-jit');
    expect(entitlements).not.toContain('disable-library-validation');
  });

  it('builds an AppImage and a deb on Linux', () => {
    expect(targets(config.linux)).toEqual(['AppImage', 'deb']);
  });

  it('rebuilds better-sqlite3 for Electron at packaging and keeps it out of the asar archive', () => {
    expect(config.npmRebuild).toBe(true);
    expect(config.asarUnpack).toEqual(expect.arrayContaining(['**/node_modules/better-sqlite3/**', '**/*.node']));
  });

  it('publishes to a generic feed whose URL comes from the environment', () => {
    expect(config.publish).toEqual({ provider: 'generic', url: '${env.SERI_UPDATE_URL}' });
    expect(config.generateUpdatesFilesForAllChannels).toBe(true);
  });

  it('keeps no secret in the file', () => {
    const text = readFileSync(resolve(DESKTOP_DIR, '..', 'electron-builder.yml'), 'utf8');
    expect(text).not.toMatch(/^\s*(cscLink|cscKeyPassword|certificatePassword|certificateFile|appleId|appleIdPassword)\s*:/m);
  });
});

describe('installer.nsh provisioning switches', () => {
  const nsh = readFileSync(resolve(DESKTOP_DIR, 'build', 'installer.nsh'), 'utf8');
  const written = [...nsh.matchAll(/SeriProvisioningOption "\/([A-Z_]+)=" "(\w+)" "(text|bool)"/g)].map(([, option, key, kind]) => ({ option, key, kind }));

  it('writes every setting the app reads, under the names the app expects', () => {
    expect(written.map((w) => w.key).sort()).toEqual(['autoUpdate', 'enrollmentCode', 'printer', 'serverUrl', 'terminalName', 'updateChannel', 'updateUrl']);
    for (const key of Object.values(SWITCHES)) expect(written.map((w) => w.key)).toContain(key);
    const sample = Object.fromEntries(written.map(({ key = '', kind }): [string, unknown] => [key, kind === 'bool' ? false : sampleValue(key)]));
    expect(parseProvisioningObject(sample, 'installer').problems).toEqual([]);
  });

  it('follows the command-line spelling: /SERVER_URL= for --server-url=', () => {
    for (const [name, key] of Object.entries(SWITCHES)) {
      expect(written).toContainEqual(expect.objectContaining({ option: name.toUpperCase().replace(/-/g, '_'), key }));
    }
  });

  it('wipes data only on request and never during an update', () => {
    expect(nsh).toMatch(/GetOptions\} \$R0 "--delete-app-data"/);
    expect(nsh).toMatch(/GetOptions\} \$R0 "--updated"/);
    expect(nsh).toMatch(/GetOptions\} \$R0 "\/KEEP_APP_DATA"/);
  });
});

function sampleValue(key: string): string {
  switch (key) {
    case 'serverUrl':
      return 'https://pos.boutique.example';
    case 'updateUrl':
      return 'https://updates.boutique.example/seri-pos/';
    case 'updateChannel':
      return 'beta';
    case 'enrollmentCode':
      return 'PLATEAU-01';
    default:
      return 'Caisse 1';
  }
}

describe('installer configuration from the environment (build-installers.ts)', () => {
  const base = readBaseConfig();
  const azure = {
    AZURE_TRUSTED_SIGNING_ENDPOINT: 'https://weu.codesigning.azure.net/',
    AZURE_TRUSTED_SIGNING_ACCOUNT_NAME: 'seri-signing',
    AZURE_TRUSTED_SIGNING_CERTIFICATE_PROFILE: 'seri-public-trust',
  };

  it('leaves the file as it is with a certificate file and a feed, and validates', async () => {
    const { config, environment, warnings } = installerConfig(base, { CSC_LINK: '/secure/seri.pfx', SERI_UPDATE_URL: 'https://updates.boutique.example/seri-pos/' });
    expect(config).toEqual(base);
    expect(environment).toEqual({});
    expect(warnings).toEqual([]);
    await expect(validate(config)).resolves.toBeUndefined();
  });

  it('signs with Azure Trusted Signing instead of signtool when its variables are set, and validates', async () => {
    const { config } = installerConfig(base, { ...azure, SERI_WIN_PUBLISHER_NAME: 'Boutiques Seri SARL', SERI_UPDATE_URL: 'https://u.example/' });
    expect(config.win?.signtoolOptions).toBeUndefined();
    expect(config.win?.azureSignOptions).toEqual({
      endpoint: azure.AZURE_TRUSTED_SIGNING_ENDPOINT,
      codeSigningAccountName: 'seri-signing',
      certificateProfileName: 'seri-public-trust',
      publisherName: 'Boutiques Seri SARL',
    });
    await expect(validate(config)).resolves.toBeUndefined();
    expect(base.win?.signtoolOptions?.publisherName).toBe('Seri POS');
  });

  it('refuses a half-configured Azure signing rather than building unsigned by surprise', () => {
    expect(() => installerConfig(base, { AZURE_TRUSTED_SIGNING_ENDPOINT: azure.AZURE_TRUSTED_SIGNING_ENDPOINT })).toThrow(
      /AZURE_TRUSTED_SIGNING_ACCOUNT_NAME, AZURE_TRUSTED_SIGNING_CERTIFICATE_PROFILE/,
    );
  });

  it('takes the publisher name of the certificate from the environment', () => {
    expect(installerConfig(base, { SERI_WIN_PUBLISHER_NAME: 'Boutiques Seri SARL' }).config.win?.signtoolOptions?.publisherName).toBe('Boutiques Seri SARL');
  });

  it('says when the build is unsigned and has no feed, and still writes an update config', () => {
    const { environment, warnings } = installerConfig(base, {});
    expect(environment).toEqual({ SERI_UPDATE_URL: NO_FEED_URL });
    expect(warnings).toHaveLength(2);
    expect(NO_FEED_URL.startsWith('https://')).toBe(true);
  });
});
