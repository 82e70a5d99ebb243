/** Operations settings: log level and the optional bearer token of `/metrics`. */
import type { LevelWithSilent } from 'pino';
import type { SettingHelp } from '../configHelp';
import { isLogLevel, LOG_LEVELS } from './logger';

/** The validated operations settings. */
export interface OpsSettings {
  logLevel: LevelWithSilent;
  /** When set, `GET /metrics` requires `Authorization: Bearer <token>`. */
  metricsToken: string | null;
}

/** Shortest metrics token accepted. */
const MIN_METRICS_TOKEN_CHARS = 16;

/** `--help` rows of these settings. */
export const OPS_SETTINGS_HELP: readonly SettingHelp[] = [
  ['LOOKALONG_LOG_LEVEL', 'info', `JSON log level: ${LOG_LEVELS.join(', ')}`],
  ['LOOKALONG_METRICS_TOKEN', '(none: /metrics is open)', `bearer token required by GET /metrics, at least ${MIN_METRICS_TOKEN_CHARS} characters`],
];

/** Reads the operations settings, adding one line to `problems` per mistake. */
export function readOpsSettings(env: NodeJS.ProcessEnv, problems: string[]): OpsSettings {
  const level = env['LOOKALONG_LOG_LEVEL'] || 'info';
  if (!isLogLevel(level)) problems.push(`LOOKALONG_LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got ${JSON.stringify(level)}`);
  const token = env['LOOKALONG_METRICS_TOKEN'] || null;
  if (token !== null && (token.length < MIN_METRICS_TOKEN_CHARS || /\s/.test(token))) {
    problems.push(`LOOKALONG_METRICS_TOKEN must be at least ${MIN_METRICS_TOKEN_CHARS} characters without spaces, got ${token.length}`);
  }
  return { logLevel: isLogLevel(level) ? level : 'info', metricsToken: token };
}
