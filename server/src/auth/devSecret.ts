/**
 * Outside production, missing secrets are replaced by random dev values kept under `data/`, so
 * `npm start` and `npm run token` agree across restarts: the JWT secret (unless the deployment
 * verifies with LOOKALONG_JWT_PUBLIC_KEY) and, when a site keeps recordings, the recording key.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** Where the generated dev JWT secret lives. */
export const DEV_SECRET_FILE = 'data/dev-jwt-secret';
/** Where the generated dev recording key lives. */
export const DEV_RECORDING_KEY_FILE = 'data/dev-recording-key';

/** The value kept in `file`, generated (32 random bytes, `encoding`) on first use. */
function keptRandomValue(file: string, encoding: 'base64url' | 'hex'): string {
  if (!existsSync(file)) {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, randomBytes(32).toString(encoding) + '\n', { mode: 0o600 });
  }
  return readFileSync(file, 'utf8').trim();
}

/** Returns env with a dev secret filled in when needed, and whether that happened. */
export function withDevSecret(env: NodeJS.ProcessEnv, file = DEV_SECRET_FILE): { env: NodeJS.ProcessEnv; devSecret: boolean } {
  if (env['LOOKALONG_JWT_SECRET'] || env['LOOKALONG_JWT_PUBLIC_KEY'] || env['NODE_ENV'] === 'production') return { env, devSecret: false };
  return { env: { ...env, LOOKALONG_JWT_SECRET: keptRandomValue(file, 'base64url') }, devSecret: true };
}

/** Returns env with a dev recording key filled in when a site keeps recordings and none is set (never in production). */
export function withDevRecordingKey(env: NodeJS.ProcessEnv, file = DEV_RECORDING_KEY_FILE): NodeJS.ProcessEnv {
  if (!env['LOOKALONG_RECORDINGS'] || env['LOOKALONG_RECORDING_KEY'] || env['NODE_ENV'] === 'production') return env;
  return { ...env, LOOKALONG_RECORDING_KEY: keptRandomValue(file, 'hex') };
}
