/**
 * Server configuration from environment variables, validated once at start-up.
 * Every mistake is reported as one readable line; start-up stops on any.
 */
import { API_SETTINGS_HELP, readApiSettings, type ApiSettings } from './api/apiSettings';
import { ASSET_SETTINGS_HELP, readAssetSettings, type AssetSettings } from './assets/assetSettings';
import { readAgentTokenPolicy, type AgentTokenPolicy } from './auth/agentTokenPolicy';
import { CLUSTER_SETTINGS_HELP, readClusterSettings, type ClusterSettings } from './bus/clusterSettings';
import type { SettingHelp } from './configHelp';
import { OPS_SETTINGS_HELP, readOpsSettings, type OpsSettings } from './ops/opsSettings';
import { RECORDING_SETTINGS_HELP, readRecordingSettings, type RecordingSettings } from './recordings/recordingSettings';
import { readTrustedProxies } from './relay/clientAddress';
import { ORIGIN_PATTERN } from './relay/originPolicy';
import type { RateLimits } from './relay/rateLimiter';
import { HELP_REQUEST_SETTINGS_HELP, readHelpRequestSettings, type HelpRequestSettings } from './relay/helpRequestSettings';
import { readHost, unknownSettings } from './settingChecks';
import { readWebhookSettings, WEBHOOK_SETTINGS_HELP, type WebhookSettings } from './webhooks/webhookSettings';

/** Site key → allowed page origins (exact `scheme://host[:port]`, `host:*` for any port, or `self`). */
export type SiteOrigins = Record<string, string[]>;

/** The validated configuration of one server process. */
export interface Config {
  host: string;
  port: number;
  /** Origin browsers use to reach this server; `self` in site origin lists means this. */
  publicUrl: string;
  /** How agent JWTs are verified: pinned algorithm and key, issuer, maximum age, sites claim. */
  agentTokens: AgentTokenPolicy;
  sites: SiteOrigins;
  /** Extra origins (helpdesks) allowed to open agent sockets, besides the console's own. */
  agentOrigins: string[];
  /** Exact origins (helpdesks) allowed to embed the agent console in an iframe, besides its own. */
  helpdeskOrigins: string[];
  auditFile: string;
  /** Where sessions are saved so they survive a restart. */
  sessionStoreFile: string;
  checkpointMaxBytes: number;
  sendBufferMaxBytes: number;
  shopperMaxPayloadBytes: number;
  agentMaxPayloadBytes: number;
  resumeGraceMs: number;
  shopperRate: RateLimits;
  agentRate: RateLimits;
  /** Proxies (normalised IP addresses) whose X-Forwarded-For names the client address; empty: the TCP peer is the client. */
  trustedProxies: string[];
  /** Most open WebSockets (shopper and agent) from one client address. */
  maxConnectionsPerIp: number;
  /** Most open agent sockets signed in as one agent (token `sub`). */
  maxSocketsPerAgent: number;
  /** Wrong session codes one agent may try per minute before its joins are refused for a while. */
  codeGuessesPerAgent: number;
  /** Wrong session codes one client address may try per minute, whatever the agent. */
  codeGuessesPerIp: number;
  /** How long a consent lasts from the grant (or the last extension). */
  consentTtlMs: number;
  heartbeatMs: number;
  /** How long a new shopper socket may stay silent before it must say hello or resume. */
  helloTimeoutMs: number;
  /** Log level and the /metrics token. */
  ops: OpsSettings;
  /** Site secrets of the shop-backend API and how long its sessions wait for a page. */
  api: ApiSettings;
  /** Per-site webhook receivers, signing secrets and retry bounds. */
  webhooks: WebhookSettings;
  /** Limits on opening help sessions (per client address, per site) and backend-only sites. */
  helpRequests: HelpRequestSettings;
  /** Which origins the asset proxy fetches from for each site, and its fetch and cache bounds. */
  assets: AssetSettings;
  /** Which sites keep consented recordings, for how long, under which key, where. */
  recordings: RecordingSettings;
  /** Redis and this node's name when the relay runs as several nodes (LOOKALONG_REDIS_URL); null on a single node. */
  cluster: ClusterSettings | null;
}

/** Raised when the environment holds invalid settings; `problems` has one line per mistake. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
    this.name = 'ConfigError';
  }
}

/** Every setting with its env var, default and meaning — printed by `--help`. */
export const SETTINGS_HELP: ReadonlyArray<SettingHelp> = [
  ['PORT', '8080', 'HTTP and WebSocket port'],
  ['HOST', '127.0.0.1', 'interface to bind'],
  ['LOOKALONG_PUBLIC_URL', 'http://localhost:$PORT', 'origin browsers use to reach this server'],
  ['LOOKALONG_JWT_SECRET', '(dev: random, kept in data/dev-jwt-secret)', 'HS256 secret for agent tokens, at least 32 bytes; required when NODE_ENV=production unless LOOKALONG_JWT_PUBLIC_KEY is set'],
  ['LOOKALONG_JWT_PUBLIC_KEY', '(none)', 'instead of the secret: PEM public key (text, or the path of a PEM file) of the token issuer; RSA >= 2048 bits pins RS256, P-256 EC pins ES256'],
  ['LOOKALONG_JWT_ISSUER', '(none)', 'when set, agent tokens must carry this iss claim'],
  ['LOOKALONG_JWT_MAX_AGE', '12h', 'oldest agent token accepted, by its iat (s, m, h or d; plain number = seconds)'],
  ['LOOKALONG_REQUIRE_SITES_CLAIM', 'false', 'true: agent tokens without a sites claim are refused; false: no claim means every site'],
  ['LOOKALONG_SITES', '{"demo":["self","http://localhost:*","http://127.0.0.1:*"]}', 'JSON: site key -> allowed shop page origins'],
  ['LOOKALONG_AGENT_ORIGINS', '(none)', 'comma-separated helpdesk origins allowed to open agent sockets'],
  ['LOOKALONG_HELPDESK_ORIGINS', '(none)', 'comma-separated exact helpdesk origins allowed to embed the agent console in an iframe'],
  ['LOOKALONG_AUDIT_FILE', 'data/audit.jsonl', 'hash-chained audit log file'],
  ['LOOKALONG_SESSION_STORE_FILE', 'data/sessions.json', 'sessions saved here survive a relay restart (resume tokens stored hashed)'],
  ['LOOKALONG_CHECKPOINT_MAX_BYTES', '8388608', 'cap of the per-session checkpoint cache'],
  ['LOOKALONG_SEND_BUFFER_MAX_BYTES', '4194304', 'per-viewer send buffer cap before it is dropped to resync'],
  ['LOOKALONG_SHOPPER_MAX_PAYLOAD_BYTES', '16777216', 'largest frame a shopper socket may send'],
  ['LOOKALONG_AGENT_MAX_PAYLOAD_BYTES', '65536', 'largest frame an agent socket may send (at most 65536)'],
  ['LOOKALONG_RESUME_GRACE_MS', '30000', 'how long a session waits for the shopper page to come back (reload, navigation)'],
  ['LOOKALONG_SHOPPER_MESSAGES_PER_SECOND', '2000', 'per shopper socket; past it (after a 2 s burst) the socket is closed with 4029'],
  ['LOOKALONG_SHOPPER_BYTES_PER_SECOND', '8388608', 'per shopper socket (a burst always fits one largest frame)'],
  ['LOOKALONG_AGENT_MESSAGES_PER_SECOND', '60', 'per agent socket'],
  ['LOOKALONG_AGENT_BYTES_PER_SECOND', '262144', 'per agent socket'],
  ['LOOKALONG_TRUSTED_PROXIES', '(none: the TCP peer is the client)', 'comma-separated exact IP addresses of reverse proxies / load balancers; from them the client address is the right-most X-Forwarded-For entry that is not one of them'],
  ['LOOKALONG_MAX_CONNECTIONS_PER_IP', '200', 'open WebSockets per client address; past it the upgrade is refused with 429'],
  ['LOOKALONG_MAX_SOCKETS_PER_AGENT', '20', 'open agent sockets per agent (token sub); past it the join is closed with 4029'],
  ['LOOKALONG_CODE_GUESSES_PER_AGENT', '5', 'wrong session codes per agent per minute; past it joins are closed with 4029 and a retry time'],
  ['LOOKALONG_CODE_GUESSES_PER_IP', '20', 'wrong session codes per client address per minute, whatever the agent'],
  ['LOOKALONG_CONSENT_TTL_MS', '1800000', 'how long a consent lasts from the grant; the shopper can extend it'],
  ['LOOKALONG_HEARTBEAT_MS', '30000', 'ping interval; a socket that misses a pong is terminated'],
  ['LOOKALONG_HELLO_TIMEOUT_MS', '10000', 'a shopper socket that says neither hello nor resume within this is closed with 4002 (it counts against the per-address connection cap until then)'],
  ...OPS_SETTINGS_HELP,
  ...HELP_REQUEST_SETTINGS_HELP,
  ...API_SETTINGS_HELP,
  ...WEBHOOK_SETTINGS_HELP,
  ...ASSET_SETTINGS_HELP,
  ...CLUSTER_SETTINGS_HELP,
  ...RECORDING_SETTINGS_HELP,
];

/** Reads and validates the configuration; throws ConfigError listing every mistake. */
export function loadConfig(env: NodeJS.ProcessEnv): Config {
  const problems: string[] = [];
  const int = (name: string, fallback: number, min: number, max: number): number => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const value = /^\d+$/.test(raw) ? Number(raw) : NaN;
    if (!Number.isSafeInteger(value) || value < min || value > max) {
      problems.push(`${name} must be an integer between ${min} and ${max}, got ${JSON.stringify(raw)}`);
      return fallback;
    }
    return value;
  };

  const port = int('PORT', 8080, 0, 65535);
  const publicUrl = readPublicUrl(env['LOOKALONG_PUBLIC_URL'], port, problems);
  const agentTokens = readAgentTokenPolicy(env, problems);
  const settings: Omit<Config, 'agentTokens' | 'ops' | 'api' | 'webhooks' | 'assets' | 'cluster' | 'helpRequests' | 'recordings'> = {
    host: readHost(env['HOST'], problems),
    port,
    publicUrl,
    sites: readSites(env['LOOKALONG_SITES'], problems),
    agentOrigins: readOriginList(env['LOOKALONG_AGENT_ORIGINS'], problems),
    helpdeskOrigins: readExactOriginList(env['LOOKALONG_HELPDESK_ORIGINS'], problems),
    auditFile: env['LOOKALONG_AUDIT_FILE'] || 'data/audit.jsonl',
    sessionStoreFile: env['LOOKALONG_SESSION_STORE_FILE'] || 'data/sessions.json',
    checkpointMaxBytes: int('LOOKALONG_CHECKPOINT_MAX_BYTES', 8 * 1024 * 1024, 64 * 1024, 1024 * 1024 * 1024),
    sendBufferMaxBytes: int('LOOKALONG_SEND_BUFFER_MAX_BYTES', 4 * 1024 * 1024, 64 * 1024, 1024 * 1024 * 1024),
    shopperMaxPayloadBytes: int('LOOKALONG_SHOPPER_MAX_PAYLOAD_BYTES', 16 * 1024 * 1024, 64 * 1024, 256 * 1024 * 1024),
    agentMaxPayloadBytes: int('LOOKALONG_AGENT_MAX_PAYLOAD_BYTES', 64 * 1024, 1024, 64 * 1024),
    resumeGraceMs: int('LOOKALONG_RESUME_GRACE_MS', 30_000, 100, 24 * 3600_000),
    consentTtlMs: int('LOOKALONG_CONSENT_TTL_MS', 30 * 60_000, 1000, 24 * 3600_000),
    shopperRate: {
      messagesPerSecond: int('LOOKALONG_SHOPPER_MESSAGES_PER_SECOND', 2000, 1, 10_000_000),
      bytesPerSecond: int('LOOKALONG_SHOPPER_BYTES_PER_SECOND', 8 * 1024 * 1024, 1024, 1024 * 1024 * 1024),
    },
    agentRate: {
      messagesPerSecond: int('LOOKALONG_AGENT_MESSAGES_PER_SECOND', 60, 1, 10_000_000),
      bytesPerSecond: int('LOOKALONG_AGENT_BYTES_PER_SECOND', 256 * 1024, 1024, 1024 * 1024 * 1024),
    },
    trustedProxies: readTrustedProxies(env['LOOKALONG_TRUSTED_PROXIES'], problems),
    maxConnectionsPerIp: int('LOOKALONG_MAX_CONNECTIONS_PER_IP', 200, 1, 1_000_000),
    maxSocketsPerAgent: int('LOOKALONG_MAX_SOCKETS_PER_AGENT', 20, 1, 100_000),
    codeGuessesPerAgent: int('LOOKALONG_CODE_GUESSES_PER_AGENT', 5, 1, 1_000_000),
    codeGuessesPerIp: int('LOOKALONG_CODE_GUESSES_PER_IP', 20, 1, 1_000_000),
    heartbeatMs: int('LOOKALONG_HEARTBEAT_MS', 30_000, 1000, 3600_000),
    helloTimeoutMs: int('LOOKALONG_HELLO_TIMEOUT_MS', 10_000, 100, 600_000),
  };
  const siteKeys = Object.keys(settings.sites);
  const ops = readOpsSettings(env, problems);
  const api = readApiSettings(env, int, siteKeys, problems);
  const webhooks = readWebhookSettings(env, int, siteKeys, api.siteSecrets, problems);
  const helpRequests = readHelpRequestSettings(env, int, siteKeys, Object.keys(api.siteSecrets), problems);
  const assets = readAssetSettings(env, int, settings.sites, problems);
  const cluster = readClusterSettings(env, problems);
  const recordings = readRecordingSettings(env, int, siteKeys, cluster !== null, problems);
  problems.push(...unknownSettings(env, SETTINGS_HELP.map(([name]) => name)));
  if (problems.length || !agentTokens) throw new ConfigError(problems);
  return { ...settings, agentTokens, ops, api, webhooks, assets, cluster, helpRequests, recordings };
}

function readPublicUrl(raw: string | undefined, port: number, problems: string[]): string {
  if (!raw) return `http://localhost:${port}`;
  try {
    const url = new URL(raw);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('scheme');
    return url.origin;
  } catch {
    problems.push(`LOOKALONG_PUBLIC_URL must be an http(s) URL, got "${raw}"`);
    return `http://localhost:${port}`;
  }
}

function readSites(raw: string | undefined, problems: string[]): SiteOrigins {
  if (!raw) return { demo: ['self', 'http://localhost:*', 'http://127.0.0.1:*'] };
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    problems.push('LOOKALONG_SITES must be JSON like {"shop":["https://shop.example"]}');
    return {};
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    problems.push('LOOKALONG_SITES must be a JSON object of site key -> array of origins');
    return {};
  }
  const sites: SiteOrigins = Object.create(null) as SiteOrigins;
  for (const [key, origins] of Object.entries(parsed)) {
    if (!/^[A-Za-z0-9_-]{1,64}$/.test(key) || key === '__proto__') problems.push(`LOOKALONG_SITES: site key "${key}" must be 1-64 letters, digits, _ or -`);
    if (!Array.isArray(origins) || origins.some((o) => typeof o !== 'string')) {
      problems.push(`LOOKALONG_SITES: site "${key}" must map to an array of origin strings`);
      continue;
    }
    for (const origin of origins as string[]) {
      if (origin !== 'self' && !ORIGIN_PATTERN.test(origin)) {
        problems.push(`LOOKALONG_SITES: site "${key}" origin "${origin}" must look like https://shop.example[:port] (or :* for any port, or "self")`);
      }
    }
    sites[key] = origins as string[];
  }
  return sites;
}

function readOriginList(raw: string | undefined, problems: string[]): string[] {
  if (!raw) return [];
  const origins = raw.split(',').map((s) => s.trim()).filter(Boolean);
  for (const origin of origins) {
    if (!ORIGIN_PATTERN.test(origin)) problems.push(`LOOKALONG_AGENT_ORIGINS: "${origin}" must look like https://helpdesk.example[:port]`);
  }
  return origins;
}

const EXACT_ORIGIN_PATTERN = /^https?:\/\/[a-z0-9.-]+(:\d{1,5})?$/;

/** Exact origins only: they go into the console's CSP `frame-ancestors`, so no paths, wildcards or spaces. */
function readExactOriginList(raw: string | undefined, problems: string[]): string[] {
  if (!raw) return [];
  const origins = raw.split(',').map((s) => s.trim()).filter(Boolean);
  for (const origin of origins) {
    if (!EXACT_ORIGIN_PATTERN.test(origin)) {
      problems.push(`LOOKALONG_HELPDESK_ORIGINS: "${origin}" must be an exact origin like https://helpdesk.example[:port] (lower case, no path, no wildcard)`);
    }
  }
  return origins;
}
