import { spawn, spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { startBackend } from '@seri/backend';
import { findElectronBinary } from './electron-binary';

const repoRoot = resolve(__dirname, '..', '..');

/**
 * `npm start`: embedded PostgreSQL + migrations + demo seed + backend on 127.0.0.1, then the
 * desktop app. Without an Electron binary the backend keeps running and the headless shell
 * is the way to open a terminal.
 */
async function main(): Promise<void> {
  // PORT, HOST, DATABASE_URL and the rest come from the environment, validated by the backend's configuration.
  const backend = await startBackend({ logger: true });
  console.log(`\nSeri POS backend: ${backend.url}  (health: ${backend.url}/api/health)`);
  if (backend.demo) {
    const cashiers = backend.demo.cashiers.map((cashier) => `${cashier.name} (PIN ${cashier.pin})`).join(', ');
    console.log(`Demo shop "${backend.demo.shopName}": enrollment code ${backend.demo.enrollmentCode}; ` +
      `manager ${backend.demo.manager.name} (PIN ${backend.demo.manager.pin}); cashiers ${cashiers}; ${backend.demo.productCount} products.`);
  }

  let shuttingDown = false;
  const shutdown = async () => {
    if (shuttingDown) return;
    shuttingDown = true;
    await backend.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown());
  process.on('SIGTERM', () => void shutdown());

  if (process.env.SERI_NO_DESKTOP === '1') return;
  const electron = findElectronBinary();
  if ('reason' in electron) {
    console.log(
      `\nNo Electron binary can be had on this machine (the electron package could not fetch it: ${electron.reason}), so the desktop app is not started; ` +
        `the backend keeps running. Open a terminal in the headless shell instead: npm run shell`,
    );
    return;
  }
  const build = spawnSync('npm', ['run', 'build', '-w', 'desktop'], { cwd: repoRoot, stdio: 'inherit' });
  if (build.status !== 0) throw new Error('the desktop build failed');
  const app = spawn(electron.path, [resolve(repoRoot, 'desktop')], {
    cwd: repoRoot,
    stdio: 'inherit',
    env: { ...process.env, SERI_SERVER_URL: backend.url },
  });
  app.on('exit', (code) => {
    console.log(`Desktop app exited (${code ?? 'signal'}); the backend keeps running. Ctrl+C stops it.`);
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
