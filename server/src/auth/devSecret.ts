/**
 * Outside production, a missing LOOKALONG_JWT_SECRET is replaced by a random dev secret kept
 * in `data/dev-jwt-secret`, so `npm start` and `npm run token` agree across restarts. A
 * deployment that verifies with LOOKALONG_JWT_PUBLIC_KEY gets no dev secret.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** Where the generated dev secret lives. */
export const DEV_SECRET_FILE = 'data/dev-jwt-secret';

/** Returns env with a dev secret filled in when needed, and whether that happened. */
export function withDevSecret(env: NodeJS.ProcessEnv, file = DEV_SECRET_FILE): { env: NodeJS.ProcessEnv; devSecret: boolean } {
  if (env['LOOKALONG_JWT_SECRET'] || env['LOOKALONG_JWT_PUBLIC_KEY'] || env['NODE_ENV'] === 'production') return { env, devSecret: false };
  if (!existsSync(file)) {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, randomBytes(32).toString('base64url') + '\n', { mode: 0o600 });
  }
  return { env: { ...env, LOOKALONG_JWT_SECRET: readFileSync(file, 'utf8').trim() }, devSecret: true };
}
