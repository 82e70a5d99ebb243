/** Settings of the HTTP API: site secrets, how long an API-created session waits and how many may, and the agents' queue bounds. */
import type { SettingHelp } from '../configHelp';
import { readSiteKeyed } from '../siteKeyedSetting';

/** The validated API settings. */
export interface ApiSettings {
  /** Site key → the secret its backend sends as `Authorization: Bearer <secret>`. */
  siteSecrets: Record<string, string>;
  /** How long a session created by `POST /api/sessions` waits for the shopper's page to pick it up. */
  apiSessionTtlMs: number;
  /** Most sessions per site created by `POST /api/sessions` that no shopper page has picked up yet (on all nodes together). */
  apiSessionsPerSite: number;
  /** Most sessions one `GET /api/sessions` answer lists (shared out across sites). */
  queueMax: number;
  /** How long a waiting session whose page went away is still listed (as away). */
  queueAwayMs: number;
}

/** Shortest site secret accepted (as for the JWT secret). */
const MIN_SITE_SECRET_CHARS = 32;

/** `--help` rows of these settings. */
export const API_SETTINGS_HELP: readonly SettingHelp[] = [
  ['LOOKALONG_SITE_SECRETS', '(none: no site may use the API)', `comma-separated site=secret pairs (secrets of at least ${MIN_SITE_SECRET_CHARS} characters, all different): a shop backend's bearer token for POST /api/sessions and for ending its sessions`],
  ['LOOKALONG_API_SESSION_TTL_MS', '600000', 'how long a session created by POST /api/sessions waits for the shopper page to pick it up'],
  ['LOOKALONG_QUEUE_MAX', '200', 'most sessions one GET /api/sessions answer lists; past it each site gets its turn (oldest first), so one site\'s flood never hides another\'s shoppers, and the answer says how many were left out'],
  ['LOOKALONG_QUEUE_AWAY_MS', '5000', 'a waiting session whose shopper page is gone (closed, reloading, a restored session whose page never came back) is listed as away this long, then not listed until the page is back'],
  ['LOOKALONG_API_SESSIONS_PER_SITE', '1000', 'sessions per site created by POST /api/sessions and not yet picked up by a page, on all nodes together; past it: 429 with Retry-After'],
];

/** Reads the API settings for the configured sites; one line in `problems` per mistake. */
export function readApiSettings(
  env: NodeJS.ProcessEnv,
  int: (name: string, fallback: number, min: number, max: number) => number,
  siteKeys: readonly string[],
  problems: string[],
): ApiSettings {
  const siteSecrets = readSiteKeyed('LOOKALONG_SITE_SECRETS', env['LOOKALONG_SITE_SECRETS'], siteKeys, problems);
  const seen = new Set<string>();
  for (const [site, secret] of Object.entries(siteSecrets)) {
    if (secret.length < MIN_SITE_SECRET_CHARS || /\s/.test(secret)) {
      problems.push(`LOOKALONG_SITE_SECRETS: the secret of site "${site}" must be at least ${MIN_SITE_SECRET_CHARS} characters without spaces, got ${secret.length}`);
    }
    if (seen.has(secret)) problems.push(`LOOKALONG_SITE_SECRETS: site "${site}" reuses another site's secret (a secret must name one site)`);
    seen.add(secret);
  }
  return {
    siteSecrets,
    apiSessionTtlMs: int('LOOKALONG_API_SESSION_TTL_MS', 600_000, 1000, 24 * 3600_000),
    apiSessionsPerSite: int('LOOKALONG_API_SESSIONS_PER_SITE', 1000, 1, 1_000_000),
    queueMax: int('LOOKALONG_QUEUE_MAX', 200, 1, 10_000),
    queueAwayMs: int('LOOKALONG_QUEUE_AWAY_MS', 5000, 0, 3600_000),
  };
}
