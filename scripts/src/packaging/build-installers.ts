import { build } from 'electron-builder';
import { DESKTOP_DIR, installerConfig, readBaseConfig } from './installer-config';

/**
 * Builds this platform's installers from electron-builder.yml completed by the environment
 * (signing, publisher name, feed URL): `npm run build && node scripts/dist/packaging/build-installers.js
 * [--publish never|always|onTag|onTagOrDraft] [--dir]`. Output in desktop/release.
 */
const PUBLISH_POLICIES = ['never', 'always', 'onTag', 'onTagOrDraft'] as const;
type PublishPolicy = (typeof PUBLISH_POLICIES)[number];

function publishPolicy(argv: readonly string[]): PublishPolicy {
  const at = argv.indexOf('--publish');
  if (at < 0) return 'never';
  const value = PUBLISH_POLICIES.find((policy) => policy === argv[at + 1]);
  if (value === undefined) throw new Error(`--publish takes ${PUBLISH_POLICIES.join(', ')}`);
  return value;
}

async function main(argv: readonly string[]): Promise<void> {
  const publish = publishPolicy(argv);
  const { config, environment, warnings } = installerConfig(readBaseConfig(), process.env);
  for (const warning of warnings) console.warn(`[seri] ${warning}`);
  Object.assign(process.env, environment);
  const artifacts = await build({
    projectDir: DESKTOP_DIR,
    config,
    publish,
    ...(argv.includes('--dir') ? { dir: true } : {}),
  });
  for (const artifact of artifacts) console.log(`[seri] built ${artifact}`);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(`[seri] building the installers failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
