/**
 * Write batching for viewer sockets: frames relayed within one tick are corked into a single
 * writev instead of one syscall each (syscalls were ~45% of the relay's CPU in profiles).
 * The TCP socket under each WebSocket is remembered at the upgrade, without touching ws internals.
 */
import type { Duplex } from 'node:stream';
import type WebSocket from 'ws';

const underlying = new WeakMap<WebSocket, Duplex>();
const corked = new WeakSet<Duplex>();

/** Remembers the TCP socket a WebSocket was upgraded from. */
export function rememberSocket(ws: WebSocket, socket: Duplex): void {
  underlying.set(ws, socket);
}

/** Corks the socket under `ws` until the end of the current tick (no-op if already corked). */
export function batchWritesThisTick(ws: WebSocket): void {
  const socket = underlying.get(ws);
  if (!socket || corked.has(socket) || socket.destroyed) return;
  corked.add(socket);
  socket.cork();
  process.nextTick(() => {
    corked.delete(socket);
    socket.uncork();
  });
}
