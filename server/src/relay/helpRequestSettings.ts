/** Settings of the help-request limits: per client address, per site, and sites that accept backend-created sessions only. */
import type { SettingHelp } from '../configHelp';
import type { BucketRate } from './rateBuckets';

/** The validated help-request settings. */
export interface HelpRequestSettings {
  /** New sessions one client address may open (`hello`), across every node. */
  perAddress: BucketRate;
  /** New sessions all shoppers of one site may open together, across every node. */
  perSite: BucketRate;
  /** Sites whose pages may only pick up sessions their backend created (`POST /api/sessions`): their `hello` is refused. */
  backendOnlySites: string[];
}

/** `--help` rows of these settings. */
export const HELP_REQUEST_SETTINGS_HELP: readonly SettingHelp[] = [
  ['LOOKALONG_HELP_REQUESTS_PER_IP', '20', 'help sessions one client address may open per minute, on all nodes together (the burst is the same number); past it the hello is closed with 4030 and the retry time'],
  ['LOOKALONG_HELP_REQUESTS_PER_SITE', '600', 'help sessions all shoppers of one site may open per minute, on all nodes together (burst: the same); past it the hello is closed with 4030 and the retry time'],
  ['LOOKALONG_BACKEND_SESSIONS_ONLY', '(none)', 'comma-separated sites (each with a LOOKALONG_SITE_SECRETS entry) whose pages may only pick up sessions their backend created with POST /api/sessions; a hello is closed with 4031'],
];

/** Reads the settings; one line in `problems` per mistake. `secretSites` are the sites with an API secret. */
export function readHelpRequestSettings(
  env: NodeJS.ProcessEnv,
  int: (name: string, fallback: number, min: number, max: number) => number,
  siteKeys: readonly string[],
  secretSites: readonly string[],
  problems: string[],
): HelpRequestSettings {
  const perAddress = int('LOOKALONG_HELP_REQUESTS_PER_IP', 20, 1, 1_000_000);
  const perSite = int('LOOKALONG_HELP_REQUESTS_PER_SITE', 600, 1, 10_000_000);
  const backendOnlySites = (env['LOOKALONG_BACKEND_SESSIONS_ONLY'] ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  for (const site of backendOnlySites) {
    if (!siteKeys.includes(site)) problems.push(`LOOKALONG_BACKEND_SESSIONS_ONLY: site "${site.slice(0, 64)}" is not in LOOKALONG_SITES`);
    else if (!secretSites.includes(site)) problems.push(`LOOKALONG_BACKEND_SESSIONS_ONLY: site "${site}" has no LOOKALONG_SITE_SECRETS entry, so its backend could not create any session`);
  }
  return {
    perAddress: { perMinute: perAddress, burst: perAddress },
    perSite: { perMinute: perSite, burst: perSite },
    backendOnlySites,
  };
}
