/**
 * `npm start -- --help` and the configuration tables of docs/configuration.md cannot drift from
 * what the configuration actually reads: every variable read appears in both, and every listed
 * one is read.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig, SETTINGS_HELP } from '../../server/src/config';
import { settingsHelpText } from '../../server/src/configHelp';

const SETTING = /^(PORT|HOST|LOOKALONG_[A-Z0-9_]+)$/;

/** Names of settings loadConfig reads from `env` (recorded through a Proxy). */
function settingsReadWith(env: Record<string, string>): Set<string> {
  const read = new Set<string>();
  const recording = new Proxy(env, {
    get(target, key) {
      if (typeof key === 'string' && SETTING.test(key)) read.add(key);
      return Reflect.get(target, key);
    },
  });
  try {
    loadConfig(recording);
  } catch {
    // Mistakes are fine here: only which names were read matters.
  }
  return read;
}

/** Names read as `env['NAME']` anywhere in server/src (catches reads behind conditions). */
function settingsReadInSource(dir = 'server/src'): Set<string> {
  const names = new Set<string>();
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) {
      for (const name of settingsReadInSource(path)) names.add(name);
    } else if (path.endsWith('.ts')) {
      for (const match of readFileSync(path, 'utf8').matchAll(/env\[['"]([A-Z0-9_]+)['"]\]/g)) if (SETTING.test(match[1]!)) names.add(match[1]!);
    }
  }
  return names;
}

/**
 * Variable names in the first column of docs/configuration.md's settings tables (every table
 * whose header is `| variable | default | meaning |`; the page groups settings by concern).
 */
function documentedSettings(): Set<string> {
  const names = new Set<string>();
  let inSettingsTable = false;
  for (const line of readFileSync('docs/configuration.md', 'utf8').split('\n')) {
    if (!line.startsWith('|')) {
      inSettingsTable = false;
      continue;
    }
    if (/^\|\s*variable\s*\|\s*default\s*\|\s*meaning\s*\|/.test(line)) inSettingsTable = true;
    if (!inSettingsTable || !line.startsWith('| `')) continue;
    const firstCell = line.split('|')[1]!;
    for (const match of firstCell.matchAll(/`([A-Z0-9_]+)`/g)) names.add(match[1]!);
  }
  return names;
}

const SECRET = 's'.repeat(32);
const read = new Set([
  ...settingsReadWith({ LOOKALONG_JWT_SECRET: SECRET }),
  ...settingsReadWith({ LOOKALONG_JWT_SECRET: SECRET, LOOKALONG_SITE_SECRETS: `demo=${'k'.repeat(32)}`, LOOKALONG_WEBHOOKS: 'demo=https://hooks.example/x' }),
  ...settingsReadInSource(),
]);
const helpNames = SETTINGS_HELP.map(([name]) => name);

describe('settings documentation', () => {
  it('finds the settings it checks', () => {
    expect(read.size).toBeGreaterThan(30);
    for (const name of ['PORT', 'HOST', 'LOOKALONG_JWT_SECRET', 'LOOKALONG_WEBHOOKS', 'LOOKALONG_LOG_LEVEL']) expect(read).toContain(name);
  });

  it('lists every setting the configuration reads in --help, with its default and meaning', () => {
    const help = settingsHelpText(SETTINGS_HELP);
    for (const name of read) expect(help, name).toMatch(new RegExp(`^  ${name} +\\S.*\\n +default: \\S`, 'm'));
  });

  it('lists every setting the configuration reads in the tables of docs/configuration.md', () => {
    const documented = documentedSettings();
    expect(documented.size).toBeGreaterThan(30);
    expect([...read].filter((name) => !documented.has(name))).toEqual([]);
  });

  it('lists nothing that is not read (no stale entries)', () => {
    expect(helpNames.filter((name) => !read.has(name))).toEqual([]);
    expect([...documentedSettings()].filter((name) => !read.has(name))).toEqual([]);
  });

  it('names each setting once', () => {
    expect(new Set(helpNames).size).toBe(helpNames.length);
  });
});
