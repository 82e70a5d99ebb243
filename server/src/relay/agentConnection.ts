/**
 * An agent console's socket: the first message signs in with a one-time ticket and names the
 * session (`join`); afterwards only allowlisted mark changes travel towards the shopper
 * (invariant 3a). A `ping` is answered with a `pong` to this socket alone, at any time. The
 * socket is closed when the agent's token expires. The join is async: the guessing throttles
 * may live in Redis, and a ticket or session this node does not know is looked for on the
 * other nodes (when there are any).
 */
import type WebSocket from 'ws';
import { CloseCode } from '../../../protocol/closeCodes';
import { ProtocolError } from '../../../protocol/fieldReaders';
import { parseAgentMessage, type AgentMessage, type JoinMessage } from '../../../protocol/agentMessages';
import { agentMaySee, type AgentIdentity } from '../auth/agentToken';
import type { AgentTicketBook } from '../auth/agentTickets';
import type { SessionRegistry } from '../sessions/sessionRegistry';
import type { GuessThrottle } from './codeGuessThrottle';
import type { SocketSlots } from './connectionQuota';
import type { SocketRateLimiter } from './rateLimiter';
import type { RelayCounters } from './relayCounters';
import { dropAgentMessage } from './agentDrops';
import { seatInRoom, type AgentSeat } from './agentSeat';
import type { SeatOutcome, SessionsElsewhere } from './sessionsElsewhere';
import { closeWith, sendJson } from './socketSend';

/** How long a new agent socket may stay silent before it must sign in. */
const JOIN_TIMEOUT_MS = 10_000;
/**
 * Most messages held while a join is being settled: above the agent rate limit's burst (2 s of
 * LOOKALONG_AGENT_MESSAGES_PER_SECOND by default), which closes a flooding socket first and
 * bounds the bytes held.
 */
const MAX_HELD_MESSAGES = 256;

/** Relay-wide guards of the `join`: tickets, per-agent socket cap, code-guessing throttles. */
export interface AgentAdmission {
  tickets: AgentTicketBook;
  /** Open sockets per agent id (counted on every node when there are several). */
  agentSockets: SocketSlots;
  /** Wrong codes per agent id (shared by every node when there are several). */
  agentCodeGuesses: GuessThrottle;
  /** Wrong codes per client address (shared by every node when there are several). */
  peerCodeGuesses: GuessThrottle;
}

/** What one agent socket is wired to. */
export interface AgentSocketContext {
  /** The client's address, as clientAddress.ts resolves it (for the per-address guessing throttle). */
  peer: string;
  registry: SessionRegistry;
  counters: RelayCounters;
  admission: AgentAdmission;
  limiter: SocketRateLimiter;
  /** The other nodes, when the relay runs as several (LOOKALONG_REDIS_URL); null on a single node. */
  elsewhere: SessionsElsewhere | null;
}

/** Wires one accepted agent socket into the registry. */
export function handleAgentConnection(ws: WebSocket, { peer, registry, counters, admission, limiter, elsewhere }: AgentSocketContext): void {
  let seat: AgentSeat | undefined;
  /** Messages that arrived while the join was being settled; null when not joining. */
  let held: Array<{ bytes: Buffer; isBinary: boolean }> | null = null;
  let expiryTimer: NodeJS.Timeout | undefined;
  /** Gives back this socket's slot in `admission.agentSockets`, once signed in. */
  let releaseSlot: (() => void) | undefined;
  const joinTimer = setTimeout(() => closeWith(ws, CloseCode.signInTimeout, 'no sign-in within 10 s'), JOIN_TIMEOUT_MS);

  const refuse = (code: number, message: string): void => {
    sendJson(ws, { t: 'error', message });
    closeWith(ws, code, message);
  };

  /** Applies the relay-wide guards of a join; false (socket refused, or already closed) when one of them says no. */
  const passesGuards = async (agent: AgentIdentity): Promise<boolean> => {
    const waits = await Promise.all([admission.agentCodeGuesses.retryAfterMs(agent.id), admission.peerCodeGuesses.retryAfterMs(peer)]);
    // Closed meanwhile: nothing may be counted for it any more.
    if (ws.readyState !== ws.OPEN) return false;
    const waitMs = Math.max(...waits);
    if (waitMs > 0) {
      refuse(CloseCode.rateLimited, `too many wrong session codes: retry in ${Math.ceil(waitMs / 1000)} s`);
      return false;
    }
    const release = await admission.agentSockets.take(agent.id);
    if (!release) {
      refuse(CloseCode.rateLimited, `too many sockets for this agent (at most ${admission.agentSockets.maxPerKey})`);
      return false;
    }
    if (ws.readyState !== ws.OPEN) {
      release();
      return false;
    }
    releaseSlot = release;
    return true;
  };

  /** Seats the agent, tells it the session ended, or refuses an unknown code (counted as a miss first). */
  const settle = async (agent: AgentIdentity, code: string, outcome: SeatOutcome): Promise<void> => {
    if ('seat' in outcome) {
      seat = outcome.seat;
      const msLeft = agent.exp * 1000 - Date.now();
      expiryTimer = setTimeout(() => refuse(CloseCode.unauthorized, 'agent token expired'), Math.min(msLeft, 2 ** 31 - 1));
      // The socket may have closed while the other nodes were asked.
      if (ws.readyState !== ws.OPEN) seat.leave();
      return;
    }
    if ('ended' in outcome) {
      sendJson(ws, { t: 'ended', reason: outcome.ended });
      closeWith(ws, CloseCode.sessionEnded, `session ended: ${outcome.ended}`);
      return;
    }
    // Counted on every node before the refusal is sent, so the next guess anywhere sees it.
    await Promise.all([admission.agentCodeGuesses.recordMiss(agent.id), admission.peerCodeGuesses.recordMiss(peer)]);
    refuse(CloseCode.unknownSession, `no waiting session has code ${code}`);
  };

  /** The session `code` names, on this node or another; a code of another site's session answers like an unknown one. */
  const join = async (agent: AgentIdentity, code: string): Promise<void> => {
    if (!(await passesGuards(agent))) return;
    const maySee = (site: string): boolean => agentMaySee(agent, site);
    const found = registry.findByCode(code);
    if (found && maySee(found.site)) return settle(agent, code, { seat: seatInRoom(found, found.localViewer(ws, agent), counters) });
    const endReason = registry.endReason(code, maySee);
    if (endReason || !elsewhere) return settle(agent, code, endReason ? { ended: endReason } : { unknown: true });
    return settle(agent, code, await elsewhere.seatAgent(ws, agent, code, maySee));
  };

  /** Signs in with the ticket (this node's, else any node's) and joins. */
  const signIn = async ({ ticket, code }: JoinMessage): Promise<void> => {
    const agent = admission.tickets.redeem(ticket) ?? (elsewhere ? await elsewhere.redeemTicket(ticket) : null);
    if (agent) return join(agent, code);
    refuse(CloseCode.unauthorized, 'ticket refused: unknown, already used or expired');
  };

  /** Runs the async join; what the console sends meanwhile is handled afterwards, in order; a failure closes as a restart would. */
  const waitForOtherNodes = (work: Promise<void>): void => {
    held = [];
    work.catch(() => closeWith(ws, 1012, 'relay nodes unreachable: reconnect to retry')).finally(() => {
      const queued = held ?? [];
      held = null;
      for (const { bytes, isBinary } of queued) onFrame(bytes, isBinary);
    });
  };

  /** Handles one message (once the join, if any, has settled). */
  const onFrame = (bytes: Buffer, isBinary: boolean): void => {
    if (ws.readyState !== ws.OPEN) return;
    if (isBinary) {
      dropAgentMessage(counters, 'binary frame');
      closeWith(ws, CloseCode.protocolError, 'agents may not send binary frames');
      return;
    }
    try {
      onControl(parseAgentMessage(bytes.toString('utf8')));
    } catch (err) {
      if (!(err instanceof ProtocolError)) throw err;
      dropAgentMessage(counters, err.message);
      closeWith(ws, CloseCode.protocolError, err.message);
    }
  };

  const onControl = (message: AgentMessage): void => {
    if (message.t === 'ping') {
      sendJson(ws, { t: 'pong', n: message.n });
      return;
    }
    if (message.t === 'join') {
      if (seat) {
        dropAgentMessage(counters, '"join" sent twice');
        closeWith(ws, CloseCode.protocolError, '"join" sent twice');
        return;
      }
      clearTimeout(joinTimer);
      waitForOtherNodes(signIn(message));
      return;
    }
    if (seat) seat.handle(message);
    else {
      dropAgentMessage(counters, `"${message.t}" before join`);
      closeWith(ws, CloseCode.protocolError, `"${message.t}" before join`);
    }
  };

  ws.on('message', (data, isBinary) => {
    if (ws.readyState !== ws.OPEN) return;
    if (!limiter.allow((data as Buffer).byteLength)) {
      counters.rateLimited += 1;
      closeWith(ws, CloseCode.rateLimited, 'rate limit exceeded');
      return;
    }
    if (!held) onFrame(data as Buffer, isBinary);
    else if (held.length < MAX_HELD_MESSAGES) held.push({ bytes: data as Buffer, isBinary });
    else closeWith(ws, CloseCode.protocolError, 'too many messages before the join was settled');
  });

  ws.on('close', () => {
    clearTimeout(joinTimer);
    clearTimeout(expiryTimer);
    releaseSlot?.();
    seat?.leave();
  });
}
