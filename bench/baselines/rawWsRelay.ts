/**
 * Baseline: the fastest possible relay — a bare `ws` server that broadcasts every message
 * from `/source` to every `/sink`, reading nothing. Prints its port on stdout.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

const http = createServer();
const wss = new WebSocketServer({ server: http, perMessageDeflate: false, maxPayload: 16 * 1024 * 1024 });
const sinks = new Set<WebSocket>();
wss.on('connection', (ws, req) => {
  if (req.url === '/sink') {
    sinks.add(ws);
    ws.on('close', () => sinks.delete(ws));
    return;
  }
  ws.on('message', (data, isBinary) => {
    for (const sink of sinks) sink.send(data, { binary: isBinary });
  });
});
http.listen(0, '127.0.0.1', () => console.log(`PORT ${(http.address() as AddressInfo).port}`));
