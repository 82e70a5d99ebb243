/** Agents waiting for the shopper's answer in one room, by request id. */
import { randomBytes } from 'node:crypto';
import type WebSocket from 'ws';
import type { JoinRequestMessage } from '../../../protocol/messages';
import type { AgentIdentity } from '../auth/agentToken';
import { publicAgent } from './viewerGroup';

/** An agent waiting for consent. */
export interface PendingJoin {
  socket: WebSocket;
  agent: AgentIdentity;
}

/** Open join requests; each is answered once or dropped when its agent leaves. */
export class JoinRequests {
  private readonly byId = new Map<string, PendingJoin>();

  /** Number of open requests. */
  get size(): number {
    return this.byId.size;
  }

  /** Opens a request and returns the message that asks the shopper. */
  open(socket: WebSocket, agent: AgentIdentity): JoinRequestMessage {
    const requestId = randomBytes(12).toString('base64url');
    this.byId.set(requestId, { socket, agent });
    return { t: 'join-request', requestId, agent: publicAgent(agent) };
  }

  /** Removes and returns the request with this id (unknown ids: the agent already left). */
  take(requestId: string): PendingJoin | undefined {
    const request = this.byId.get(requestId);
    this.byId.delete(requestId);
    return request;
  }

  /** Forgets the requests of an agent socket that closed. */
  dropSocket(ws: WebSocket): void {
    for (const [requestId, request] of this.byId) if (request.socket === ws) this.byId.delete(requestId);
  }

  /** The messages to ask again (a reloaded shopper page). */
  messages(): JoinRequestMessage[] {
    return [...this.byId].map(([requestId, { agent }]) => ({ t: 'join-request', requestId, agent: publicAgent(agent) }));
  }

  /** Every waiting agent socket; empties the requests. */
  drain(): WebSocket[] {
    const sockets = [...this.byId.values()].map((request) => request.socket);
    this.byId.clear();
    return sockets;
  }
}
