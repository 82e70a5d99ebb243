#!/usr/bin/env node
// Makes sure Debian's redis-server is installed for the multi-node tests, which start private
// Redis servers of their own (one per test file, on a free port). Installs the Debian package
// with apt-get, which needs root (CI runs as root). Does nothing when /usr/bin/redis-server exists.
import { existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';

const REDIS_SERVER = '/usr/bin/redis-server';
if (existsSync(REDIS_SERVER)) process.exit(0);

if (typeof process.getuid === 'function' && process.getuid() !== 0) {
  console.error(`${REDIS_SERVER} is missing and this is not root: run  sudo apt-get update && sudo apt-get install -y redis-server`);
  process.exit(1);
}
console.log('Installing Debian redis-server for the multi-node tests (apt-get)…');
const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', 'redis-server'], { stdio: 'inherit', env });
if (!existsSync(REDIS_SERVER)) {
  console.error('apt-get finished but /usr/bin/redis-server is still missing');
  process.exit(1);
}
