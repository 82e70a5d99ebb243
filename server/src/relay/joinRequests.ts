/** Agents waiting for the shopper's answer in one room, by request id. */
import { randomBytes } from 'node:crypto';
import { CloseCode } from '../../../protocol/closeCodes';
import type { EndReason, JoinRequestMessage } from '../../../protocol/messages';
import type { ViewerEndpoint } from './viewerEndpoint';
import { publicAgent } from './viewerGroup';

/** Open join requests; each is answered once or dropped when its agent leaves. */
export class JoinRequests {
  private readonly byId = new Map<string, ViewerEndpoint>();

  /** Number of open requests. */
  get size(): number {
    return this.byId.size;
  }

  /** Opens a request and returns the message that asks the shopper. */
  open(viewer: ViewerEndpoint): JoinRequestMessage {
    const requestId = randomBytes(12).toString('base64url');
    this.byId.set(requestId, viewer);
    return { t: 'join-request', requestId, agent: publicAgent(viewer.agent) };
  }

  /** Removes and returns the agent waiting under this id (unknown ids: the agent already left). */
  take(requestId: string): ViewerEndpoint | undefined {
    const viewer = this.byId.get(requestId);
    this.byId.delete(requestId);
    return viewer;
  }

  /** Forgets the requests of an agent that left. */
  drop(viewer: ViewerEndpoint): void {
    for (const [requestId, waiting] of this.byId) if (waiting === viewer) this.byId.delete(requestId);
  }

  /** The messages to ask again (a reloaded shopper page). */
  messages(): JoinRequestMessage[] {
    return [...this.byId].map(([requestId, viewer]) => ({ t: 'join-request', requestId, agent: publicAgent(viewer.agent) }));
  }

  /** The session ended: every waiting agent is told why and closed (4000). Empties the requests. */
  endAll(reason: EndReason): void {
    for (const viewer of this.drain()) {
      viewer.sendJson({ t: 'ended', reason });
      viewer.close(CloseCode.sessionEnded, `session ended: ${reason}`);
    }
  }

  /** Closes every waiting agent with `code` (the session moved to another node). Empties the requests. */
  closeAll(code: number, reason: string): void {
    for (const viewer of this.drain()) viewer.close(code, reason);
  }

  private drain(): ViewerEndpoint[] {
    const viewers = [...this.byId.values()];
    this.byId.clear();
    return viewers;
  }
}
