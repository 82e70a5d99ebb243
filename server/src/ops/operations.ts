/**
 * Operations and integrations of one server, wired around its relay: the Prometheus registry,
 * readiness checks, webhooks (fed by the audit log, like the consent and session counters),
 * and the routers for /readyz, /metrics and the shop-backend API.
 */
import type { UnclaimedLedger } from '../api/unclaimedSessions';
import { constants } from 'node:fs';
import { access } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Router } from 'express';
import { collectDefaultMetrics, Registry } from 'prom-client';
import type { SessionState } from '../../../protocol/messages';
import { openapiRouter } from '../api/openapiRoute';
import { sessionCreateRouter } from '../api/sessionCreateRoute';
import { sessionEndRouter } from '../api/sessionEndRoute';
import { siteSecretMatcher } from '../api/siteSecretAuth';
import type { AuditLog } from '../audit/auditLog';
import type { Config } from '../config';
import type { RelayCounters } from '../relay/relayCounters';
import type { SessionRegistry } from '../sessions/sessionRegistry';
import { WebhookDispatcher } from '../webhooks/webhookDispatcher';
import { webhookEventOf } from '../webhooks/webhookEvent';
import { registerAuditMetrics } from './auditMetrics';
import { logger } from './logger';
import { opsRouter } from './opsRoutes';
import { Readiness } from './readiness';
import { registerRelayMetrics, type SocketCounts } from './relayMetrics';
import { registerWebhookMetrics } from './webhookMetrics';

/** What the operations read from the server around them. */
export interface OperationsOptions {
  config: Config;
  counters: RelayCounters;
  audit: AuditLog;
  registry: SessionRegistry;
  /** Open sockets by role (read at scrape time). */
  sockets(): SocketCounts;
  /** With several nodes: the unclaimed API sessions of every node (else this node counts its own). */
  sharedUnclaimed?: UnclaimedLedger<{ id: string }>;
}

/** The operations of one server. */
export interface Operations {
  /** Add checks here (e.g. "Redis reachable"); `/readyz` runs them all. */
  readiness: Readiness;
  metrics: Registry;
  /** `/readyz`, `/metrics`, `/api/openapi.json`, `POST /api/sessions`, `POST /api/sessions/:code/end`. */
  routers: Router[];
  /** Shutdown begins: `/readyz` turns 503 and webhook deliveries stop. */
  shutdown(): void;
}

/** Sets up metrics, readiness, webhooks and their routes. */
export function startOperations({ config, counters, audit, registry, sockets, sharedUnclaimed }: OperationsOptions): Operations {
  const metrics = new Registry();
  collectDefaultMetrics({ register: metrics });
  registerRelayMetrics(metrics, {
    counters,
    sessionStates: (): SessionState[] => registry.queue().map(({ room }) => room.state),
    sockets,
  });
  audit.onRecord(registerAuditMetrics(metrics));
  const webhooks: WebhookDispatcher = new WebhookDispatcher(config.webhooks, registerWebhookMetrics(metrics, () => webhooks.depths()));
  audit.onRecord((entry) => {
    const event = webhookEventOf(entry);
    if (event) webhooks.enqueue(event);
  });

  let stopping = false;
  const readiness = new Readiness((check, failing, reason) => {
    if (failing) logger.warn({ check, reason: reason instanceof Error ? reason.message : String(reason) }, 'readiness check failing');
    else logger.info({ check }, 'readiness check passing again');
  });
  readiness.add({ name: 'accepting', probe: () => {
    if (stopping) throw new Error('shutting down');
  } });
  readiness.add({ name: 'audit-log', probe: () => access(dirname(config.auditFile), constants.W_OK) });

  const siteOf = siteSecretMatcher(config.api.siteSecrets);
  const routers = [
    opsRouter({ readiness, metrics, metricsToken: config.ops.metricsToken }),
    openapiRouter(),
    sessionCreateRouter({ sessions: registry, siteOf, ttlMs: config.api.apiSessionTtlMs, maxUnclaimedPerSite: config.api.apiSessionsPerSite, sharedUnclaimed }),
    sessionEndRouter({ sessions: registry, tokenPolicy: config.agentTokens, siteOf }),
  ];
  return {
    readiness,
    metrics,
    routers,
    shutdown: () => {
      stopping = true;
      webhooks.close();
    },
  };
}
