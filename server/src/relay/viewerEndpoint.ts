/**
 * Where a room's messages for one agent go. A socket on this node (ViewerLink) and a proxy to
 * a socket on another node (bus/remoteViewer.ts) both implement it, so the room never knows
 * which one it talks to.
 */
import type { FrameKind } from '../../../protocol/envelope';
import type { EndReason } from '../../../protocol/messages';
import type { AgentIdentity } from '../auth/agentToken';

/** One agent of a room, pending consent or admitted, wherever its socket is. */
export interface ViewerEndpoint {
  readonly agent: AgentIdentity;
  /** Sends a control message. */
  sendJson(message: object): void;
  /**
   * Sends a regular frame in order; false once the viewer was dropped as too slow.
   * `allowanceBytes` raises the send-buffer cap for this frame (a late joiner's checkpoint).
   */
  sendRegular(frame: Buffer, allowanceBytes?: number): boolean;
  /** Sends a transient frame (pointer, page scroll), which a congested viewer may coalesce. */
  sendTransient(kind: FrameKind, frame: Buffer): void;
  /**
   * The session ended (invariant 4): a viewer with frames still queued is cut off at once and
   * the queue discarded; otherwise it is told `ended` and closed (4000).
   */
  end(reason: EndReason): void;
  /** Closes the agent's socket with `code` and `reason` (denied, moved, too slow). */
  close(code: number, reason: string): void;
  /** Forgets coalesced frames and timers (viewer removed from the room). */
  dispose(): void;
}
