/** Asset proxy settings: the origins each site's stylesheets, fonts and images may be fetched from, and the fetch bounds. */
import type { SettingHelp } from '../configHelp';
import { ORIGIN_PATTERN } from '../relay/originPolicy';
import { readBooleanSetting } from '../settingChecks';

/** The validated asset proxy settings. */
export interface AssetSettings {
  /** Site key → origin patterns the proxy fetches from for it: its page origins (`self` aside) and its LOOKALONG_ASSET_ORIGINS. */
  origins: Record<string, string[]>;
  /** Development only: loopback, private and link-local addresses may be fetched too. */
  allowPrivate: boolean;
  /** Largest asset fetched; a bigger one is refused while it streams in. */
  maxBytes: number;
  /** How long one proxied fetch may take, redirects included. */
  timeoutMs: number;
  /** Bytes the in-memory cache of fetched assets may hold; 0: no cache. */
  cacheBytes: number;
}

/** `--help` rows of these settings. */
export const ASSET_SETTINGS_HELP: readonly SettingHelp[] = [
  ['LOOKALONG_ASSET_ORIGINS', '(none: only the site\'s page origins)', 'JSON: site key -> extra origins (CDNs) whose stylesheets, fonts and images the asset proxy may fetch for that site, besides its LOOKALONG_SITES page origins'],
  ['LOOKALONG_ASSET_PROXY_ALLOW_PRIVATE', 'false', 'development only: true lets the asset proxy fetch loopback, private and link-local addresses'],
  ['LOOKALONG_ASSET_MAX_BYTES', '5242880', 'largest stylesheet, font or image the asset proxy fetches'],
  ['LOOKALONG_ASSET_TIMEOUT_MS', '8000', 'how long one asset proxy fetch may take, redirects included'],
  ['LOOKALONG_ASSET_CACHE_BYTES', '67108864', 'in-memory cache of proxied assets (entries kept 10 minutes); 0 disables it'],
];

/** Reads the asset proxy settings for the configured sites (site key → page origins); one line in `problems` per mistake. */
export function readAssetSettings(
  env: NodeJS.ProcessEnv,
  int: (name: string, fallback: number, min: number, max: number) => number,
  sites: Readonly<Record<string, readonly string[]>>,
  problems: string[],
): AssetSettings {
  const extra = readExtraOrigins(env['LOOKALONG_ASSET_ORIGINS'], Object.keys(sites), problems);
  const origins = Object.create(null) as Record<string, string[]>;
  for (const [site, pageOrigins] of Object.entries(sites)) {
    origins[site] = [...new Set([...pageOrigins.filter((origin) => origin !== 'self'), ...(extra[site] ?? [])])];
  }
  return {
    origins,
    allowPrivate: readBooleanSetting('LOOKALONG_ASSET_PROXY_ALLOW_PRIVATE', env['LOOKALONG_ASSET_PROXY_ALLOW_PRIVATE'], problems),
    maxBytes: int('LOOKALONG_ASSET_MAX_BYTES', 5 * 1024 * 1024, 1024, 256 * 1024 * 1024),
    timeoutMs: int('LOOKALONG_ASSET_TIMEOUT_MS', 8000, 100, 120_000),
    cacheBytes: int('LOOKALONG_ASSET_CACHE_BYTES', 64 * 1024 * 1024, 0, 4 * 1024 * 1024 * 1024),
  };
}

/** LOOKALONG_ASSET_ORIGINS: site key → origin patterns, each site one of LOOKALONG_SITES. */
function readExtraOrigins(raw: string | undefined, siteKeys: readonly string[], problems: string[]): Record<string, string[]> {
  const extra = Object.create(null) as Record<string, string[]>;
  if (!raw) return extra;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    problems.push('LOOKALONG_ASSET_ORIGINS must be JSON like {"shop":["https://cdn.shop.example"]}');
    return extra;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    problems.push('LOOKALONG_ASSET_ORIGINS must be a JSON object of site key -> array of origins');
    return extra;
  }
  for (const [site, origins] of Object.entries(parsed)) {
    if (!siteKeys.includes(site)) {
      problems.push(`LOOKALONG_ASSET_ORIGINS: site "${site.slice(0, 64)}" is not in LOOKALONG_SITES`);
      continue;
    }
    if (!Array.isArray(origins) || origins.some((origin) => typeof origin !== 'string')) {
      problems.push(`LOOKALONG_ASSET_ORIGINS: site "${site}" must map to an array of origin strings`);
      continue;
    }
    for (const origin of origins as string[]) {
      if (!ORIGIN_PATTERN.test(origin)) problems.push(`LOOKALONG_ASSET_ORIGINS: site "${site}" origin "${origin.slice(0, 80)}" must look like https://cdn.shop.example[:port] (or :* for any port)`);
    }
    extra[site] = origins as string[];
  }
  return extra;
}
