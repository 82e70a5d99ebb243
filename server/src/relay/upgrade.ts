/**
 * HTTP upgrade routing: `/ws/shopper?site=KEY` and `/ws/agent`. Site, Origin (403) and the
 * per-address connection cap (429; the client address of clientAddress.ts) are checked here,
 * before any handler runs; refused upgrades get a plain HTTP 4xx and no socket.
 */
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import type { AgentTicketBook } from '../auth/agentTickets';
import type { Config } from '../config';
import type { SessionRegistry } from '../sessions/sessionRegistry';
import { handleAgentConnection, type AgentAdmission } from './agentConnection';
import { clientAddress } from './clientAddress';
import { CodeGuessThrottle, type CodeGuessLimits } from './codeGuessThrottle';
import { ConnectionQuota } from './connectionQuota';
import { startHeartbeat } from './heartbeat';
import { isOriginAllowed, isSameOrigin } from './originPolicy';
import { SocketRateLimiter } from './rateLimiter';
import { rememberSocket } from './writeBatching';
import type { RelayCounters } from './relayCounters';
import { handleShopperConnection } from './shopperConnection';
import { HelpRequestGate } from './helpRequestGate';
import { MemoryRateBuckets } from './rateBuckets';
import type { SharedLimits } from './sharedLimits';
import type { SessionsElsewhere } from './sessionsElsewhere';

/** Handle returned by attachRelay, to shut the relay down. */
export interface RelayHandle {
  /** Tells every client the relay is restarting (1012: reconnect and resume), then stops. */
  close(): Promise<void>;
  /** Open sockets by role (for /metrics). */
  sockets(): { shopper: number; agent: number };
}

/** How long clients get to acknowledge the restart close before their sockets are cut. */
const CLOSE_GRACE_MS = 500;
/** Window of the session-code guessing throttle. */
const CODE_GUESS_WINDOW_MS = 60_000;
/** Most agents and client addresses the guessing throttle remembers. */
const CODE_GUESS_MAX_KEYS = 100_000;

function refuseUpgrade(socket: Duplex, status: number, text: string): void {
  socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Type: text/plain\r\nContent-Length: ${Buffer.byteLength(text)}\r\n\r\n${text}`);
}

/**
 * Attaches the shopper and agent WebSocket endpoints to an HTTP server; agents join with tickets
 * from `tickets` (or, with several nodes, from any node through `elsewhere`); with several
 * nodes the help-request and code-guessing limits are `shared` by all of them.
 */
export function attachRelay(
  server: Server,
  config: Config,
  registry: SessionRegistry,
  counters: RelayCounters,
  tickets: AgentTicketBook,
  elsewhere: SessionsElsewhere | null = null,
  shared: SharedLimits | null = null,
): RelayHandle {
  const shopperWss = new WebSocketServer({ noServer: true, maxPayload: config.shopperMaxPayloadBytes, perMessageDeflate: false });
  const agentWss = new WebSocketServer({ noServer: true, maxPayload: config.agentMaxPayloadBytes, perMessageDeflate: false });
  const agentOrigins = ['self', ...config.agentOrigins];
  const peerConnections = shared?.socketSlots('peer', config.maxConnectionsPerIp) ?? new ConnectionQuota(config.maxConnectionsPerIp);
  const trustedProxies = new Set(config.trustedProxies);
  const helpGate = new HelpRequestGate(config.helpRequests, shared?.helpBuckets ?? new MemoryRateBuckets(), counters);
  const guessLimits = (maxMisses: number): CodeGuessLimits => ({ maxMisses, windowMs: CODE_GUESS_WINDOW_MS, maxKeys: CODE_GUESS_MAX_KEYS });
  const admission: AgentAdmission = {
    tickets,
    agentSockets: shared?.socketSlots('agent', config.maxSocketsPerAgent) ?? new ConnectionQuota(config.maxSocketsPerAgent),
    agentCodeGuesses: shared?.codeGuesses('agent', guessLimits(config.codeGuessesPerAgent)) ?? new CodeGuessThrottle(guessLimits(config.codeGuessesPerAgent)),
    peerCodeGuesses: shared?.codeGuesses('peer', guessLimits(config.codeGuessesPerIp)) ?? new CodeGuessThrottle(guessLimits(config.codeGuessesPerIp)),
  };

  /** Counts the connection against its client address until the TCP socket closes; false at the cap (or when it closed meanwhile). */
  const admitPeer = async (socket: Duplex, peer: string): Promise<boolean> => {
    const release = await peerConnections.take(peer);
    if (!release) return false;
    if (socket.destroyed) {
      release();
      return false;
    }
    socket.once('close', release);
    return true;
  };

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    void routeUpgrade(req, socket, head).catch(() => socket.destroy());
  });

  /** Checks and routes one upgrade request (async: the per-address cap may be counted in Redis). */
  const routeUpgrade = async (req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> => {
    socket.on('error', () => socket.destroy());
    const url = new URL(req.url ?? '/', 'http://relay.invalid');
    const origin = req.headers.origin;
    const peer = clientAddress(req.socket.remoteAddress, req.headers['x-forwarded-for'], trustedProxies);
    if (url.pathname === '/ws/shopper') {
      const site = url.searchParams.get('site') ?? '';
      const allowed = Object.hasOwn(config.sites, site) ? config.sites[site] : undefined;
      if (!allowed) return refuseUpgrade(socket, 403, `unknown site "${site.slice(0, 64)}"`);
      if (!isOriginAllowed(origin, allowed, config.publicUrl)) return refuseUpgrade(socket, 403, 'origin not allowed for this site');
      if (!(await admitPeer(socket, peer))) return refuseUpgrade(socket, 429, 'too many connections from this address');
      shopperWss.handleUpgrade(req, socket, head, (ws) => {
        shopperWss.emit('connection', ws, req);
        ws.on('error', () => ws.terminate());
        const limiter = new SocketRateLimiter(config.shopperRate, config.shopperMaxPayloadBytes);
        handleShopperConnection(ws, site, { registry, counters, limiter, admitHello: () => helpGate.admit(site, peer), helloTimeoutMs: config.helloTimeoutMs, elsewhere });
      });
      return;
    }
    if (url.pathname === '/ws/agent') {
      const allowedOrigin = isSameOrigin(origin, req.headers.host, config.publicUrl) || isOriginAllowed(origin, agentOrigins, config.publicUrl);
      if (!allowedOrigin) return refuseUpgrade(socket, 403, 'origin not allowed for agents');
      if (!(await admitPeer(socket, peer))) return refuseUpgrade(socket, 429, 'too many connections from this address');
      agentWss.handleUpgrade(req, socket, head, (ws) => {
        rememberSocket(ws, socket);
        agentWss.emit('connection', ws, req);
        ws.on('error', () => ws.terminate());
        const limiter = new SocketRateLimiter(config.agentRate, config.agentMaxPayloadBytes);
        handleAgentConnection(ws, { peer, registry, counters, admission, limiter, elsewhere });
      });
      return;
    }
    refuseUpgrade(socket, 404, 'no WebSocket endpoint here');
  };

  const heartbeat = startHeartbeat([shopperWss, agentWss], config.heartbeatMs);
  return {
    sockets: () => ({ shopper: shopperWss.clients.size, agent: agentWss.clients.size }),
    async close() {
      heartbeat.stop();
      const sockets = [...shopperWss.clients, ...agentWss.clients];
      for (const ws of sockets) ws.close(1012, 'relay restarting: reconnect to resume');
      const deadline = Date.now() + CLOSE_GRACE_MS;
      while (sockets.some((ws) => ws.readyState !== ws.CLOSED) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
      for (const ws of sockets) ws.terminate();
      shopperWss.close();
      agentWss.close();
    },
  };
}
