/** Agents waiting for the shopper's answer in one room, by request id. */
import { randomBytes } from 'node:crypto';
import { CloseCode } from '../../../protocol/closeCodes';
import type { EndReason, JoinRequestMessage } from '../../../protocol/messages';
import type { ViewerEndpoint } from './viewerEndpoint';
import { publicAgent } from './viewerGroup';

/** Open join requests, oldest first; each is answered once or dropped when its agent leaves. */
export class JoinRequests {
  private readonly byId = new Map<string, ViewerEndpoint>();
  /** The request whose dialog the shopper is looking at. */
  private shown: string | null = null;

  /** `tell` sends the shopper a dialog request; false when no shopper page is connected. */
  constructor(private readonly tell: (message: JoinRequestMessage) => boolean) {}

  /** Number of open requests. */
  get size(): number {
    return this.byId.size;
  }

  /** Opens a request (shown to the shopper by `askNext`). */
  open(viewer: ViewerEndpoint): void {
    this.byId.set(randomBytes(12).toString('base64url'), viewer);
  }

  /** Removes and returns the agent waiting under this id (unknown ids: the agent already left). */
  take(requestId: string): ViewerEndpoint | undefined {
    const viewer = this.byId.get(requestId);
    this.byId.delete(requestId);
    if (requestId === this.shown) this.shown = null;
    return viewer;
  }

  /** Forgets the requests of an agent that left. */
  drop(viewer: ViewerEndpoint): void {
    for (const [requestId, waiting] of this.byId) {
      if (waiting !== viewer) continue;
      this.byId.delete(requestId);
      if (requestId === this.shown) this.shown = null;
    }
  }

  /**
   * Shows the shopper one consent dialog at a time, oldest request first: the next one once the
   * shown one is answered, or at once when the agent it names has left. With no shopper page
   * connected nothing is shown; it is asked again when one attaches.
   */
  askNext(): void {
    if (this.shown !== null) return;
    for (const [requestId, viewer] of this.byId) {
      if (this.tell({ t: 'join-request', requestId, agent: publicAgent(viewer.agent) })) this.shown = requestId;
      return;
    }
  }

  /** A new shopper page shows no dialog yet. */
  forgetShown(): void {
    this.shown = null;
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
