/**
 * Tools for relay stress tests: a light `ws` client that keeps frame headers but never the
 * payloads (so a test can receive tens of MB without holding them), batched sends that wait
 * for the socket to drain, heap measurement, and server-side socket counting.
 */
import { get, type Server } from 'node:http';
import type { Socket } from 'node:net';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import WebSocket from 'ws';

/** Header of one binary frame as received (payload dropped). */
export interface FrameSeen {
  kind: number;
  stream: number;
  seq: number;
  bytes: number;
  /** performance.now() at arrival. */
  at: number;
}

/** A connected client that records JSON messages and frame headers only. */
export interface LightClient {
  ws: WebSocket;
  /** Every JSON message received, in order (nextJson does not remove from here). */
  json: Array<Record<string, unknown>>;
  frames: FrameSeen[];
  /** Total bytes of binary frames received. */
  frameBytes: number;
  /** Set once the socket closed. */
  closeInfo: { code: number; reason: string } | undefined;
  closed: Promise<{ code: number; reason: string }>;
  /** Called for each binary frame, after it is recorded. */
  onFrame: ((frame: FrameSeen) => void) | undefined;
  sendJson(message: object): void;
  /** Waits for (and consumes) the next unconsumed JSON message with this `t`. */
  nextJson(t: string, timeoutMs?: number): Promise<Record<string, unknown>>;
  /** The underlying TCP socket (to pause reading, or to write raw bytes). */
  socket(): Socket;
}

/** Opens a light client; resolves once open, rejects on HTTP refusal or error. */
export function connectLight(url: string, origin: string): Promise<LightClient> {
  const ws = new WebSocket(url, { origin });
  const inbox: Array<Record<string, unknown>> = [];
  const waiters = new Set<() => void>();
  const wake = (): void => {
    for (const w of [...waiters]) w();
  };
  const client: LightClient = {
    ws,
    json: [],
    frames: [],
    frameBytes: 0,
    closeInfo: undefined,
    closed: new Promise((resolve) => {
      ws.on('close', (code, reason) => {
        client.closeInfo = { code, reason: reason.toString() };
        resolve(client.closeInfo);
        wake();
      });
    }),
    onFrame: undefined,
    sendJson: (message) => ws.send(JSON.stringify(message)),
    nextJson: (t, timeoutMs = 5000) =>
      new Promise((resolve, reject) => {
        const check = (): boolean => {
          const i = inbox.findIndex((m) => m['t'] === t);
          if (i < 0) return false;
          resolve(inbox.splice(i, 1)[0]!);
          return true;
        };
        if (check()) return;
        const waiter = (): void => {
          if (check()) {
            clearTimeout(timer);
            waiters.delete(waiter);
          }
        };
        const timer = setTimeout(() => {
          waiters.delete(waiter);
          reject(new Error(`no "${t}" message within ${timeoutMs} ms (closed: ${JSON.stringify(client.closeInfo)})`));
        }, timeoutMs);
        waiters.add(waiter);
      }),
    socket: () => (ws as unknown as { _socket: Socket })._socket,
  };
  ws.on('message', (data, isBinary) => {
    const buf = data as Buffer;
    if (isBinary) {
      client.frameBytes += buf.byteLength;
      if (buf.byteLength >= 10) {
        const frame: FrameSeen = { kind: buf[1]!, stream: buf.readUInt32BE(2), seq: buf.readUInt32BE(6), bytes: buf.byteLength, at: performance.now() };
        client.frames.push(frame);
        client.onFrame?.(frame);
      }
    } else {
      const value = JSON.parse(buf.toString('utf8')) as Record<string, unknown>;
      client.json.push(value);
      inbox.push(value);
    }
    wake();
  });
  // Errors after open (ECONNRESET when the relay cuts a socket) surface as a close; never throw.
  ws.on('error', () => undefined);
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve(client));
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.once('error', reject);
  });
}

/** One outgoing item: a WebSocket message, or raw bytes written under the WebSocket framing. */
export interface Outgoing {
  data: Buffer | string;
  binary: boolean;
  /** Write `data` straight to the TCP socket (hand-made WebSocket frame). */
  raw?: boolean;
}

/**
 * Sends items while the socket is open and resolves with how many were sent once the last
 * one has been handed to the OS (so a sender never holds more than one batch in memory).
 */
export function sendBatch(ws: WebSocket, items: readonly Outgoing[]): Promise<number> {
  return new Promise((resolve) => {
    let sent = 0;
    for (let i = 0; i < items.length; i++) {
      if (ws.readyState !== WebSocket.OPEN) break;
      const item = items[i]!;
      const last = i === items.length - 1;
      const done = last ? () => resolve(sent) : undefined;
      if (item.raw) (ws as unknown as { _socket: Socket })._socket.write(item.data, done);
      else ws.send(item.data, { binary: item.binary }, done);
      sent += 1;
      if (last) return;
    }
    resolve(sent);
  });
}

/** Resolves after `ms`. */
export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

let gcFn: (() => void) | null | undefined;

/**
 * A way to force a full GC: `global.gc` when the process was started with --expose-gc,
 * else the V8 flag is switched on and `gc` taken from a fresh VM context; null if neither works.
 */
export function forceGc(): { gc: (() => void) | null; how: string } {
  const global = (globalThis as { gc?: () => void }).gc;
  if (global) return { gc: global, how: 'global.gc' };
  if (gcFn === undefined) {
    try {
      setFlagsFromString('--expose-gc');
      const fn = runInNewContext('gc') as unknown;
      gcFn = typeof fn === 'function' ? (fn as () => void) : null;
    } catch {
      gcFn = null;
    }
  }
  return { gc: gcFn, how: gcFn ? 'v8 --expose-gc via vm context' : 'none (settle + min of samples)' };
}

/** Heap figures in bytes. */
export interface HeapSample {
  heapUsed: number;
  arrayBuffers: number;
}

/** Current heapUsed and arrayBuffers (Buffers live outside the JS heap). */
export function heapNow(): HeapSample {
  const m = process.memoryUsage();
  return { heapUsed: m.heapUsed, arrayBuffers: m.arrayBuffers };
}

/** Settled heap: waits, forces GC when possible, and takes the minimum of a few samples. */
export async function settledHeap(samples = 5, waitMs = 100): Promise<HeapSample> {
  const { gc } = forceGc();
  let best: HeapSample = { heapUsed: Infinity, arrayBuffers: Infinity };
  for (let i = 0; i < samples; i++) {
    await sleep(waitMs);
    gc?.();
    const now = heapNow();
    best = { heapUsed: Math.min(best.heapUsed, now.heapUsed), arrayBuffers: Math.min(best.arrayBuffers, now.arrayBuffers) };
  }
  return best;
}

/** Megabytes with one decimal, for logs. */
export const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/** Number of TCP connections the HTTP server holds open. */
export function connectionCount(server: Server): Promise<number> {
  return new Promise((resolve, reject) => server.getConnections((err, n) => (err ? reject(err) : resolve(n))));
}

/** The higher of two heap samples, field by field. */
export function higherOf(a: HeapSample, b: HeapSample): HeapSample {
  return { heapUsed: Math.max(a.heapUsed, b.heapUsed), arrayBuffers: Math.max(a.arrayBuffers, b.arrayBuffers) };
}

/** Samples the heap every `intervalMs`, keeping the highest values seen since `baseline`. */
export function trackHeapPeak(baseline: HeapSample, intervalMs = 50): { timer: NodeJS.Timeout; peak: HeapSample } {
  const tracker = { peak: { ...baseline }, timer: setInterval(() => (tracker.peak = higherOf(tracker.peak, heapNow())), intervalMs) };
  return tracker;
}

/** Polls the server's open connections (up to 5 s) until there are `expected`; returns the last count. */
export async function settledConnectionCount(server: Server, expected: number): Promise<number> {
  let connections = await connectionCount(server);
  for (let i = 0; i < 50 && connections !== expected; i++) {
    await new Promise((r) => setTimeout(r, 100));
    connections = await connectionCount(server);
  }
  return connections;
}

/** GET `url` on a fresh connection that closes afterwards; resolves with the status and body. */
export function httpGet(url: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = get(url, { agent: false, headers: { connection: 'close' } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.setTimeout(5000, () => req.destroy(new Error('GET timed out')));
  });
}

/** Seeded PRNG shared with the bench: the same seed replays the same storm shape. */
export { seededRandom } from '../../bench/seededRandom';
