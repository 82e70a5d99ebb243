/**
 * `npm run token -- --name Alice [--sub alice] [--org Support] [--role agent] [--sites demo,shop2] [--hours 8]`:
 * prints an HS256 agent JWT signed with LOOKALONG_JWT_SECRET (with the configured issuer).
 */
import { parseArgs } from 'node:util';
import { isAgentRole, signAgentToken, type AgentTokenClaims } from './auth/agentToken';
import { withDevSecret } from './auth/devSecret';
import { ConfigError, loadConfig } from './config';

const USAGE = 'usage: npm run token -- --name Alice [--sub alice] [--org Support] [--role agent|supervisor|admin] [--sites demo,shop2] [--hours 8]';
const SITE_LIST = /^[A-Za-z0-9_-]{1,64}(,[A-Za-z0-9_-]{1,64})*$/;

const { values } = parseArgs({
  options: {
    name: { type: 'string' },
    sub: { type: 'string' },
    org: { type: 'string' },
    role: { type: 'string' },
    sites: { type: 'string' },
    hours: { type: 'string', default: '8' },
  },
});

/** Prints one line to stderr and exits. */
function fail(line: string, code: number): never {
  console.error(line);
  process.exit(code);
}

const hours = Number(values.hours);
if (!values.name || !Number.isFinite(hours) || hours <= 0 || (values.role !== undefined && !isAgentRole(values.role)) || (values.sites !== undefined && !SITE_LIST.test(values.sites))) {
  fail(USAGE, 2);
}
let config;
try {
  config = loadConfig(withDevSecret(process.env).env);
} catch (err) {
  if (!(err instanceof ConfigError)) throw err;
  for (const problem of err.problems) console.error(`config error: ${problem}`);
  process.exit(1);
}
const policy = config.agentTokens;
if (policy.algorithm !== 'HS256') fail(`npm run token signs HS256 tokens only; with LOOKALONG_JWT_PUBLIC_KEY set, ${policy.algorithm} tokens come from your identity provider`, 1);
if (hours * 3600 > policy.maxAgeSeconds) fail(`--hours ${values.hours} is longer than LOOKALONG_JWT_MAX_AGE (${policy.maxAgeSeconds / 3600} h): the server would refuse the token before it expires`, 2);
const sub = values.sub ?? values.name.toLowerCase().replace(/[^a-z0-9]+/g, '-');
const claims: AgentTokenClaims = { sub, name: values.name };
if (values.org) claims.org = values.org;
if (isAgentRole(values.role)) claims.role = values.role;
if (values.sites) claims.sites = values.sites.split(',');
console.log(signAgentToken(claims, policy.key, Math.round(hours * 3600), policy.issuer));
