/**
 * One agent socket's outgoing path on this node. Regular frames always go out in order, bounded
 * by the send-buffer cap (past it the viewer is dropped and resyncs on reconnect). Transient
 * frames (pointer, page scroll) are coalesced while the viewer is congested: only the latest of
 * each kind is kept and sent once the buffer drains, or just before the next regular frame.
 * The same link serves an agent whose session is homed on another node (bus/forwardedAgent.ts),
 * so backpressure is always applied at the real socket.
 */
import type WebSocket from 'ws';
import { CloseCode } from '../../../protocol/closeCodes';
import type { FrameKind } from '../../../protocol/envelope';
import type { EndReason } from '../../../protocol/messages';
import type { AgentIdentity } from '../auth/agentToken';
import type { RelayCounters } from './relayCounters';
import { closeWith, sendFrameBounded, sendJson } from './socketSend';
import type { ViewerEndpoint } from './viewerEndpoint';
import { batchWritesThisTick } from './writeBatching';

/** How often a congested viewer is checked for a drained buffer. */
const DRAIN_CHECK_MS = 25;

/** An agent socket on this node with its agent and its coalescing state. */
export class ViewerLink implements ViewerEndpoint {
  private readonly pending = new Map<FrameKind, Buffer>();
  private drainTimer: NodeJS.Timeout | undefined;
  private dropped = false;

  constructor(
    readonly ws: WebSocket,
    readonly agent: AgentIdentity,
    private readonly hardCapBytes: number,
    private readonly counters: RelayCounters,
    /** Called once the link has closed itself (4008): its send buffer passed the cap. */
    private readonly onTooSlow: (link: ViewerLink) => void,
  ) {}

  /** Above this many buffered bytes the viewer counts as congested. */
  private get softCapBytes(): number {
    return this.hardCapBytes / 4;
  }

  /**
   * Sends a regular frame after any coalesced ones; false once the viewer has been dropped.
   * `allowanceBytes` raises the cap for this frame (a late joiner's checkpoint replay).
   */
  sendRegular(frame: Buffer, allowanceBytes = 0): boolean {
    return this.flushPending() && this.sendNow(frame, allowanceBytes);
  }

  /** Sends a transient frame now, or keeps it as the latest of its kind while congested. */
  sendTransient(kind: FrameKind, frame: Buffer): void {
    if (this.dropped) return;
    if (this.ws.bufferedAmount > this.softCapBytes) {
      if (this.pending.has(kind)) this.counters.framesCoalesced += 1;
      this.pending.set(kind, frame);
      this.armDrainCheck();
      return;
    }
    this.pending.delete(kind);
    this.sendNow(frame);
  }

  sendJson(message: object): void {
    sendJson(this.ws, message);
  }

  end(reason: EndReason): void {
    this.dispose();
    if (this.ws.bufferedAmount > 0) {
      this.counters.viewersCutOnEnd += 1;
      this.ws.terminate();
      return;
    }
    sendJson(this.ws, { t: 'ended', reason });
    closeWith(this.ws, CloseCode.sessionEnded, `session ended: ${reason}`);
  }

  close(code: number, reason: string): void {
    closeWith(this.ws, code, reason);
  }

  /** Forgets coalesced frames and timers (viewer left or session ended). */
  dispose(): void {
    clearTimeout(this.drainTimer);
    this.pending.clear();
  }

  private flushPending(): boolean {
    for (const frame of this.pending.values()) if (!this.sendNow(frame)) return false;
    this.pending.clear();
    clearTimeout(this.drainTimer);
    this.drainTimer = undefined;
    return !this.dropped;
  }

  private armDrainCheck(): void {
    this.drainTimer ??= setTimeout(() => {
      this.drainTimer = undefined;
      if (this.ws.bufferedAmount <= this.softCapBytes) this.flushPending();
      else if (this.pending.size > 0) this.armDrainCheck();
    }, DRAIN_CHECK_MS);
  }

  private sendNow(frame: Buffer, allowanceBytes = 0): boolean {
    if (this.dropped) return false;
    batchWritesThisTick(this.ws);
    const sent = sendFrameBounded(this.ws, frame, this.hardCapBytes + allowanceBytes, () => {
      this.dropped = true;
      this.dispose();
      this.counters.viewersDroppedSlow += 1;
      this.close(CloseCode.tooSlow, 'viewer too slow: reconnect to resync');
      this.onTooSlow(this);
    });
    if (sent) {
      this.counters.framesOut += 1;
      this.counters.bytesOut += frame.byteLength;
      // A checkpoint replay (allowance) re-sends old frames: not a delivery of a fresh one.
      if (allowanceBytes === 0) this.counters.deliveryLatency.frameSent(frame);
    }
    return sent;
  }
}
