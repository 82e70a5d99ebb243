#!/usr/bin/env node
// Makes sure Debian's Chromium and the fonts the browser tests render with are installed:
// CJK fonts for zh-CN pages and screenshots, DejaVu's extra faces for the replay-fidelity
// corpus's web fonts (served from this machine, never committed). Browsers are never
// downloaded by a tool: this installs Debian packages with apt-get, which needs root (CI runs
// as root). Does nothing when every package's marker file exists.
import { existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';

/** Debian package → a file it installs. */
const PACKAGES = {
  chromium: '/usr/bin/chromium',
  'fonts-noto-cjk': '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc',
  'fonts-dejavu-extra': '/usr/share/fonts/truetype/dejavu/DejaVuSerifCondensed-Bold.ttf',
};
const missing = Object.entries(PACKAGES).filter(([, file]) => !existsSync(file)).map(([name]) => name);
if (missing.length === 0) process.exit(0);

if (typeof process.getuid === 'function' && process.getuid() !== 0) {
  console.error(`${missing.join(', ')} missing and this is not root: run  sudo apt-get update && sudo apt-get install -y ${missing.join(' ')}`);
  process.exit(1);
}
console.log(`Installing Debian ${missing.join(', ')} for the browser tests (apt-get)…`);
const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...missing], { stdio: 'inherit', env });
const still = Object.entries(PACKAGES).filter(([, file]) => !existsSync(file)).map(([name]) => name);
if (still.length) {
  console.error(`apt-get finished but ${still.join(', ')} still missing`);
  process.exit(1);
}
