/** Validation of the operations and integration settings: one readable line per mistake. */
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/src/config';
import { configProblems } from '../helpers/configProblems';

const SECRET = 's'.repeat(32);
const SITE_SECRET = 'k'.repeat(32);
const SITES = JSON.stringify({ demo: ['self'], shop: ['https://shop.example'] });

function problemsOf(env: Record<string, string>): string[] {
  return configProblems({ LOOKALONG_JWT_SECRET: SECRET, LOOKALONG_SITES: SITES, ...env });
}

describe('operations settings', () => {
  it('reads the log level and the metrics token', () => {
    const { ops } = loadConfig({ LOOKALONG_JWT_SECRET: SECRET, LOOKALONG_LOG_LEVEL: 'silent', LOOKALONG_METRICS_TOKEN: 'm'.repeat(16) });
    expect(ops).toEqual({ logLevel: 'silent', metricsToken: 'm'.repeat(16) });
  });

  it('refuses an unknown level and a short metrics token', () => {
    expect(problemsOf({ LOOKALONG_LOG_LEVEL: 'verbose', LOOKALONG_METRICS_TOKEN: 'short' })).toEqual([
      'LOOKALONG_LOG_LEVEL must be one of trace, debug, info, warn, error, fatal, silent, got "verbose"',
      'LOOKALONG_METRICS_TOKEN must be at least 16 characters without spaces, got 5',
    ]);
  });
});

describe('site secrets', () => {
  it('maps each site to its secret', () => {
    const { api } = loadConfig({ LOOKALONG_JWT_SECRET: SECRET, LOOKALONG_SITES: SITES, LOOKALONG_SITE_SECRETS: `demo=${SITE_SECRET}, shop=${'j'.repeat(40)}`, LOOKALONG_API_SESSION_TTL_MS: '5000' });
    expect({ ...api.siteSecrets }).toEqual({ demo: SITE_SECRET, shop: 'j'.repeat(40) });
    expect(api.apiSessionTtlMs).toBe(5000);
  });

  it('reports malformed pairs, unknown sites, repeats, short and shared secrets', () => {
    expect(problemsOf({ LOOKALONG_SITE_SECRETS: `demo, nowhere=${SITE_SECRET}, demo=${SITE_SECRET}, demo=${SITE_SECRET}x, shop=short` })).toEqual([
      'LOOKALONG_SITE_SECRETS: "demo" must look like site=value',
      'LOOKALONG_SITE_SECRETS: site "nowhere" is not in LOOKALONG_SITES',
      'LOOKALONG_SITE_SECRETS: site "demo" is named twice',
      'LOOKALONG_SITE_SECRETS: the secret of site "shop" must be at least 32 characters without spaces, got 5',
    ]);
    expect(problemsOf({ LOOKALONG_SITE_SECRETS: `demo=${SITE_SECRET},shop=${SITE_SECRET}` })).toEqual([
      'LOOKALONG_SITE_SECRETS: site "shop" reuses another site\'s secret (a secret must name one site)',
    ]);
  });

  it('keeps a site key like "constructor" a plain key', () => {
    const { api } = loadConfig({ LOOKALONG_JWT_SECRET: SECRET, LOOKALONG_SITES: '{"constructor":["self"]}', LOOKALONG_SITE_SECRETS: `constructor=${SITE_SECRET}` });
    expect(api.siteSecrets['constructor']).toBe(SITE_SECRET);
  });
});

describe('webhook settings', () => {
  it('signs with the site secret unless a webhook secret is given', () => {
    const { webhooks } = loadConfig({
      LOOKALONG_JWT_SECRET: SECRET,
      LOOKALONG_SITES: SITES,
      LOOKALONG_SITE_SECRETS: `demo=${SITE_SECRET}`,
      LOOKALONG_WEBHOOKS: 'demo=https://hooks.example/a?x=1,shop=http://127.0.0.1:9999/b',
      LOOKALONG_WEBHOOK_SECRETS: `shop=${'w'.repeat(32)}`,
      LOOKALONG_WEBHOOK_MAX_ATTEMPTS: '3',
      LOOKALONG_WEBHOOK_BACKOFF_MS: '10',
    });
    expect({ ...webhooks.endpoints }).toEqual({
      demo: { url: 'https://hooks.example/a?x=1', secret: SITE_SECRET },
      shop: { url: 'http://127.0.0.1:9999/b', secret: 'w'.repeat(32) },
    });
    expect(webhooks).toMatchObject({ maxAttempts: 3, backoffMs: 10, timeoutMs: 5000, queueMax: 1000 });
  });

  it('reports receivers without a secret, bad URLs, secrets without a receiver, and bounds', () => {
    expect(problemsOf({
      LOOKALONG_WEBHOOKS: 'demo=ftp://hooks.example,shop=https://user:pw@hooks.example',
      LOOKALONG_WEBHOOK_SECRETS: `shop=${'w'.repeat(32)}`,
      LOOKALONG_WEBHOOK_MAX_ATTEMPTS: '0',
    })).toEqual([
      'LOOKALONG_WEBHOOKS: the receiver of site "demo" must be an http(s) URL, got "ftp://hooks.example"',
      'LOOKALONG_WEBHOOKS: site "demo" needs a signing secret in LOOKALONG_WEBHOOK_SECRETS or LOOKALONG_SITE_SECRETS',
      'LOOKALONG_WEBHOOKS: the receiver of site "shop" must be an http(s) URL, got "https://user:pw@hooks.example"',
      'LOOKALONG_WEBHOOK_MAX_ATTEMPTS must be an integer between 1 and 20, got "0"',
    ]);
    expect(problemsOf({ LOOKALONG_WEBHOOK_SECRETS: 'demo=short' })).toEqual([
      'LOOKALONG_WEBHOOK_SECRETS: the secret of site "demo" must be at least 32 characters without spaces, got 5',
      'LOOKALONG_WEBHOOK_SECRETS: site "demo" has no receiver in LOOKALONG_WEBHOOKS',
    ]);
  });
});

describe('other start-up checks', () => {
  it('refuses a HOST that is neither an address nor a host name', () => {
    expect(problemsOf({ HOST: 'my host!' })).toEqual(['HOST must be an IP address or a host name, got "my host!"']);
    expect(loadConfig({ LOOKALONG_JWT_SECRET: SECRET, HOST: '::1' }).host).toBe('::1');
    expect(loadConfig({ LOOKALONG_JWT_SECRET: SECRET, HOST: 'relay-1.internal' }).host).toBe('relay-1.internal');
  });

  it('names a misspelt LOOKALONG_ variable, with the closest setting', () => {
    expect(problemsOf({ LOOKALONG_WEBHOOK: 'demo=https://x.example', LOOKALONG_COMPLETELY_UNKNOWN_THING: '1' })).toEqual([
      'LOOKALONG_WEBHOOK is not a setting (did you mean LOOKALONG_WEBHOOKS?); npm start -- --help lists them',
      'LOOKALONG_COMPLETELY_UNKNOWN_THING is not a setting; npm start -- --help lists them',
    ]);
  });
});
