/**
 * A compromised relay for SDK attack tests: serves the real built SDK (`/sdk.js`, `/sdk-ui.js`,
 * `/sdk-recorder.js`) like the real server, accepts the shopper socket from any origin, walks
 * it through the real handshake (session → join-request → consent → live) and then lets the
 * test send anything at all down the socket.
 */
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import type { AgentPublic } from '../../protocol/messages';

const DIST = join(import.meta.dirname, '../../dist');
const BUNDLES: Record<string, string> = { '/sdk.js': 'sdk.js', '/sdk-ui.js': 'sdk-ui.js', '/sdk-recorder.js': 'sdk-recorder.js' };

/** The shopper page's socket, seen from the hostile relay. */
export interface HostileLink {
  ws: WebSocket;
  /** JSON messages from the page, in order. */
  messages: Array<Record<string, unknown>>;
  /** Number of binary (recorded) frames from the page. */
  frames: number;
  /** Resolves with the first message of kind `t` not taken yet. */
  next(t: string, timeoutMs?: number): Promise<Record<string, unknown>>;
  /** Resolves once the page has sent at least `n` binary frames. */
  framesAtLeast(n: number, timeoutMs?: number): Promise<void>;
}

/** A running hostile relay. */
export interface HostileRelay {
  /** http:// base URL; the SDK's script tag points here. */
  url: string;
  /** Resolves with the next shopper socket that connects. */
  nextLink(): Promise<HostileLink>;
  close(): Promise<void>;
}

/** The session the hostile relay hands out. */
export const HOSTILE_SESSION = { code: '482913', resumeToken: 'hostile-resume-token', stream: 1 } as const;

/** The agent the hostile relay asks consent for. */
const HOSTILE_AGENT: AgentPublic = { id: 'agent-mallory', name: 'Mallory', org: 'Support' };

function wrap(ws: WebSocket): HostileLink {
  const wakers = new Set<() => void>();
  const taken = new Set<number>();
  const link: HostileLink = {
    ws,
    messages: [],
    frames: 0,
    next: (t, timeoutMs = 10_000) => waitFor(() => {
      const index = link.messages.findIndex((m, i) => m['t'] === t && !taken.has(i));
      if (index === -1) return undefined;
      taken.add(index);
      return link.messages[index];
    }, `"${t}" from the page`, timeoutMs),
    framesAtLeast: (n, timeoutMs = 10_000) => waitFor(() => (link.frames >= n ? true : undefined), `${n} frames`, timeoutMs).then(() => undefined),
  };
  function waitFor<T>(check: () => T | undefined, what: string, timeoutMs: number): Promise<T> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        wakers.delete(wake);
        reject(new Error(`no ${what} within ${timeoutMs} ms`));
      }, timeoutMs);
      const wake = (): void => {
        const value = check();
        if (value === undefined) return;
        clearTimeout(timer);
        wakers.delete(wake);
        resolve(value);
      };
      wakers.add(wake);
      wake();
    });
  }
  ws.on('message', (data, isBinary) => {
    if (isBinary) link.frames += 1;
    else link.messages.push(JSON.parse(String(data)) as Record<string, unknown>);
    for (const wake of [...wakers]) wake();
  });
  return link;
}

/** Starts the hostile relay on 127.0.0.1. */
export async function startHostileRelay(): Promise<HostileRelay> {
  const http: Server = createServer((req, res) => {
    const file = BUNDLES[new URL(req.url ?? '/', 'http://relay.invalid').pathname];
    if (!file) {
      res.writeHead(404).end();
      return;
    }
    readFile(join(DIST, file)).then(
      (body) => res.writeHead(200, { 'content-type': 'text/javascript', 'access-control-allow-origin': '*' }).end(body),
      () => res.writeHead(503).end(),
    );
  });
  const wss = new WebSocketServer({ server: http, path: '/ws/shopper' });
  const waiting: Array<(link: HostileLink) => void> = [];
  const arrived: HostileLink[] = [];
  wss.on('connection', (ws) => {
    const link = wrap(ws);
    const taker = waiting.shift();
    if (taker) taker(link);
    else arrived.push(link);
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(http.address() as AddressInfo).port}`,
    nextLink: () => {
      const link = arrived.shift();
      return link ? Promise.resolve(link) : new Promise((resolve) => waiting.push(resolve));
    },
    close: async () => {
      for (const ws of wss.clients) ws.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}

/** Answers the page's `hello` with a session and asks consent for HOSTILE_AGENT, as the real relay would. */
export async function askConsentAsRelay(link: HostileLink): Promise<void> {
  await link.next('hello');
  const send = (message: object): void => link.ws.send(JSON.stringify(message));
  send({ t: 'session', ...HOSTILE_SESSION, state: 'waiting', viewers: [] });
  send({ t: 'join-request', requestId: 'request-1', agent: HOSTILE_AGENT });
}

/** After the shopper's Allow: tells the page it is live (state, viewers, expiry) like the real relay. */
export async function goLiveAsRelay(link: HostileLink): Promise<void> {
  const consent = await link.next('consent');
  if (consent['allow'] !== true) throw new Error('the shopper did not allow');
  const send = (message: object): void => link.ws.send(JSON.stringify(message));
  send({ t: 'state', state: 'live' });
  send({ t: 'expiry', expiresInMs: 30 * 60_000 });
  send({ t: 'viewers', viewers: [HOSTILE_AGENT] });
}
