/**
 * A shopper page's socket: first message opens (`hello`) or resumes (`resume`) a session,
 * then consent answers, `extend`, `dismiss` (marks hidden), `stop`, and binary recorded
 * frames whose envelope alone is read.
 */
import type WebSocket from 'ws';
import { decodeFrame } from '../../../protocol/envelope';
import { CloseCode } from '../../../protocol/closeCodes';
import { ProtocolError } from '../../../protocol/fieldReaders';
import { parseShopperMessage, type ShopperMessage } from '../../../protocol/messages';
import type { SessionRegistry } from '../sessions/sessionRegistry';
import type { SocketRateLimiter } from './rateLimiter';
import type { RelayCounters } from './relayCounters';
import type { SessionRoom } from './sessionRoom';
import { closeWith, sendJson } from './socketSend';

/** How long a new shopper socket may stay silent before it must say hello or resume. */
const HELLO_TIMEOUT_MS = 10_000;

/** Wires one accepted shopper socket for `site` into the registry. */
export function handleShopperConnection(
  ws: WebSocket,
  site: string,
  registry: SessionRegistry,
  counters: RelayCounters,
  limiter: SocketRateLimiter,
): void {
  let room: SessionRoom | undefined;
  let resumeToken = '';
  const helloTimer = setTimeout(() => closeWith(ws, CloseCode.protocolError, 'no hello within 10 s'), HELLO_TIMEOUT_MS);

  const onControl = (message: ShopperMessage): void => {
    if (!room) {
      if (message.t === 'hello') {
        ({ room, resumeToken } = registry.create(site, message.lang, message.title));
      } else if (message.t === 'resume') {
        const found = registry.findByResumeToken(message.resumeToken);
        if (!found || found.site !== site) {
          sendJson(ws, { t: 'error', message: 'this help session has ended' });
          closeWith(ws, CloseCode.unknownSession, 'unknown or ended session');
          return;
        }
        room = found;
        resumeToken = message.resumeToken;
      } else {
        closeWith(ws, CloseCode.protocolError, `"${message.t}" before hello`);
        return;
      }
      clearTimeout(helloTimer);
      room.attachShopper(ws, resumeToken);
      return;
    }
    switch (message.t) {
      case 'consent':
        room.answerConsent(message.requestId, message.allow, message.notice);
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

  ws.on('message', (data, isBinary) => {
    // Once a close has begun (protocol error, rate limit, end), nothing more is processed.
    if (ws.readyState !== ws.OPEN) return;
    const bytes = data as Buffer;
    if (!limiter.allow(bytes.byteLength)) {
      counters.rateLimited += 1;
      closeWith(ws, CloseCode.rateLimited, 'rate limit exceeded');
      return;
    }
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
  });

  ws.on('close', () => {
    clearTimeout(helloTimer);
    room?.detachShopper(ws);
  });
}
