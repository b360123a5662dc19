import { startBackend, type RunningBackend } from './server';

/**
 * `node backend/dist/src/main.js` (npm start -w backend): the backend with its embedded
 * PostgreSQL unless DATABASE_URL is set. PORT (3000), HOST (127.0.0.1), SERI_DATA_DIR,
 * SERI_PG_PORT.
 */
async function main(): Promise<void> {
  const port = Number(process.env['PORT'] ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new Error(`PORT must be a port number, got ${process.env['PORT']}`);
  const pgPort = process.env['SERI_PG_PORT'] ? Number(process.env['SERI_PG_PORT']) : undefined;
  const backend = await startBackend({
    port,
    host: process.env['HOST'] ?? '127.0.0.1',
    ...(process.env['DATABASE_URL'] ? { databaseUrl: process.env['DATABASE_URL'] } : {}),
    ...(process.env['SERI_DATA_DIR'] ? { dataDir: process.env['SERI_DATA_DIR'] } : {}),
    ...(pgPort !== undefined ? { pgPort } : {}),
  });
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

function installSignalHandlers(backend: RunningBackend): void {
  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: closing`);
    backend.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
