/**
 * HTTP upgrade routing: `/ws/shopper?site=KEY` and `/ws/agent`. Origin and site are checked
 * here, before any handler runs; refused upgrades get a plain HTTP 4xx and no socket.
 */
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import type { Config } from '../config';
import type { SessionRegistry } from '../sessions/sessionRegistry';
import { handleAgentConnection } from './agentConnection';
import { startHeartbeat } from './heartbeat';
import { isOriginAllowed } from './originPolicy';
import { SocketRateLimiter } from './rateLimiter';
import { rememberSocket } from './writeBatching';
import type { RelayCounters } from './relayCounters';
import { handleShopperConnection } from './shopperConnection';

/** Handle returned by attachRelay, to shut the relay down. */
export interface RelayHandle {
  /** Tells every client the relay is restarting (1012: reconnect and resume), then stops. */
  close(): Promise<void>;
}

/** How long clients get to acknowledge the restart close before their sockets are cut. */
const CLOSE_GRACE_MS = 500;

function refuseUpgrade(socket: Duplex, status: number, text: string): void {
  socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Type: text/plain\r\nContent-Length: ${Buffer.byteLength(text)}\r\n\r\n${text}`);
}

/** Attaches the shopper and agent WebSocket endpoints to an HTTP server. */
export function attachRelay(server: Server, config: Config, registry: SessionRegistry, counters: RelayCounters): RelayHandle {
  const shopperWss = new WebSocketServer({ noServer: true, maxPayload: config.shopperMaxPayloadBytes, perMessageDeflate: false });
  const agentWss = new WebSocketServer({ noServer: true, maxPayload: config.agentMaxPayloadBytes, perMessageDeflate: false });
  const agentOrigins = ['self', ...config.agentOrigins];

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    const url = new URL(req.url ?? '/', 'http://relay.invalid');
    const origin = req.headers.origin;
    if (url.pathname === '/ws/shopper') {
      const site = url.searchParams.get('site') ?? '';
      const allowed = Object.hasOwn(config.sites, site) ? config.sites[site] : undefined;
      if (!allowed) return refuseUpgrade(socket, 403, `unknown site "${site.slice(0, 64)}"`);
      if (!isOriginAllowed(origin, allowed, config.publicUrl)) return refuseUpgrade(socket, 403, 'origin not allowed for this site');
      shopperWss.handleUpgrade(req, socket, head, (ws) => {
        shopperWss.emit('connection', ws, req);
        ws.on('error', () => ws.terminate());
        handleShopperConnection(ws, site, registry, counters, new SocketRateLimiter(config.shopperRate, config.shopperMaxPayloadBytes));
      });
      return;
    }
    if (url.pathname === '/ws/agent') {
      const sameOrigin = origin !== undefined && req.headers.host !== undefined && isOriginAllowed(origin, [`http://${req.headers.host}`, `https://${req.headers.host}`], config.publicUrl);
      if (!sameOrigin && !isOriginAllowed(origin, agentOrigins, config.publicUrl)) return refuseUpgrade(socket, 403, 'origin not allowed for agents');
      agentWss.handleUpgrade(req, socket, head, (ws) => {
        rememberSocket(ws, socket);
        agentWss.emit('connection', ws, req);
        ws.on('error', () => ws.terminate());
        handleAgentConnection(ws, registry, config.jwtSecret, counters, new SocketRateLimiter(config.agentRate, config.agentMaxPayloadBytes));
      });
      return;
    }
    refuseUpgrade(socket, 404, 'no WebSocket endpoint here');
  });

  const heartbeat = startHeartbeat([shopperWss, agentWss], config.heartbeatMs);
  return {
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
