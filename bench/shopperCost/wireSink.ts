/**
 * The plain-rrweb baseline's server end: a bare WebSocket server on 127.0.0.1 that takes
 * every message and drops it (no compression, like the Lookalong relay), so the baseline
 * pays for a real socket as our SDK does.
 */
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';

/** A running sink. */
export interface WireSink {
  /** `ws://127.0.0.1:PORT`. */
  url: string;
  close(): Promise<void>;
}

/** Starts a sink on a random port. */
export async function startWireSink(): Promise<WireSink> {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: false, maxPayload: 64 * 1024 * 1024 });
  await new Promise<void>((resolve) => server.once('listening', resolve));
  server.on('connection', (socket) => socket.on('message', () => undefined));
  return {
    url: `ws://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise((resolve) => {
        for (const client of server.clients) client.terminate();
        server.close(() => resolve());
      }),
  };
}
