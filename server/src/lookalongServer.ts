/** Composes one Lookalong server process: HTTP app, relay endpoints, session registry, audit log. */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { stillUnclaimedIn } from './api/unclaimedSessions';
import { recordingsRouter } from './api/recordingsRoute';
import { shopperDeletionRouter } from './api/shopperDeletionRoute';
import { siteSecretMatcher } from './api/siteSecretAuth';
import { createApp } from './app';
import { AssetProxy } from './assets/assetProxy';
import { assetProxyRouter } from './assets/assetProxyRoute';
import { AuditLog } from './audit/auditLog';
import { AgentTicketBook } from './auth/agentTickets';
import type { Cluster } from './bus/cluster';
import { openSessionBackend } from './bus/sessionBackend';
import type { Config } from './config';
import { registerAssetProxyMetrics } from './ops/assetProxyMetrics';
import { logger } from './ops/logger';
import { startOperations } from './ops/operations';
import type { Readiness } from './ops/readiness';
import { openRecordings } from './recordings/openRecordings';
import type { Recordings } from './recordings/recordings';
import { attachRelay } from './relay/upgrade';
import { createRelayCounters, type RelayCounters } from './relay/relayCounters';
import type { SessionRegistry } from './sessions/sessionRegistry';

/** A running server. */
export interface LookalongServer {
  /** Base URL, e.g. `http://127.0.0.1:8080`. */
  url: string;
  port: number;
  http: Server;
  registry: SessionRegistry;
  counters: RelayCounters;
  /** The agent-socket tickets issued by `POST /api/tickets`. */
  tickets: AgentTicketBook;
  /** Sessions brought back from the session store at start-up (with several nodes: adopted from this node's previous run). */
  restored: number;
  /** This node's part in a multi-node deployment (LOOKALONG_REDIS_URL); null on a single node. */
  cluster: Cluster | null;
  /** Consented session recordings (the retention sweeper runs on every node). */
  recordings: Recordings;
  /** The checks behind `/readyz`; a Redis-backed deployment adds its own. */
  readiness: Readiness;
  /** Saves sessions, tells clients to reconnect (1012), and stops listening. */
  close(): Promise<void>;
}

/** Starts listening with the given configuration. */
export async function startLookalongServer(config: Config): Promise<LookalongServer> {
  const counters = createRelayCounters();
  const audit = new AuditLog(config.auditFile);
  const recordings = await openRecordings(config.recordings, audit);
  const { registry, cluster } = await openSessionBackend(config, {
    audit,
    counters,
    recordings,
    checkpointMaxBytes: config.checkpointMaxBytes,
    sendBufferMaxBytes: config.sendBufferMaxBytes,
    resumeGraceMs: config.resumeGraceMs,
    consentTtlMs: config.consentTtlMs,
  });
  const restored = registry.size;
  const tickets = new AgentTicketBook();
  const sharedUnclaimed = cluster?.unclaimedSessions(config.api.apiSessionsPerSite, config.api.apiSessionTtlMs, stillUnclaimedIn(registry));
  const operations = startOperations({ config, counters, audit, registry, sockets: () => relay.sockets(), sharedUnclaimed });
  if (cluster) operations.readiness.add({ name: 'redis', probe: () => cluster.ping() });
  const assets: AssetProxy = new AssetProxy(config.assets, registerAssetProxyMetrics(operations.metrics, () => assets.cacheBytes));
  const http = createServer(createApp({
    tokenPolicy: config.agentTokens,
    tickets: cluster?.tickets ?? tickets,
    auditFile: config.auditFile,
    auditMirror: cluster?.auditTrail ?? null,
    publicUrl: config.publicUrl,
    apiOrigins: [...config.agentOrigins, ...config.helpdeskOrigins],
    helpdeskOrigins: config.helpdeskOrigins,
    sessions: registry,
    queue: { max: config.api.queueMax, awayShownMs: config.api.queueAwayMs },
    routers: [
      ...operations.routers,
      assetProxyRouter(assets),
      recordingsRouter({ recordings, tokenPolicy: config.agentTokens, audit, siteOf: siteSecretMatcher(config.api.siteSecrets) }),
      shopperDeletionRouter(recordings),
    ],
  }));
  const relay = attachRelay(http, config, registry, counters, tickets, cluster, cluster);
  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(config.port, config.host, () => resolve());
  });
  const { port } = http.address() as AddressInfo;
  recordings.startSweeper((err) => logger.error({ err: err instanceof Error ? err.message : String(err) }, 'recording retention sweep failed'));
  return {
    url: `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`,
    port,
    http,
    registry,
    counters,
    tickets,
    restored,
    cluster,
    recordings,
    readiness: operations.readiness,
    close: async () => {
      operations.shutdown();
      assets.close();
      await registry.suspendAll();
      // Before the clients are told to reconnect: the other nodes adopt this node's sessions.
      await cluster?.stop();
      await relay.close();
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
      await recordings.close();
    },
  };
}
