/** A real `ws` client for relay tests: records every message and waits for the ones it needs. */
import WebSocket from 'ws';
import { decodeFrame, encodeFrame, FrameKind, type DecodedFrame } from '../../protocol/envelope';

/** One message as received. */
export type Received = { kind: 'json'; value: Record<string, unknown> } | { kind: 'frame'; frame: DecodedFrame; raw: Buffer };

/** A connected test client. */
export interface RelayClient {
  ws: WebSocket;
  received: Received[];
  /** Resolves with the close code and reason. */
  closed: Promise<{ code: number; reason: string }>;
  sendJson(message: object): void;
  /** Sends an rrweb-like event in an envelope. */
  sendEvent(stream: number, seq: number, event: object, kind?: 1 | 2): void;
  /** Waits for a JSON message matching `t` (and optional predicate). */
  nextJson(t: string, timeoutMs?: number): Promise<Record<string, unknown>>;
  frames(): DecodedFrame[];
  close(): void;
}

/** Opens a socket with an Origin header (and `headers`, e.g. X-Forwarded-For) and resolves once it is open (or rejects on HTTP refusal). */
export function connectClient(url: string, origin: string, headers: Record<string, string> = {}): Promise<RelayClient> {
  const ws = new WebSocket(url, { origin, headers });
  const received: Received[] = [];
  const waiters: Array<() => void> = [];
  ws.on('message', (data, isBinary) => {
    const buf = data as Buffer;
    if (isBinary) {
      const decoded = decodeFrame(buf);
      if (decoded.ok) received.push({ kind: 'frame', frame: decoded.frame, raw: buf });
    } else {
      received.push({ kind: 'json', value: JSON.parse(buf.toString('utf8')) as Record<string, unknown> });
    }
    for (const wake of waiters.splice(0)) wake();
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) => {
    ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() }));
  });
  const client: RelayClient = {
    ws,
    received,
    closed,
    sendJson: (message) => ws.send(JSON.stringify(message)),
    sendEvent: (stream, seq, event, kind = FrameKind.event) =>
      ws.send(encodeFrame({ kind, stream, seq }, Buffer.from(JSON.stringify(event)))),
    nextJson: (t, timeoutMs = 3000) =>
      new Promise((resolve, reject) => {
        let seen = 0;
        const check = (): boolean => {
          for (; seen < received.length; seen++) {
            const item = received[seen]!;
            if (item.kind === 'json' && item.value['t'] === t) {
              received.splice(seen, 1);
              resolve(item.value);
              return true;
            }
          }
          return false;
        };
        if (check()) return;
        const timer = setTimeout(() => reject(new Error(`no "${t}" message within ${timeoutMs} ms`)), timeoutMs);
        const wait = (): void => {
          if (check()) clearTimeout(timer);
          else waiters.push(wait);
        };
        waiters.push(wait);
      }),
    frames: () => received.flatMap((r) => (r.kind === 'frame' ? [r.frame] : [])),
    close: () => ws.close(),
  };
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve(client));
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.once('error', reject);
  });
}

/** Waits until `predicate` holds, polling every 10 ms. */
export async function until(predicate: () => boolean, timeoutMs = 3000): Promise<void> {
  const start = Date.now();
  while (!predicate()) {
    if (Date.now() - start > timeoutMs) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}
