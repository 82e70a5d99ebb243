/** The consented viewers of one room: frame fan-out and control messages, wherever their sockets are. */
import { isTransientKind, type FrameKind } from '../../../protocol/envelope';
import type { AgentPublic, EndReason } from '../../../protocol/messages';
import type { AgentIdentity } from '../auth/agentToken';
import type { ViewerEndpoint } from './viewerEndpoint';

/** Public view of an agent (no token claims beyond identity; never the role). */
export function publicAgent(agent: AgentIdentity): AgentPublic {
  return agent.org ? { id: agent.id, name: agent.name, org: agent.org } : { id: agent.id, name: agent.name };
}

/** The admitted viewers of a room. */
export class ViewerGroup {
  private readonly endpoints = new Set<ViewerEndpoint>();

  /** Number of viewers. */
  get size(): number {
    return this.endpoints.size;
  }

  /** Adds an admitted viewer. */
  add(viewer: ViewerEndpoint): void {
    this.endpoints.add(viewer);
  }

  /** True when `viewer` is admitted. */
  has(viewer: ViewerEndpoint): boolean {
    return this.endpoints.has(viewer);
  }

  /** Removes (and disposes) a viewer; true if it was one. */
  remove(viewer: ViewerEndpoint): boolean {
    if (!this.endpoints.delete(viewer)) return false;
    viewer.dispose();
    return true;
  }

  /** Sends one shopper frame to every viewer (transient kinds may be coalesced). */
  relay(frame: Buffer, kind: FrameKind): void {
    const transient = isTransientKind(kind);
    for (const viewer of this.endpoints) {
      if (transient) viewer.sendTransient(kind, frame);
      else viewer.sendRegular(frame);
    }
  }

  /** Sends a control message to every viewer. */
  broadcast(message: object): void {
    for (const viewer of this.endpoints) viewer.sendJson(message);
  }

  /** The viewers as the shopper sees them. */
  publicList(): AgentPublic[] {
    return [...this.endpoints].map((viewer) => publicAgent(viewer.agent));
  }

  /** Session over: every viewer is ended (cut off at once when frames are queued). Empties the group. */
  endAll(reason: EndReason): void {
    const viewers = [...this.endpoints];
    this.endpoints.clear();
    for (const viewer of viewers) viewer.end(reason);
  }

  /** Closes every viewer with `code` (the session moved to another node). Empties the group. */
  closeAll(code: number, reason: string): void {
    const viewers = [...this.endpoints];
    this.endpoints.clear();
    for (const viewer of viewers) {
      viewer.dispose();
      viewer.close(code, reason);
    }
  }
}
