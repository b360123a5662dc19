import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Configuration } from 'app-builder-lib';
import { load } from 'js-yaml';

export const REPO_ROOT = resolve(__dirname, '..', '..', '..');
export const CONFIG_PATH = resolve(REPO_ROOT, 'electron-builder.yml');
export const DESKTOP_DIR = resolve(REPO_ROOT, 'desktop');

/** Azure Trusted Signing, from the environment (the Azure identity itself: AZURE_TENANT_ID, AZURE_CLIENT_ID, AZURE_CLIENT_SECRET). */
export const AZURE_SIGNING_VARIABLES = {
  endpoint: 'AZURE_TRUSTED_SIGNING_ENDPOINT',
  codeSigningAccountName: 'AZURE_TRUSTED_SIGNING_ACCOUNT_NAME',
  certificateProfileName: 'AZURE_TRUSTED_SIGNING_CERTIFICATE_PROFILE',
} as const;

/** The CN of the Windows signing certificate, when it is not the one written in electron-builder.yml. */
export const PUBLISHER_NAME_VARIABLE = 'SERI_WIN_PUBLISHER_NAME';
/** The generic update feed built into the installers (app-update.yml). */
export const UPDATE_URL_VARIABLE = 'SERI_UPDATE_URL';
/**
 * Without a feed URL the installers still get an app-update.yml (electron-updater checks
 * update signatures against its publisherName), pointing nowhere: such terminals update only
 * from a provisioned `updateUrl`.
 */
export const NO_FEED_URL = 'https://updates.invalid/seri-pos/';

export type Environment = Readonly<Record<string, string | undefined>>;

export function readBaseConfig(path = CONFIG_PATH): Configuration {
  return load(readFileSync(path, 'utf8')) as Configuration;
}

function present(env: Environment, name: string): string | undefined {
  const value = env[name]?.trim();
  return value ? value : undefined;
}

/**
 * electron-builder.yml completed from the environment: signing secrets never live in the
 * file. Certificate files (CSC_LINK/CSC_KEY_PASSWORD) and notarization (APPLE_*) are read by
 * electron-builder itself; Azure Trusted Signing and the publisher name need writing into
 * the configuration, which is done here. Returns warnings to print; throws on a half-set
 * Azure configuration rather than building an installer signed by nobody.
 */
export function installerConfig(base: Configuration, env: Environment): { config: Configuration; environment: Record<string, string>; warnings: string[] } {
  const warnings: string[] = [];
  const environment: Record<string, string> = {};
  const win = { ...(base.win ?? {}) };
  const publisherName = present(env, PUBLISHER_NAME_VARIABLE) ?? win.signtoolOptions?.publisherName ?? undefined;

  const azure = Object.fromEntries(Object.entries(AZURE_SIGNING_VARIABLES).map(([option, variable]) => [option, present(env, variable)])) as Record<
    keyof typeof AZURE_SIGNING_VARIABLES,
    string | undefined
  >;
  const azureSet = Object.values(azure).filter((value) => value !== undefined).length;
  if (azureSet > 0) {
    const missing = Object.entries(AZURE_SIGNING_VARIABLES)
      .filter(([option]) => azure[option as keyof typeof azure] === undefined)
      .map(([, variable]) => variable);
    if (missing.length > 0) throw new Error(`Azure Trusted Signing is half configured: set ${missing.join(', ')} as well (or none of them)`);
    if (typeof publisherName !== 'string') throw new Error(`Azure Trusted Signing needs the certificate's publisher name: set ${PUBLISHER_NAME_VARIABLE}`);
    // electron-builder signs with Azure or with signtool, never both.
    delete win.signtoolOptions;
    win.azureSignOptions = {
      endpoint: azure.endpoint!,
      codeSigningAccountName: azure.codeSigningAccountName!,
      certificateProfileName: azure.certificateProfileName!,
      publisherName,
    };
  } else if (publisherName !== undefined && win.signtoolOptions) {
    win.signtoolOptions = { ...win.signtoolOptions, publisherName };
  }

  if (!present(env, UPDATE_URL_VARIABLE)) {
    environment[UPDATE_URL_VARIABLE] = NO_FEED_URL;
    warnings.push(`${UPDATE_URL_VARIABLE} is not set: the installers' built-in update feed is ${NO_FEED_URL}; terminals will update only from a provisioned updateUrl`);
  }
  if (!present(env, 'CSC_LINK') && !present(env, 'WIN_CSC_LINK') && azureSet === 0) {
    warnings.push('no signing certificate (CSC_LINK, WIN_CSC_LINK or AZURE_TRUSTED_SIGNING_*): the installers are unsigned, for tests only');
  }
  return { config: { ...base, win }, environment, warnings };
}
