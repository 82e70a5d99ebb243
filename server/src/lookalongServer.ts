/** Composes one Lookalong server process: HTTP app, relay endpoints, session registry, audit log. */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp } from './app';
import { AuditLog } from './audit/auditLog';
import type { Config } from './config';
import { attachRelay } from './relay/upgrade';
import { createRelayCounters, type RelayCounters } from './relay/relayCounters';
import { SessionRegistry } from './sessions/sessionRegistry';
import { FileSessionStore } from './sessions/sessionStore';

/** A running server. */
export interface LookalongServer {
  /** Base URL, e.g. `http://127.0.0.1:8080`. */
  url: string;
  port: number;
  http: Server;
  registry: SessionRegistry;
  counters: RelayCounters;
  /** Sessions brought back from the session store at start-up. */
  restored: number;
  /** Saves sessions, tells clients to reconnect (1012), and stops listening. */
  close(): Promise<void>;
}

/** Starts listening with the given configuration. */
export async function startLookalongServer(config: Config): Promise<LookalongServer> {
  const counters = createRelayCounters();
  const registry = new SessionRegistry({
    audit: new AuditLog(config.auditFile),
    counters,
    checkpointMaxBytes: config.checkpointMaxBytes,
    sendBufferMaxBytes: config.sendBufferMaxBytes,
    resumeGraceMs: config.resumeGraceMs,
    consentTtlMs: config.consentTtlMs,
  }, new FileSessionStore(config.sessionStoreFile));
  const restored = registry.restore();
  const http = createServer(createApp({
    jwtSecret: config.jwtSecret,
    auditFile: config.auditFile,
    helpdeskOrigins: config.helpdeskOrigins,
    sessions: registry,
  }));
  const relay = attachRelay(http, config, registry, counters);
  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(config.port, config.host, () => resolve());
  });
  const { port } = http.address() as AddressInfo;
  return {
    url: `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`,
    port,
    http,
    registry,
    counters,
    restored,
    close: async () => {
      registry.suspendAll();
      await relay.close();
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}
