import { ConfigError, readBackendConfig, type BackendConfig } from './config/backend-config';
import { startBackend, type RunningBackend } from './server';

/**
 * `node backend/dist/src/main.js` (npm start -w backend): the backend with its embedded
 * PostgreSQL unless DATABASE_URL is set. Every variable is in README "Configuration"; a bad
 * one stops the start here with one line naming it, before anything is started.
 */
async function main(): Promise<void> {
  let config: BackendConfig;
  try {
    config = readBackendConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`Seri POS backend: configuration error: ${error.message}\n`);
    process.exit(2);
  }
  const backend = await startBackend({ config });
  printBanner(backend);
  installSignalHandlers(backend);
}

function printBanner(backend: RunningBackend): void {
  console.log(`Seri POS backend listening on ${backend.url} (API under ${backend.url}/api)`);
  const demo = backend.demo;
  if (!demo) return;
  console.log(`Demo shop: ${demo.shopName} (${demo.productCount} products)`);
  console.log(`  Enrollment code: ${demo.enrollmentCode}`);
  console.log(`  Manager: ${demo.manager.name}, PIN ${demo.manager.pin}`);
  for (const cashier of demo.cashiers) console.log(`  Cashier: ${cashier.name}, PIN ${cashier.pin}`);
  for (const login of [demo.logins.manager, demo.logins.admin]) {
    if (login) console.log(`  Admin API login: ${login.email} / ${login.password} (${login.name})`);
  }
  console.log(`  API documentation: ${backend.url}/api/docs`);
}

/**
 * SIGTERM (a rolling restart) and SIGINT: drain and close (see RunningBackend.close), then
 * exit 0. A second signal while draining exits at once.
 */
function installSignalHandlers(backend: RunningBackend): void {
  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) {
      process.exit(1);
    }
    stopping = true;
    console.log(`${signal}: draining and closing`);
    backend.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
