/**
 * Heartbeat: every socket is pinged once per interval and terminated if it did not answer the
 * previous ping. Sockets are spread over 20 slots pinged one after another, in batches that
 * yield to the event loop, so a sweep never stalls relaying (one loop over 10k sockets blocked
 * the relay for over a second in the capacity bench).
 */
import type { WebSocket, WebSocketServer } from 'ws';

/** Slots per interval: each socket is pinged in its own slot. */
const SLOTS = 20;
/** Sockets pinged per event-loop turn. */
const BATCH = 200;

/** A running heartbeat. */
export interface Heartbeat {
  stop(): void;
}

/** Starts pinging the clients of `servers` every `intervalMs`. */
export function startHeartbeat(servers: WebSocketServer[], intervalMs: number): Heartbeat {
  const alive = new WeakSet<WebSocket>();
  const slots = Array.from({ length: SLOTS }, () => new Set<WebSocket>());
  let nextSlot = 0;
  let currentSlot = 0;
  let stopped = false;
  for (const wss of servers) {
    wss.on('connection', (ws) => {
      alive.add(ws);
      const slot = slots[nextSlot++ % SLOTS]!;
      slot.add(ws);
      ws.on('pong', () => alive.add(ws));
      ws.on('close', () => slot.delete(ws));
    });
  }

  const pingBatch = (sockets: WebSocket[], from: number): void => {
    if (stopped) return;
    for (const ws of sockets.slice(from, from + BATCH)) {
      if (!alive.has(ws)) {
        ws.terminate();
        continue;
      }
      alive.delete(ws);
      ws.ping();
    }
    if (from + BATCH < sockets.length) setImmediate(() => pingBatch(sockets, from + BATCH));
  };

  const timer = setInterval(() => {
    const due = [...slots[currentSlot]!];
    currentSlot = (currentSlot + 1) % SLOTS;
    pingBatch(due, 0);
  }, intervalMs / SLOTS);
  timer.unref();

  return {
    stop() {
      stopped = true;
      clearInterval(timer);
    },
  };
}
