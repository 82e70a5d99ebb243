/** `npm run token -- --name Alice [--sub alice] [--org Support] [--role agent] [--hours 8]`: prints an agent JWT. */
import { parseArgs } from 'node:util';
import { isAgentRole, signAgentToken, type AgentTokenClaims } from './auth/agentToken';
import { withDevSecret } from './auth/devSecret';
import { ConfigError, loadConfig } from './config';

const { values } = parseArgs({
  options: {
    name: { type: 'string' },
    sub: { type: 'string' },
    org: { type: 'string' },
    role: { type: 'string' },
    hours: { type: 'string', default: '8' },
  },
});

const hours = Number(values.hours);
if (!values.name || !Number.isFinite(hours) || hours <= 0 || (values.role !== undefined && !isAgentRole(values.role))) {
  console.error('usage: npm run token -- --name Alice [--sub alice] [--org Support] [--role agent|supervisor|admin] [--hours 8]');
  process.exit(2);
}
try {
  const config = loadConfig(withDevSecret(process.env).env);
  const sub = values.sub ?? values.name.toLowerCase().replace(/[^a-z0-9]+/g, '-');
  const claims: AgentTokenClaims = { sub, name: values.name };
  if (values.org) claims.org = values.org;
  if (isAgentRole(values.role)) claims.role = values.role;
  console.log(signAgentToken(claims, config.jwtSecret, Math.round(hours * 3600)));
} catch (err) {
  if (!(err instanceof ConfigError)) throw err;
  for (const problem of err.problems) console.error(`config error: ${problem}`);
  process.exit(1);
}
