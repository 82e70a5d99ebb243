#!/usr/bin/env node
// Makes sure a PostgreSQL server answers on 127.0.0.1:5432 for the recording-store tests, which
// create a throw-away database of their own (test/helpers/postgresDatabase.ts). Does nothing when
// the port already accepts connections. Otherwise starts Debian's cluster if one is installed, or
// installs the Debian package with apt-get (needs root; CI runs as root), lets local TCP
// connections in without a password (trust, as the tests expect) and starts it.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { connect } from 'node:net';

const HOST = '127.0.0.1';
const PORT = 5432;
const CLUSTERS = '/etc/postgresql';
const WAIT_MS = 30_000;

/** True when HOST:PORT accepts a TCP connection within a second. */
function portOpen() {
  return new Promise((resolve) => {
    const socket = connect({ host: HOST, port: PORT });
    const done = (open) => {
      socket.destroy();
      resolve(open);
    };
    socket.setTimeout(1000, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/** The newest installed major version (a directory name under /etc/postgresql), or null. */
function installedVersion() {
  if (!existsSync(CLUSTERS)) return null;
  const versions = readdirSync(CLUSTERS).filter((name) => /^\d+(\.\d+)?$/.test(name));
  versions.sort((a, b) => Number(a) - Number(b));
  return versions.at(-1) ?? null;
}

/** Puts trust lines for 127.0.0.1 and ::1 first in a freshly installed cluster's pg_hba.conf. */
function trustLocalTcp(version) {
  const hba = `${CLUSTERS}/${version}/main/pg_hba.conf`;
  if (!existsSync(hba)) return;
  const lines = '# Added by scripts/ensure-postgres.mjs for the tests: local TCP without a password.\n'
    + 'host all all 127.0.0.1/32 trust\nhost all all ::1/128 trust\n';
  writeFileSync(hba, lines + readFileSync(hba, 'utf8'));
  console.log(`Let local TCP connections in without a password (${hba}).`);
}

/** Runs `pg_ctlcluster VERSION main ACTION` (start, or restart to read a changed pg_hba.conf). */
function controlCluster(version, action) {
  console.log(`PostgreSQL ${version}: pg_ctlcluster ${version} main ${action}…`);
  try {
    execFileSync('pg_ctlcluster', ['--skip-systemctl-redirect', version, 'main', action], { stdio: 'inherit' });
  } catch {
    // Already running, or starting: the port decides below.
  }
}

if (await portOpen()) process.exit(0);

let version = installedVersion();
let action = 'start';
if (version === null) {
  if (typeof process.getuid === 'function' && process.getuid() !== 0) {
    console.error(`Nothing listens on ${HOST}:${PORT} and this is not root: run  sudo apt-get update && sudo apt-get install -y postgresql`);
    process.exit(1);
  }
  console.log('Installing Debian postgresql for the recording-store tests (apt-get)…');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', 'postgresql'], { stdio: 'inherit', env });
  version = installedVersion();
  if (version === null) {
    console.error(`apt-get finished but ${CLUSTERS} is still missing`);
    process.exit(1);
  }
  trustLocalTcp(version);
  // The package may have started the cluster already, with the old pg_hba.conf.
  action = 'restart';
}
controlCluster(version, action);

const deadline = Date.now() + WAIT_MS;
while (!(await portOpen())) {
  if (Date.now() > deadline) {
    console.error(`PostgreSQL ${version} did not listen on ${HOST}:${PORT} within ${WAIT_MS / 1000} s`);
    process.exit(1);
  }
  await new Promise((resolve) => setTimeout(resolve, 500));
}
console.log(`PostgreSQL ${version} listens on ${HOST}:${PORT}.`);
