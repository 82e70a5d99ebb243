/**
 * What the relay asks of the other nodes when a ticket, a session code or a resume token is not
 * known on this one. Implemented by bus/cluster.ts when LOOKALONG_REDIS_URL is set; a single
 * node has none and everything stays in memory.
 */
import type WebSocket from 'ws';
import type { EndReason } from '../../../protocol/messages';
import type { AgentIdentity } from '../auth/agentToken';
import type { ListedSession } from '../sessions/listedSession';
import type { EndedByCode } from '../sessions/sessionRegistry';
import type { SessionRoom } from './sessionRoom';
import type { AgentSeat } from './agentSeat';

/** Where an agent's join ended up. */
export type SeatOutcome = { seat: AgentSeat } | { ended: EndReason } | { unknown: true };

/** A session opened on this node, with the shopper's resume token. */
export interface OpenedSession {
  room: SessionRoom;
  resumeToken: string;
}

/** The deployment's other nodes, through the shared engine. */
export interface SessionsElsewhere {
  /** The agent a ticket issued by any node was for, once; null for an unknown, used or expired ticket. */
  redeemTicket(ticket: string): Promise<AgentIdentity | null>;
  /**
   * Seats an agent in the session with `code`, wherever it is homed; `maySee` says whether the
   * agent may see a site (another site's session answers like an unknown one).
   */
  seatAgent(ws: WebSocket, agent: AgentIdentity, code: string, maySee: (site: string) => boolean): Promise<SeatOutcome>;
  /** Opens a session homed on this node, with a code no other node uses. */
  openSession(site: string, lang: string, title: string | undefined, createdBy: string): Promise<OpenedSession>;
  /** Brings the session of a resume token home to this node (its shopper page reconnected here). */
  resumeSession(resumeToken: string, site: string): Promise<SessionRoom | undefined>;
  /** Every open session of every node, for the agents' queue. */
  listed(): Promise<ListedSession[]>;
  /** Ends the session with `code` homed on another node, if `mayEnd` its site; null when there is none. */
  endElsewhere(code: string, mayEnd: (site: string) => boolean, actor: string): Promise<EndedByCode | null>;
}
