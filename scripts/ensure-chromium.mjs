#!/usr/bin/env node
// Makes sure Debian's Chromium (and CJK fonts for zh-CN screenshots) is installed for the
// browser tests. Browsers are never downloaded by a tool: this installs the Debian package
// with apt-get, which needs root (CI runs as root). Does nothing when /usr/bin/chromium exists.
import { existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';

const CHROMIUM = '/usr/bin/chromium';
if (existsSync(CHROMIUM)) process.exit(0);

if (typeof process.getuid === 'function' && process.getuid() !== 0) {
  console.error(`${CHROMIUM} is missing and this is not root: run  sudo apt-get update && sudo apt-get install -y chromium fonts-noto-cjk`);
  process.exit(1);
}
console.log('Installing Debian chromium for the browser tests (apt-get)…');
const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', 'chromium', 'fonts-noto-cjk'], { stdio: 'inherit', env });
if (!existsSync(CHROMIUM)) {
  console.error('apt-get finished but /usr/bin/chromium is still missing');
  process.exit(1);
}
