/** `npm start`: validates configuration, starts the server and prints where everything is. */
import { signAgentToken } from './auth/agentToken';
import { withDevSecret } from './auth/devSecret';
import { ConfigError, loadConfig, SETTINGS_HELP } from './config';
import { startLookalongServer } from './lookalongServer';

function printHelp(): void {
  console.log('Usage: npm start [-- --help]\n\nSettings (environment variables):');
  for (const [name, fallback, meaning] of SETTINGS_HELP) console.log(`  ${name.padEnd(36)} ${meaning}\n  ${''.padEnd(36)} default: ${fallback}`);
}

async function main(): Promise<void> {
  if (process.argv.includes('--help') || process.argv.includes('-h')) {
    printHelp();
    return;
  }
  const { env, devSecret } = withDevSecret(process.env);
  let config;
  try {
    config = loadConfig(env);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    for (const problem of err.problems) console.error(`config error: ${problem}`);
    process.exit(1);
  }
  const server = await startLookalongServer(config);
  const base = config.publicUrl;
  console.log(`Lookalong listening on ${server.url} (public URL ${base})`);
  if (server.restored) console.log(`  Resumed ${server.restored} session(s) saved in ${config.sessionStoreFile}`);
  console.log(`  Demo shop:      ${base}/demo/`);
  console.log(`  Agent console:  ${base}/agent/`);
  console.log(`  SDK:            ${base}/sdk.js`);
  if (devSecret) {
    console.log(`  Dev JWT secret: ${config.jwtSecret}  (generated, kept in data/dev-jwt-secret; set LOOKALONG_JWT_SECRET in production)`);
    const token = signAgentToken({ sub: 'dev-alice', name: 'Alice', org: 'Support' }, config.jwtSecret);
    console.log(`  Dev agent token (Alice, 8 h): ${token}`);
    console.log(`  Sign in as Alice: ${base}/agent/#token=${token}`);
  }
  const shutdown = (): void => {
    void server.close().then(() => process.exit(0));
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

void main();
