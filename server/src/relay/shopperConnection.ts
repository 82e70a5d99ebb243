/**
 * A shopper page's socket: first message opens (`hello`) or resumes (`resume`) a session,
 * then consent answers, `extend`, `dismiss` (marks hidden), `stop`, and binary recorded
 * frames whose envelope alone is read. Opening must first pass the help-request gate (per
 * address and per site limits, backend-only sites). With several nodes, opening asks the
 * others for a free code and resuming brings the session home to this node; all of that is
 * async, and what the page sends meanwhile waits its turn.
 */
import type WebSocket from 'ws';
import { decodeFrame } from '../../../protocol/envelope';
import { CloseCode } from '../../../protocol/closeCodes';
import { ProtocolError } from '../../../protocol/fieldReaders';
import { parseShopperMessage, type ShopperMessage } from '../../../protocol/messages';
import type { SessionRegistry } from '../sessions/sessionRegistry';
import type { HelpRefusal } from './helpRequestGate';
import type { SocketRateLimiter } from './rateLimiter';
import type { RelayCounters } from './relayCounters';
import type { SessionRoom } from './sessionRoom';
import type { SessionsElsewhere } from './sessionsElsewhere';
import { closeWith, sendJson } from './socketSend';


/** Most messages a page may send while its session is being opened or resumed on other nodes. */
const MAX_WAITING_MESSAGES = 64;

/** What one shopper socket is wired to. */
export interface ShopperSocketContext {
  registry: SessionRegistry;
  counters: RelayCounters;
  limiter: SocketRateLimiter;
  /** Whether this socket may open a new session (the help-request gate). */
  admitHello(): Promise<HelpRefusal | null>;
  /** How long the socket may stay silent before it must say hello or resume (LOOKALONG_HELLO_TIMEOUT_MS). */
  helloTimeoutMs: number;
  /** The other nodes, when the relay runs as several; null on a single node. */
  elsewhere: SessionsElsewhere | null;
}

/** Wires one accepted shopper socket for `site` into the registry. */
export function handleShopperConnection(ws: WebSocket, site: string, { registry, counters, limiter, admitHello, helloTimeoutMs, elsewhere }: ShopperSocketContext): void {
  let room: SessionRoom | undefined;
  /** Messages that arrived while the session was being opened or resumed elsewhere; null when not waiting. */
  let waiting: Array<{ bytes: Buffer; isBinary: boolean }> | null = null;
  const helloTimer = setTimeout(() => closeWith(ws, CloseCode.protocolError, `no hello within ${helloTimeoutMs / 1000} s`), helloTimeoutMs);

  const attach = (found: SessionRoom | undefined, resumeToken: string): void => {
    if (!found || found.site !== site) {
      sendJson(ws, { t: 'error', message: 'this help session has ended' });
      closeWith(ws, CloseCode.unknownSession, 'unknown or ended session');
      return;
    }
    room = found;
    // The socket may have closed while other nodes were asked: the room then waits as after a reload.
    if (ws.readyState === ws.OPEN) room.attachShopper(ws, resumeToken);
    else room.awaitShopper();
  };

  /** Waits for `work` (the gate, other nodes); what the page sends meanwhile is handled afterwards, in order. */
  const settle = (work: Promise<void>): void => {
    waiting = [];
    void work.catch(() => closeWith(ws, 1012, 'relay nodes unreachable: reconnect to resume')).finally(() => {
      const held = waiting ?? [];
      waiting = null;
      for (const { bytes, isBinary } of held) onMessage(bytes, isBinary);
    });
  };

  const start = (message: ShopperMessage): void => {
    clearTimeout(helloTimer);
    if (message.t === 'hello') {
      const open = async (): Promise<void> => {
        const refusal = await admitHello();
        if (refusal) return closeWith(ws, refusal.code, refusal.reason);
        if (ws.readyState !== ws.OPEN) return;
        const opened = elsewhere ? await elsewhere.openSession(site, message.lang, message.title, 'shopper') : registry.create(site, message.lang, message.title);
        attach(opened.room, opened.resumeToken);
      };
      return settle(open());
    }
    if (message.t === 'resume') {
      const { resumeToken } = message;
      const found = registry.findByResumeToken(resumeToken);
      if (found || !elsewhere) return attach(found, resumeToken);
      return settle(elsewhere.resumeSession(resumeToken, site).then((resumed) => attach(resumed, resumeToken)));
    }
    closeWith(ws, CloseCode.protocolError, `"${message.t}" before hello`);
  };

  const onControl = (message: ShopperMessage): void => {
    if (!room) {
      start(message);
      return;
    }
    switch (message.t) {
      case 'consent':
        room.answerConsent(message.requestId, message.allow, message.notice, message.record === true);
        return;
      case 'extend':
        room.extendConsent();
        return;
      case 'dismiss':
        room.dismissMarks();
        return;
      case 'stop':
        room.end('shopper-stopped');
        return;
      case 'hello':
      case 'resume':
        closeWith(ws, CloseCode.protocolError, `"${message.t}" sent twice`);
        return;
    }
  };

  const onMessage = (bytes: Buffer, isBinary: boolean): void => {
    // Once a close has begun (protocol error, rate limit, end), nothing more is processed.
    if (ws.readyState !== ws.OPEN) return;
    if (!isBinary) {
      try {
        onControl(parseShopperMessage(bytes.toString('utf8')));
      } catch (err) {
        if (!(err instanceof ProtocolError)) throw err;
        closeWith(ws, CloseCode.protocolError, err.message);
      }
      return;
    }
    const decoded = decodeFrame(bytes);
    if (!decoded.ok) {
      closeWith(ws, CloseCode.protocolError, decoded.error);
      return;
    }
    if (!room) {
      counters.framesRefused += 1;
      closeWith(ws, CloseCode.protocolError, 'frame before hello');
      return;
    }
    room.relayFrame(bytes, decoded.frame);
  };

  ws.on('message', (data, isBinary) => {
    if (ws.readyState !== ws.OPEN) return;
    const bytes = data as Buffer;
    if (!limiter.allow(bytes.byteLength)) {
      counters.rateLimited += 1;
      closeWith(ws, CloseCode.rateLimited, 'rate limit exceeded');
      return;
    }
    if (!waiting) onMessage(bytes, isBinary);
    else if (waiting.length < MAX_WAITING_MESSAGES) waiting.push({ bytes, isBinary });
    else closeWith(ws, CloseCode.protocolError, 'too many messages before the session was ready');
  });

  ws.on('close', () => {
    clearTimeout(helloTimer);
    room?.detachShopper(ws);
  });
}
