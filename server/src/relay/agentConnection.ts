/**
 * An agent console's socket: the first message signs in and names the session (`join`);
 * afterwards only allowlisted mark changes travel towards the shopper (invariant 3a). A `ping`
 * is answered with a `pong` to this socket alone, at any time.
 */
import type WebSocket from 'ws';
import { CloseCode } from '../../../protocol/closeCodes';
import { ProtocolError } from '../../../protocol/fieldReaders';
import { parseAgentMessage, type AgentMessage } from '../../../protocol/messages';
import { TokenError, verifyAgentToken, type AgentIdentity } from '../auth/agentToken';
import type { SessionRegistry } from '../sessions/sessionRegistry';
import type { SocketRateLimiter } from './rateLimiter';
import type { RelayCounters } from './relayCounters';
import type { SessionRoom } from './sessionRoom';
import { closeWith, sendJson } from './socketSend';

/** How long a new agent socket may stay silent before it must sign in. */
const JOIN_TIMEOUT_MS = 10_000;

/** Wires one accepted agent socket into the registry. */
export function handleAgentConnection(
  ws: WebSocket,
  registry: SessionRegistry,
  jwtSecret: string,
  counters: RelayCounters,
  limiter: SocketRateLimiter,
): void {
  let room: SessionRoom | undefined;
  let expiryTimer: NodeJS.Timeout | undefined;
  const joinTimer = setTimeout(() => closeWith(ws, CloseCode.signInTimeout, 'no sign-in within 10 s'), JOIN_TIMEOUT_MS);

  const refuse = (code: number, message: string): void => {
    sendJson(ws, { t: 'error', message });
    closeWith(ws, code, message);
  };

  const onControl = (message: AgentMessage): void => {
    if (message.t === 'ping') {
      sendJson(ws, { t: 'pong', n: message.n });
      return;
    }
    if (!room) {
      if (message.t !== 'join') {
        counters.agentMessagesDropped += 1;
        closeWith(ws, CloseCode.protocolError, `"${message.t}" before join`);
        return;
      }
      clearTimeout(joinTimer);
      let agent: AgentIdentity;
      try {
        agent = verifyAgentToken(message.token, jwtSecret);
      } catch (err) {
        if (!(err instanceof TokenError)) throw err;
        refuse(CloseCode.unauthorized, err.message);
        return;
      }
      const found = registry.findByCode(message.code);
      const endReason = found ? undefined : registry.endReason(message.code);
      if (endReason) {
        sendJson(ws, { t: 'ended', reason: endReason });
        closeWith(ws, CloseCode.sessionEnded, `session ended: ${endReason}`);
        return;
      }
      if (!found) {
        refuse(CloseCode.unknownSession, `no waiting session has code ${message.code}`);
        return;
      }
      room = found;
      const msLeft = agent.exp * 1000 - Date.now();
      expiryTimer = setTimeout(() => refuse(CloseCode.unauthorized, 'agent token expired'), Math.min(msLeft, 2 ** 31 - 1));
      room.requestJoin(ws, agent);
      return;
    }
    switch (message.t) {
      case 'annotate':
      case 'unannotate':
      case 'clear-marks':
        room.relayMarks(ws, message);
        return;
      case 'resync':
        if (room.isViewer(ws)) room.requestSnapshot();
        return;
      case 'end':
        if (room.isViewer(ws)) room.end('agent-ended');
        else counters.agentMessagesDropped += 1;
        return;
      case 'join':
        closeWith(ws, CloseCode.protocolError, '"join" sent twice');
        return;
    }
  };

  ws.on('message', (data, isBinary) => {
    if (ws.readyState !== ws.OPEN) return;
    if (!limiter.allow((data as Buffer).byteLength)) {
      counters.rateLimited += 1;
      closeWith(ws, CloseCode.rateLimited, 'rate limit exceeded');
      return;
    }
    if (isBinary) {
      counters.agentMessagesDropped += 1;
      closeWith(ws, CloseCode.protocolError, 'agents may not send binary frames');
      return;
    }
    try {
      onControl(parseAgentMessage((data as Buffer).toString('utf8')));
    } catch (err) {
      if (!(err instanceof ProtocolError)) throw err;
      counters.agentMessagesDropped += 1;
      closeWith(ws, CloseCode.protocolError, err.message);
    }
  });

  ws.on('close', () => {
    clearTimeout(joinTimer);
    clearTimeout(expiryTimer);
    room?.removeAgent(ws);
  });
}
