/**
 * `GET /readyz` (200 when every readiness check passes, else 503) and `GET /metrics`
 * (Prometheus text format; with LOOKALONG_METRICS_TOKEN set, only for `Authorization: Bearer <token>`).
 * `/healthz` (alive) stays in app.ts: it never depends on anything.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { Router, type Request } from 'express';
import type { Registry } from 'prom-client';
import { bearerTokenOf } from '../api/bearerToken';
import type { Readiness } from './readiness';

/** What the routes read from. */
export interface OpsRouteOptions {
  readiness: Readiness;
  metrics: Registry;
  /** Bearer token `/metrics` requires, or null for an open endpoint. */
  metricsToken: string | null;
}

/** Constant-time comparison of the request's bearer token with `expected`. */
function hasBearer(req: Request, expected: string): boolean {
  const presented = bearerTokenOf(req);
  if (presented === undefined) return false;
  const digest = (text: string): Buffer => createHash('sha256').update(text).digest();
  return timingSafeEqual(digest(presented), digest(expected));
}

/** Builds the router serving `/readyz` and `/metrics`. */
export function opsRouter({ readiness, metrics, metricsToken }: OpsRouteOptions): Router {
  const router = Router();
  router.get('/readyz', async (_req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    const report = await readiness.report();
    res.status(report.ready ? 200 : 503).json(report);
  });
  router.get('/metrics', async (req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    if (metricsToken !== null && !hasBearer(req, metricsToken)) {
      res.setHeader('WWW-Authenticate', 'Bearer');
      res.status(401).json({ error: 'a valid bearer token is required' });
      return;
    }
    res.type(metrics.contentType).send(await metrics.metrics());
  });
  return router;
}
