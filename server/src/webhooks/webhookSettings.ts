/** Webhook settings: each site's receiver URL and signing secret, retries, timeout and queue bound. */
import type { SettingHelp } from '../configHelp';
import { readSiteKeyed } from '../siteKeyedSetting';

/** Where one site's events go and the secret they are signed with. */
export interface WebhookEndpoint {
  url: string;
  secret: string;
}

/** The validated webhook settings. */
export interface WebhookSettings {
  /** Site key → receiver; sites without one get no webhooks. */
  endpoints: Record<string, WebhookEndpoint>;
  /** Attempts per event, the first included. */
  maxAttempts: number;
  /** Delay before the first retry; doubled for each further one (with jitter, capped). */
  backoffMs: number;
  /** How long one attempt may take before it counts as failed. */
  timeoutMs: number;
  /** Events waiting per site; past it the oldest is dropped (and counted). */
  queueMax: number;
}

/** Shortest signing secret accepted. */
const MIN_SIGNING_SECRET_CHARS = 32;

/** `--help` rows of these settings. */
export const WEBHOOK_SETTINGS_HELP: readonly SettingHelp[] = [
  ['LOOKALONG_WEBHOOKS', '(none)', 'comma-separated site=https://receiver pairs: where each site\'s events are POSTed (session.waiting, consent.granted, consent.denied, consent.revoked, session.ended)'],
  ['LOOKALONG_WEBHOOK_SECRETS', '(the site\'s LOOKALONG_SITE_SECRETS entry)', `comma-separated site=secret pairs (at least ${MIN_SIGNING_SECRET_CHARS} characters): HMAC-SHA256 key of the Lookalong-Signature header`],
  ['LOOKALONG_WEBHOOK_MAX_ATTEMPTS', '6', 'delivery attempts per event, the first included'],
  ['LOOKALONG_WEBHOOK_BACKOFF_MS', '2000', 'delay before the first retry; doubled for each further one, with jitter, at most 5 minutes'],
  ['LOOKALONG_WEBHOOK_TIMEOUT_MS', '5000', 'how long one delivery attempt may take'],
  ['LOOKALONG_WEBHOOK_QUEUE_MAX', '1000', 'events waiting per site; past it the oldest is dropped (counted in /metrics)'],
];

/** Reads the webhook settings for the configured sites; one line in `problems` per mistake. */
export function readWebhookSettings(
  env: NodeJS.ProcessEnv,
  int: (name: string, fallback: number, min: number, max: number) => number,
  siteKeys: readonly string[],
  siteSecrets: Readonly<Record<string, string>>,
  problems: string[],
): WebhookSettings {
  const urls = readSiteKeyed('LOOKALONG_WEBHOOKS', env['LOOKALONG_WEBHOOKS'], siteKeys, problems);
  const secrets = readSiteKeyed('LOOKALONG_WEBHOOK_SECRETS', env['LOOKALONG_WEBHOOK_SECRETS'], siteKeys, problems);
  const endpoints = Object.create(null) as Record<string, WebhookEndpoint>;
  for (const [site, url] of Object.entries(urls)) {
    if (!isHttpUrl(url)) problems.push(`LOOKALONG_WEBHOOKS: the receiver of site "${site}" must be an http(s) URL, got "${url.slice(0, 80)}"`);
    const secret = secrets[site] ?? siteSecrets[site];
    if (!secret) problems.push(`LOOKALONG_WEBHOOKS: site "${site}" needs a signing secret in LOOKALONG_WEBHOOK_SECRETS or LOOKALONG_SITE_SECRETS`);
    else endpoints[site] = { url, secret };
  }
  for (const [site, secret] of Object.entries(secrets)) {
    if (secret.length < MIN_SIGNING_SECRET_CHARS || /\s/.test(secret)) {
      problems.push(`LOOKALONG_WEBHOOK_SECRETS: the secret of site "${site}" must be at least ${MIN_SIGNING_SECRET_CHARS} characters without spaces, got ${secret.length}`);
    }
    if (!(site in urls)) problems.push(`LOOKALONG_WEBHOOK_SECRETS: site "${site}" has no receiver in LOOKALONG_WEBHOOKS`);
  }
  return {
    endpoints,
    maxAttempts: int('LOOKALONG_WEBHOOK_MAX_ATTEMPTS', 6, 1, 20),
    backoffMs: int('LOOKALONG_WEBHOOK_BACKOFF_MS', 2000, 10, 3_600_000),
    timeoutMs: int('LOOKALONG_WEBHOOK_TIMEOUT_MS', 5000, 100, 60_000),
    queueMax: int('LOOKALONG_WEBHOOK_QUEUE_MAX', 1000, 1, 100_000),
  };
}

function isHttpUrl(raw: string): boolean {
  try {
    const url = new URL(raw);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.username === '' && url.password === '';
  } catch {
    return false;
  }
}
