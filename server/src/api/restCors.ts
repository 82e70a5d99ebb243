/**
 * Explicit CORS for the REST API (`/api/*`): the console calls it from its own origin and needs
 * none; only configured helpdesk origins get an `Access-Control-Allow-Origin` (their own, never
 * `*`, no credentials: the API takes bearer tokens, not cookies). Any other Origin is refused.
 */
import type { RequestHandler } from 'express';
import { isOriginAllowed, isSameOrigin } from '../relay/originPolicy';

/** How long a browser may cache a preflight answer, in seconds. */
const PREFLIGHT_MAX_AGE_SECONDS = 600;

/** Middleware for `/api`: `allowedOrigins` are origin patterns (see isOriginAllowed). */
export function restCors(allowedOrigins: readonly string[], selfOrigin: string): RequestHandler {
  return (req, res, next) => {
    res.vary('Origin');
    const origin = req.get('origin');
    if (origin === undefined || isSameOrigin(origin, req.get('host'), selfOrigin)) {
      next();
      return;
    }
    if (!isOriginAllowed(origin, allowedOrigins, selfOrigin)) {
      res.status(403).json({ error: 'origin not allowed' });
      return;
    }
    res.setHeader('Access-Control-Allow-Origin', origin);
    if (req.method !== 'OPTIONS') {
      next();
      return;
    }
    res.setHeader('Access-Control-Allow-Methods', 'GET, POST, DELETE');
    res.setHeader('Access-Control-Allow-Headers', 'Authorization');
    res.setHeader('Access-Control-Max-Age', String(PREFLIGHT_MAX_AGE_SECONDS));
    res.status(204).end();
  };
}
