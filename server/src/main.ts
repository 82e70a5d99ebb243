/**
 * `npm start`: validates configuration, starts the server and logs where everything is (JSON,
 * pino). `--help` prints every setting; configuration mistakes go to stderr as plain lines, and
 * the dev-only secret and sign-in link as plain text for the human at the terminal (never logged).
 */
import { signAgentToken } from './auth/agentToken';
import { withDevRecordingKey, withDevSecret } from './auth/devSecret';
import { ConfigError, loadConfig, SETTINGS_HELP } from './config';
import { settingsHelpText } from './configHelp';
import { startLookalongServer } from './lookalongServer';
import { logger } from './ops/logger';

async function main(): Promise<void> {
  if (process.argv.includes('--help') || process.argv.includes('-h')) {
    process.stdout.write(settingsHelpText(SETTINGS_HELP));
    return;
  }
  const { env, devSecret } = withDevSecret(withDevRecordingKey(process.env));
  let config;
  try {
    config = loadConfig(env);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    process.stderr.write(err.problems.map((problem) => `config error: ${problem}\n`).join(''));
    process.exit(1);
  }
  logger.level = config.ops.logLevel;
  const server = await startLookalongServer(config);
  const base = config.publicUrl;
  logger.info({ url: server.url, publicUrl: base, demoShop: `${base}/demo/`, agentConsole: `${base}/agent/`, sdk: `${base}/sdk.js`, metrics: `${base}/metrics` }, 'Lookalong listening');
  if (server.restored) logger.info({ sessions: server.restored, from: config.cluster ? 'redis' : config.sessionStoreFile }, 'resumed saved sessions');
  if (devSecret) {
    const say = (line: string): boolean => process.stdout.write(`${line}\n`);
    say(`  Dev JWT secret: ${env['LOOKALONG_JWT_SECRET']}  (generated, kept in data/dev-jwt-secret; set LOOKALONG_JWT_SECRET in production)`);
    const lifetimeSeconds = Math.min(8 * 3600, config.agentTokens.maxAgeSeconds);
    const token = signAgentToken({ sub: 'dev-alice', name: 'Alice', org: 'Support' }, config.agentTokens.key, lifetimeSeconds, config.agentTokens.issuer);
    say(`  Dev agent token (Alice, ${+(lifetimeSeconds / 3600).toFixed(2)} h): ${token}`);
    say(`  Demo shop: ${base}/demo/  ·  Sign in as Alice: ${base}/agent/#token=${token}`);
    if (Object.keys(config.recordings.daysBySite).length > 0) {
      const supervisor = signAgentToken({ sub: 'dev-sam', name: 'Sam', org: 'Support', role: 'supervisor' }, config.agentTokens.key, lifetimeSeconds, config.agentTokens.issuer);
      say(`  Recordings (${Object.keys(config.recordings.daysBySite).join(', ')}): review as Sam (supervisor): ${base}/agent/review/#token=${supervisor}`);
    }
  }
  const shutdown = (signal: string): void => {
    logger.info({ signal }, 'shutting down: sessions saved, clients told to reconnect');
    void server.close().then(() => process.exit(0));
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

void main();
