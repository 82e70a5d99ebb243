/**
 * The server's structured JSON logger (pino). Secrets never reach a log line: tokens, tickets,
 * session codes, resume tokens, site and signing secrets and Authorization headers are censored
 * wherever they appear as fields (top level or up to two levels down). Messages themselves are
 * constant text; anything variable goes into fields, so redaction can see it.
 */
import { pino, type DestinationStream, type LevelWithSilent, type Logger } from 'pino';

/** Levels LOOKALONG_LOG_LEVEL accepts, most to least verbose, then `silent`. */
export const LOG_LEVELS: readonly LevelWithSilent[] = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'];

/** Field names whose values are secrets or let a stranger join a session. */
const SECRET_FIELDS = ['token', 'jwt', 'ticket', 'sessionCode', 'resumeToken', 'shopperToken', 'secret', 'siteSecret', 'authorization', 'Authorization', 'password'];

/**
 * pino `redact` paths: each secret field at the top level and one or two objects down, a
 * session's `code` (not `err.code`, which names a system error), and request headers.
 */
const REDACTED_PATHS: readonly string[] = [
  ...SECRET_FIELDS.flatMap((field) => [field, `*.${field}`, `*.*.${field}`]),
  'code',
  'session.code',
  'room.code',
  'req.headers.authorization',
  'req.headers.cookie',
  'headers.authorization',
  'headers.cookie',
];

/** What replaces a redacted value. */
export const REDACTED = '[redacted]';

/** Whether `value` is a level LOOKALONG_LOG_LEVEL accepts. */
export function isLogLevel(value: string): value is LevelWithSilent {
  return (LOG_LEVELS as readonly string[]).includes(value);
}

/** A logger with the redaction rules; `destination` defaults to stdout (tests pass a stream). */
export function createLogger(level: LevelWithSilent, destination?: DestinationStream): Logger {
  const options = { level, base: { service: 'lookalong' }, redact: { paths: [...REDACTED_PATHS], censor: REDACTED } };
  return destination ? pino(options, destination) : pino(options);
}

const fromEnv = process.env['LOOKALONG_LOG_LEVEL'] ?? '';

/**
 * The process's logger. Starts at LOOKALONG_LOG_LEVEL when that is a valid level (so modules
 * log correctly before configuration is read; tests may set `silent`), else `info`; `main`
 * applies the validated setting.
 */
export const logger: Logger = createLogger(isLogLevel(fromEnv) ? fromEnv : 'info');
