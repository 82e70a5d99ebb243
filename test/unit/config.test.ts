import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig, SETTINGS_HELP } from '../../server/src/config';
import { configProblems } from '../helpers/configProblems';

const SECRET = 's'.repeat(32);

const problemsOf = configProblems;

describe('loadConfig: defaults', () => {
  it('fills every setting with its default when only the secret is given', () => {
    const { agentTokens, ...settings } = loadConfig({ LOOKALONG_JWT_SECRET: SECRET });
    expect(agentTokens).toStrictEqual({ algorithm: 'HS256', key: agentTokens.key, maxAgeSeconds: 12 * 3600, clockToleranceSeconds: 30, requireSitesClaim: false });
    expect(agentTokens.key.export().toString()).toBe(SECRET);
    expect(settings).toStrictEqual({
      host: '127.0.0.1',
      port: 8080,
      publicUrl: 'http://localhost:8080',
      sites: { demo: ['self', 'http://localhost:*', 'http://127.0.0.1:*'] },
      agentOrigins: [],
      helpdeskOrigins: [],
      auditFile: 'data/audit.jsonl',
      sessionStoreFile: 'data/sessions.json',
      checkpointMaxBytes: 8 * 1024 * 1024,
      sendBufferMaxBytes: 4 * 1024 * 1024,
      shopperMaxPayloadBytes: 16 * 1024 * 1024,
      agentMaxPayloadBytes: 64 * 1024,
      resumeGraceMs: 30_000,
      consentTtlMs: 30 * 60_000,
      shopperRate: { messagesPerSecond: 2000, bytesPerSecond: 8 * 1024 * 1024 },
      agentRate: { messagesPerSecond: 60, bytesPerSecond: 256 * 1024 },
      trustedProxies: [],
      maxConnectionsPerIp: 200,
      maxSocketsPerAgent: 20,
      codeGuessesPerAgent: 5,
      codeGuessesPerIp: 20,
      heartbeatMs: 30_000,
      helloTimeoutMs: 10_000,
      ops: { logLevel: 'info', metricsToken: null },
      api: { siteSecrets: Object.create(null), apiSessionTtlMs: 600_000, apiSessionsPerSite: 1000, queueMax: 200, queueAwayMs: 5000 },
      webhooks: { endpoints: Object.create(null), maxAttempts: 6, backoffMs: 2000, timeoutMs: 5000, queueMax: 1000 },
      helpRequests: { perAddress: { perMinute: 20, burst: 20 }, perSite: { perMinute: 600, burst: 600 }, backendOnlySites: [] },
      assets: {
        origins: Object.assign(Object.create(null), { demo: ['http://localhost:*', 'http://127.0.0.1:*'] }),
        allowPrivate: false,
        maxBytes: 5 * 1024 * 1024,
        timeoutMs: 8000,
        cacheBytes: 64 * 1024 * 1024,
      },
      cluster: null,
      recordings: { daysBySite: Object.create(null), key: null, dir: 'data/recordings', databaseUrl: null, shopperDeleteWindowMs: 900_000, sweepEveryMs: 3600_000, maxBytes: 64 * 1024 * 1024 },
    });
  });

  it('treats empty strings as unset', () => {
    const config = loadConfig({
      LOOKALONG_JWT_SECRET: SECRET,
      PORT: '',
      HOST: '',
      LOOKALONG_PUBLIC_URL: '',
      LOOKALONG_SITES: '',
      LOOKALONG_AGENT_ORIGINS: '',
      LOOKALONG_AUDIT_FILE: '',
      LOOKALONG_HEARTBEAT_MS: '',
    });
    expect(config).toMatchObject({ port: 8080, host: '127.0.0.1', publicUrl: 'http://localhost:8080', auditFile: 'data/audit.jsonl', heartbeatMs: 30_000 });
    expect(config.sites).toHaveProperty('demo');
  });

  it('derives the default public URL from PORT', () => {
    expect(loadConfig({ LOOKALONG_JWT_SECRET: SECRET, PORT: '3000' }).publicUrl).toBe('http://localhost:3000');
  });

  it('reads overrides', () => {
    const config = loadConfig({
      LOOKALONG_JWT_SECRET: SECRET,
      PORT: '0',
      HOST: '0.0.0.0',
      LOOKALONG_AUDIT_FILE: '/var/log/audit.jsonl',
      LOOKALONG_CHECKPOINT_MAX_BYTES: '65536',
      LOOKALONG_AGENT_MAX_PAYLOAD_BYTES: '32768',
      LOOKALONG_RESUME_GRACE_MS: '100',
      LOOKALONG_TRUSTED_PROXIES: '10.0.0.1, ::ffff:10.0.0.2',
      LOOKALONG_API_SESSIONS_PER_SITE: '5',
    });
    expect(config).toMatchObject({
      trustedProxies: ['10.0.0.1', '10.0.0.2'],
      api: { apiSessionsPerSite: 5 },
      port: 0,
      host: '0.0.0.0',
      auditFile: '/var/log/audit.jsonl',
      checkpointMaxBytes: 65536,
      agentMaxPayloadBytes: 32768,
      resumeGraceMs: 100,
    });
  });

  it('documents every setting in SETTINGS_HELP', () => {
    const names = SETTINGS_HELP.map(([name]) => name);
    expect(names).toContain('PORT');
    expect(names).toContain('LOOKALONG_JWT_SECRET');
    expect(names).toContain('LOOKALONG_SITES');
    expect(new Set(names).size).toBe(names.length);
  });
});

describe('loadConfig: integer settings', () => {
  it.each(['abc', '80.5', '-1', '65536', '1e9', 'NaN', '0x50', '  ', ' 80'])('rejects PORT=%s with one readable line', (port) => {
    expect(problemsOf({ LOOKALONG_JWT_SECRET: SECRET, PORT: port })).toEqual([`PORT must be an integer between 0 and 65535, got "${port}"`]);
  });

  it('reports each trusted proxy that is no exact IP address on its own line', () => {
    expect(problemsOf({ LOOKALONG_JWT_SECRET: SECRET, LOOKALONG_TRUSTED_PROXIES: '10.0.0.0/8,10.0.0.1,lb.internal' })).toEqual([
      'LOOKALONG_TRUSTED_PROXIES: "10.0.0.0/8" must be an exact IPv4 or IPv6 address (no range, port or host name)',
      'LOOKALONG_TRUSTED_PROXIES: "lb.internal" must be an exact IPv4 or IPv6 address (no range, port or host name)',
    ]);
  });

  it('keeps a value with a newline on one error line', () => {
    const problems = problemsOf({ LOOKALONG_JWT_SECRET: SECRET, PORT: 'a\nb' });
    expect(problems).toHaveLength(1);
    expect(problems[0]).not.toContain('\n');
  });

  it('accepts the PORT bounds 0 and 65535', () => {
    expect(loadConfig({ LOOKALONG_JWT_SECRET: SECRET, PORT: '65535' }).port).toBe(65535);
    expect(loadConfig({ LOOKALONG_JWT_SECRET: SECRET, PORT: '0' }).port).toBe(0);
  });

  it('rejects byte caps below their minimum', () => {
    expect(problemsOf({ LOOKALONG_JWT_SECRET: SECRET, LOOKALONG_CHECKPOINT_MAX_BYTES: '1024' })).toEqual([
      'LOOKALONG_CHECKPOINT_MAX_BYTES must be an integer between 65536 and 1073741824, got "1024"',
    ]);
    expect(problemsOf({ LOOKALONG_JWT_SECRET: SECRET, LOOKALONG_HEARTBEAT_MS: '999' })).toEqual([
      'LOOKALONG_HEARTBEAT_MS must be an integer between 1000 and 3600000, got "999"',
    ]);
  });
});

describe('loadConfig: JWT secret', () => {
  it('requires a secret', () => {
    const missing = 'LOOKALONG_JWT_SECRET is required (outside production, npm start generates a dev secret), or set LOOKALONG_JWT_PUBLIC_KEY';
    expect(problemsOf({})).toEqual([missing]);
    expect(problemsOf({ LOOKALONG_JWT_SECRET: '' })).toEqual([missing]);
  });

  it('rejects a short secret with a readable line giving its byte length', () => {
    expect(problemsOf({ LOOKALONG_JWT_SECRET: 'short' })).toEqual(['LOOKALONG_JWT_SECRET must be at least 32 bytes, got 5']);
    expect(problemsOf({ LOOKALONG_JWT_SECRET: 'x'.repeat(31) })).toEqual(['LOOKALONG_JWT_SECRET must be at least 32 bytes, got 31']);
  });

  it('does not echo the secret itself in the problem line', () => {
    const [line] = problemsOf({ LOOKALONG_JWT_SECRET: 'hunter2-secret' });
    expect(line).not.toContain('hunter2');
  });

  it('counts UTF-8 bytes, not characters', () => {
    // 11 euro signs are 11 characters but 33 bytes.
    expect(loadConfig({ LOOKALONG_JWT_SECRET: '€'.repeat(11) }).agentTokens.key.export().toString('utf8')).toBe('€'.repeat(11));
  });
});

describe('loadConfig: public URL', () => {
  it('normalises LOOKALONG_PUBLIC_URL to its origin', () => {
    const env = { LOOKALONG_JWT_SECRET: SECRET };
    expect(loadConfig({ ...env, LOOKALONG_PUBLIC_URL: 'https://Help.Shop.Example/lookalong/?x=1#y' }).publicUrl).toBe('https://help.shop.example');
    expect(loadConfig({ ...env, LOOKALONG_PUBLIC_URL: 'https://help.example:443/' }).publicUrl).toBe('https://help.example');
    expect(loadConfig({ ...env, LOOKALONG_PUBLIC_URL: 'http://help.example:8443' }).publicUrl).toBe('http://help.example:8443');
  });

  it.each(['not a url', 'ftp://help.example', 'javascript:alert(1)', 'help.example'])('rejects LOOKALONG_PUBLIC_URL=%s', (raw) => {
    expect(problemsOf({ LOOKALONG_JWT_SECRET: SECRET, LOOKALONG_PUBLIC_URL: raw })).toEqual([
      `LOOKALONG_PUBLIC_URL must be an http(s) URL, got "${raw}"`,
    ]);
  });
});

describe('loadConfig: LOOKALONG_SITES', () => {
  const env = (sites: string): NodeJS.ProcessEnv => ({ LOOKALONG_JWT_SECRET: SECRET, LOOKALONG_SITES: sites });

  it('reads a valid site map', () => {
    const sites = { shop: ['https://shop.example', 'https://www.shop.example:8443', 'self'], dev_1: ['http://localhost:*'] };
    expect({ ...loadConfig(env(JSON.stringify(sites))).sites }).toStrictEqual(sites);
  });

  it('refuses a __proto__ site key instead of replacing the map prototype', () => {
    const problems = problemsOf(env('{"__proto__":["https://evil.example"],"shop":["https://shop.example"]}'));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain('site key "__proto__"');
  });

  it('has no inherited sites (constructor, toString are not site keys)', () => {
    const { sites } = loadConfig(env('{"shop":["https://shop.example"]}'));
    expect(Object.hasOwn(sites, 'constructor')).toBe(false);
    expect((sites as Record<string, unknown>)['constructor']).toBeUndefined();
  });

  it('reports invalid JSON', () => {
    expect(problemsOf(env('{shop:["https://shop.example"]}'))).toEqual(['LOOKALONG_SITES must be JSON like {"shop":["https://shop.example"]}']);
  });

  it('reports JSON that is not an object', () => {
    for (const raw of ['["https://shop.example"]', 'null', '"shop"', '1']) {
      expect(problemsOf(env(raw))).toEqual(['LOOKALONG_SITES must be a JSON object of site key -> array of origins']);
    }
  });

  it.each([
    ['a path', 'https://shop.example/'],
    ['uppercase', 'https://Shop.example'],
    ['no scheme', 'shop.example'],
    ['a non-http scheme', 'ftp://shop.example'],
    ['a wildcard host', 'https://*.shop.example'],
    ['userinfo', 'https://user@shop.example'],
    ['a port wildcard not at the end', 'https://shop.example:*/x'],
    ['the word null', 'null'],
  ])('reports an origin with %s', (_label, origin) => {
    expect(problemsOf(env(JSON.stringify({ shop: [origin] })))).toEqual([
      `LOOKALONG_SITES: site "shop" origin "${origin}" must look like https://shop.example[:port] (or :* for any port, or "self")`,
    ]);
  });

  it('reports a bad site key', () => {
    expect(problemsOf(env(JSON.stringify({ 'bad key!': ['https://shop.example'] })))).toEqual([
      'LOOKALONG_SITES: site key "bad key!" must be 1-64 letters, digits, _ or -',
    ]);
    expect(problemsOf(env(JSON.stringify({ ['k'.repeat(65)]: ['https://shop.example'] })))).toHaveLength(1);
  });

  it('reports a site that does not map to an array of strings', () => {
    for (const origins of ['https://shop.example', [1], null, { a: 'b' }]) {
      expect(problemsOf(env(JSON.stringify({ shop: origins })))).toEqual([
        'LOOKALONG_SITES: site "shop" must map to an array of origin strings',
      ]);
    }
  });
});

describe('loadConfig: LOOKALONG_AGENT_ORIGINS', () => {
  it('splits, trims and drops empty entries', () => {
    const config = loadConfig({ LOOKALONG_JWT_SECRET: SECRET, LOOKALONG_AGENT_ORIGINS: ' https://desk.example , ,http://localhost:*,' });
    expect(config.agentOrigins).toEqual(['https://desk.example', 'http://localhost:*']);
  });

  it('reports each bad origin', () => {
    expect(problemsOf({ LOOKALONG_JWT_SECRET: SECRET, LOOKALONG_AGENT_ORIGINS: 'https://desk.example/,desk.example' })).toEqual([
      'LOOKALONG_AGENT_ORIGINS: "https://desk.example/" must look like https://helpdesk.example[:port]',
      'LOOKALONG_AGENT_ORIGINS: "desk.example" must look like https://helpdesk.example[:port]',
    ]);
  });
});

describe('loadConfig: LOOKALONG_HELPDESK_ORIGINS', () => {
  it('splits, trims and drops empty entries', () => {
    const config = loadConfig({ LOOKALONG_JWT_SECRET: SECRET, LOOKALONG_HELPDESK_ORIGINS: ' https://desk.example , ,http://localhost:3000,' });
    expect(config.helpdeskOrigins).toEqual(['https://desk.example', 'http://localhost:3000']);
  });

  it('reports each origin that is not exact, one line each', () => {
    const raw = 'https://desk.example/,desk.example,http://localhost:*,https://*.desk.example,https://Desk.example,https://a.example https://b.example';
    expect(problemsOf({ LOOKALONG_JWT_SECRET: SECRET, LOOKALONG_HELPDESK_ORIGINS: raw })).toEqual(
      ['https://desk.example/', 'desk.example', 'http://localhost:*', 'https://*.desk.example', 'https://Desk.example', 'https://a.example https://b.example'].map(
        (origin) => `LOOKALONG_HELPDESK_ORIGINS: "${origin}" must be an exact origin like https://helpdesk.example[:port] (lower case, no path, no wildcard)`,
      ),
    );
  });
});

describe('loadConfig: several mistakes at once', () => {
  it('reports every mistake together, one line each', () => {
    const problems = problemsOf({
      PORT: 'eighty',
      LOOKALONG_JWT_SECRET: 'short',
      LOOKALONG_PUBLIC_URL: 'ftp://x',
      LOOKALONG_SITES: JSON.stringify({ 'bad key': ['https://ok.example'], shop: ['https://shop.example/', 'self'] }),
      LOOKALONG_AGENT_ORIGINS: 'nope',
      LOOKALONG_HEARTBEAT_MS: '5',
    });
    expect(problems).toEqual([
      'PORT must be an integer between 0 and 65535, got "eighty"',
      'LOOKALONG_PUBLIC_URL must be an http(s) URL, got "ftp://x"',
      'LOOKALONG_JWT_SECRET must be at least 32 bytes, got 5',
      'LOOKALONG_SITES: site key "bad key" must be 1-64 letters, digits, _ or -',
      'LOOKALONG_SITES: site "shop" origin "https://shop.example/" must look like https://shop.example[:port] (or :* for any port, or "self")',
      'LOOKALONG_AGENT_ORIGINS: "nope" must look like https://helpdesk.example[:port]',
      'LOOKALONG_HEARTBEAT_MS must be an integer between 1000 and 3600000, got "5"',
    ]);
    for (const line of problems) expect(line).not.toContain('\n');
  });

  it('reports every bad origin of a site, not just the first', () => {
    expect(problemsOf({ LOOKALONG_JWT_SECRET: SECRET, LOOKALONG_SITES: JSON.stringify({ shop: ['a', 'b'] }) })).toHaveLength(2);
  });
});

describe('loadConfig: agent token policy', () => {
  const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const pemOf = (key: KeyObject): string => key.export({ type: 'spki', format: 'pem' }).toString();

  it('pins RS256 for an RSA public key given as PEM text, with literal \\n as in one-line env files', () => {
    const pem = pemOf(rsa.publicKey);
    for (const raw of [pem, pem.replace(/\n/g, '\\n')]) {
      const policy = loadConfig({ LOOKALONG_JWT_PUBLIC_KEY: raw }).agentTokens;
      expect(policy.algorithm).toBe('RS256');
      expect(policy.key.equals(rsa.publicKey)).toBe(true);
    }
  });

  it('pins ES256 for a P-256 public key read from a file path', () => {
    const ec = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    const file = join(mkdtempSync(join(tmpdir(), 'lookalong-key-')), 'issuer.pem');
    writeFileSync(file, pemOf(ec.publicKey));
    expect(loadConfig({ LOOKALONG_JWT_PUBLIC_KEY: file }).agentTokens.algorithm).toBe('ES256');
  });

  it('refuses unusable keys with one line each', () => {
    const privatePem = rsa.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    expect(problemsOf({ LOOKALONG_JWT_PUBLIC_KEY: privatePem })).toEqual(['LOOKALONG_JWT_PUBLIC_KEY holds a private key: give the server the public key only']);
    expect(problemsOf({ LOOKALONG_JWT_PUBLIC_KEY: '/no/such/key.pem' })).toEqual([
      'LOOKALONG_JWT_PUBLIC_KEY must be PEM text or the path of a readable PEM file, got "/no/such/key.pem"',
    ]);
    expect(problemsOf({ LOOKALONG_JWT_PUBLIC_KEY: '-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----' })).toEqual([
      'LOOKALONG_JWT_PUBLIC_KEY is not a readable PEM public key',
    ]);
    const small = generateKeyPairSync('rsa', { modulusLength: 1024 });
    expect(problemsOf({ LOOKALONG_JWT_PUBLIC_KEY: pemOf(small.publicKey) })).toEqual([
      'LOOKALONG_JWT_PUBLIC_KEY must be an RSA key of at least 2048 bits (RS256) or a P-256 EC key (ES256), got rsa 1024 bits',
    ]);
    const p384 = generateKeyPairSync('ec', { namedCurve: 'secp384r1' });
    expect(problemsOf({ LOOKALONG_JWT_PUBLIC_KEY: pemOf(p384.publicKey) })).toEqual([
      'LOOKALONG_JWT_PUBLIC_KEY must be an RSA key of at least 2048 bits (RS256) or a P-256 EC key (ES256), got ec secp384r1',
    ]);
  });

  it('refuses a secret and a public key together', () => {
    expect(problemsOf({ LOOKALONG_JWT_SECRET: SECRET, LOOKALONG_JWT_PUBLIC_KEY: pemOf(rsa.publicKey) })).toEqual([
      'set LOOKALONG_JWT_SECRET (HS256) or LOOKALONG_JWT_PUBLIC_KEY (RS256/ES256), not both',
    ]);
  });

  it('reads issuer, maximum age and the sites-claim requirement', () => {
    const policy = loadConfig({ LOOKALONG_JWT_SECRET: SECRET, LOOKALONG_JWT_ISSUER: 'https://desk.example', LOOKALONG_JWT_MAX_AGE: '90m', LOOKALONG_REQUIRE_SITES_CLAIM: 'true' }).agentTokens;
    expect(policy).toMatchObject({ issuer: 'https://desk.example', maxAgeSeconds: 5400, requireSitesClaim: true });
    for (const [raw, seconds] of [['3600', 3600], ['60s', 60], ['12h', 43200], ['2d', 172800]] as const) {
      expect(loadConfig({ LOOKALONG_JWT_SECRET: SECRET, LOOKALONG_JWT_MAX_AGE: raw }).agentTokens.maxAgeSeconds).toBe(seconds);
    }
  });

  it('refuses bad issuer, maximum age and sites-claim settings', () => {
    expect(problemsOf({ LOOKALONG_JWT_SECRET: SECRET, LOOKALONG_JWT_ISSUER: 'has space', LOOKALONG_JWT_MAX_AGE: '31d', LOOKALONG_REQUIRE_SITES_CLAIM: 'yes' })).toEqual([
      'LOOKALONG_JWT_ISSUER must be 1-256 printable characters without spaces',
      'LOOKALONG_JWT_MAX_AGE must be a duration like 12h, 90m or 3600 (seconds) between 1 minute and 30 days, got "31d"',
      'LOOKALONG_REQUIRE_SITES_CLAIM must be true or false, got "yes"',
    ]);
    expect(problemsOf({ LOOKALONG_JWT_SECRET: SECRET, LOOKALONG_JWT_MAX_AGE: '59' })).toHaveLength(1);
    expect(problemsOf({ LOOKALONG_JWT_SECRET: SECRET, LOOKALONG_JWT_MAX_AGE: '12 h' })).toHaveLength(1);
  });
});

describe('loadConfig: abuse limits', () => {
  it('caps an agent frame at 64 KB', () => {
    expect(problemsOf({ LOOKALONG_JWT_SECRET: SECRET, LOOKALONG_AGENT_MAX_PAYLOAD_BYTES: '65537' })).toEqual([
      'LOOKALONG_AGENT_MAX_PAYLOAD_BYTES must be an integer between 1024 and 65536, got "65537"',
    ]);
  });

  it('reads the connection caps and code-guessing throttles', () => {
    const config = loadConfig({
      LOOKALONG_JWT_SECRET: SECRET,
      LOOKALONG_MAX_CONNECTIONS_PER_IP: '50',
      LOOKALONG_MAX_SOCKETS_PER_AGENT: '4',
      LOOKALONG_CODE_GUESSES_PER_AGENT: '3',
      LOOKALONG_CODE_GUESSES_PER_IP: '10',
    });
    expect(config).toMatchObject({ maxConnectionsPerIp: 50, maxSocketsPerAgent: 4, codeGuessesPerAgent: 3, codeGuessesPerIp: 10 });
    expect(problemsOf({ LOOKALONG_JWT_SECRET: SECRET, LOOKALONG_MAX_CONNECTIONS_PER_IP: '0' })).toEqual([
      'LOOKALONG_MAX_CONNECTIONS_PER_IP must be an integer between 1 and 1000000, got "0"',
    ]);
  });
});
