/**
 * Bench-side client of the Lookalong relay protocol: open sockets, wait for control messages,
 * and the shopper/agent consent handshake (hello → session; ticket → join → join-request → consent).
 */
import WebSocket from 'ws';

/** Consent notice version the bench shopper accepts under. */
export const BENCH_CONSENT_NOTICE = 'consent-notice-2026-11';

/** Opens a WebSocket with an Origin header (no compression) and resolves once it is open. */
export function openSocket(url: string, origin: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { origin, perMessageDeflate: false });
    ws.binaryType = 'nodebuffer';
    const onError = (err: Error): void => reject(err);
    ws.once('error', onError);
    ws.once('open', () => {
      ws.off('error', onError);
      resolve(ws);
    });
  });
}

/** Resolves with the next JSON text message matching `predicate`; rejects on close or timeout. */
export function nextText(ws: WebSocket, predicate: (message: Record<string, unknown>) => boolean, timeoutMs = 15_000): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const cleanup = (): void => {
      clearTimeout(timer);
      ws.off('message', onMessage);
      ws.off('close', onClose);
    };
    const onMessage = (data: Buffer, isBinary: boolean): void => {
      if (isBinary) return;
      const message = JSON.parse(data.toString()) as Record<string, unknown>;
      if (!predicate(message)) return;
      cleanup();
      resolve(message);
    };
    const onClose = (code: number): void => {
      cleanup();
      reject(new Error(`closed ${code}`));
    };
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error('timeout'));
    }, timeoutMs);
    ws.on('message', onMessage);
    ws.on('close', onClose);
  });
}

/** An open shopper socket with its waiting session. */
export interface ShopperSession {
  ws: WebSocket;
  code: string;
  stream: number;
}

/** Opens a shopper socket for site `demo` and starts a session with `hello`. */
export async function openShopper(wsBase: string, origin: string): Promise<ShopperSession> {
  const ws = await openSocket(`${wsBase}/ws/shopper?site=demo`, origin);
  const session = nextText(ws, (m) => m['t'] === 'session');
  ws.send(JSON.stringify({ t: 'hello', lang: 'en' }));
  const message = await session;
  return { ws, code: message['code'] as string, stream: message['stream'] as number };
}

/** Trades an agent JWT for a one-time agent-socket ticket (`POST /api/tickets` on `httpOrigin`). */
export async function fetchTicket(httpOrigin: string, token: string): Promise<string> {
  const response = await fetch(`${httpOrigin}/api/tickets`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
  if (!response.ok) throw new Error(`ticket refused: HTTP ${response.status}`);
  return ((await response.json()) as { ticket: string }).ticket;
}

/**
 * Signs an open agent socket into the shopper's session with a ticket (see fetchTicket) and has the shopper allow it
 * (with the recording switch at `record`).
 * Resolves when the agent receives `consent{allow:true}`. Attach the agent's frame listener
 * before calling: the relay sends cached frames right behind the consent message.
 */
export async function admitAgent(agent: WebSocket, shopper: ShopperSession, ticket: string, record = false): Promise<void> {
  const request = nextText(shopper.ws, (m) => m['t'] === 'join-request');
  const consent = nextText(agent, (m) => m['t'] === 'consent');
  agent.send(JSON.stringify({ t: 'join', code: shopper.code, ticket }));
  const { requestId } = await request;
  shopper.ws.send(JSON.stringify({ t: 'consent', requestId, allow: true, notice: BENCH_CONSENT_NOTICE, record }));
  const answer = await consent;
  if (answer['allow'] !== true) throw new Error('consent refused');
}
