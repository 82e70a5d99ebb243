/** The consented viewers of one room: their outgoing links, frame fan-out and control messages. */
import type WebSocket from 'ws';
import { isTransientKind, type FrameKind } from '../../../protocol/envelope';
import type { AgentPublic } from '../../../protocol/messages';
import type { AgentIdentity } from '../auth/agentToken';
import type { RelayCounters } from './relayCounters';
import { sendJson } from './socketSend';
import { ViewerLink } from './viewerLink';

/** Public view of an agent (no token claims beyond identity; never the role). */
export function publicAgent(agent: AgentIdentity): AgentPublic {
  return agent.org ? { id: agent.id, name: agent.name, org: agent.org } : { id: agent.id, name: agent.name };
}

/** Viewers keyed by socket. */
export class ViewerGroup {
  private readonly links = new Map<WebSocket, ViewerLink>();

  constructor(
    private readonly sendBufferMaxBytes: number,
    private readonly counters: RelayCounters,
    /** A viewer fell past its send-buffer cap and must be dropped to a resync. */
    private readonly onTooSlow: (link: ViewerLink) => void,
  ) {}

  /** Number of viewers. */
  get size(): number {
    return this.links.size;
  }

  /** Adds a viewer and returns its link. */
  add(ws: WebSocket, agent: AgentIdentity): ViewerLink {
    const link = new ViewerLink(ws, agent, this.sendBufferMaxBytes, this.counters, this.onTooSlow);
    this.links.set(ws, link);
    return link;
  }

  /** The viewer on `ws`, if any. */
  get(ws: WebSocket): ViewerLink | undefined {
    return this.links.get(ws);
  }

  /** Removes (and disposes) the viewer on `ws`; returns it if there was one. */
  remove(ws: WebSocket): ViewerLink | undefined {
    const link = this.links.get(ws);
    link?.dispose();
    this.links.delete(ws);
    return link;
  }

  /** Sends one shopper frame to every viewer (transient kinds may be coalesced). */
  relay(frame: Buffer, kind: FrameKind): void {
    const transient = isTransientKind(kind);
    for (const link of this.links.values()) {
      if (transient) link.sendTransient(kind, frame);
      else link.sendRegular(frame);
    }
  }

  /** Sends a control message to every viewer. */
  broadcast(message: object): void {
    for (const ws of this.links.keys()) sendJson(ws, message);
  }

  /** The viewers as the shopper sees them. */
  publicList(): AgentPublic[] {
    return [...this.links.values()].map((link) => publicAgent(link.agent));
  }

  /**
   * Session over: viewers with frames still queued are cut off at once (the queue is discarded,
   * not flushed), the others get `farewell`. Empties the group.
   */
  closeAll(farewell: (ws: WebSocket) => void): void {
    for (const [ws, link] of this.links) {
      link.dispose();
      if (ws.bufferedAmount > 0) {
        this.counters.viewersCutOnEnd += 1;
        ws.terminate();
      } else {
        farewell(ws);
      }
    }
    this.links.clear();
  }
}
