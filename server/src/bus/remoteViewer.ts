/**
 * On a session's home node, an agent whose socket is on another node: everything the room sends
 * it is published to that node (numbered, so a loss shows there), where the agent's ViewerLink
 * applies backpressure at the real socket (bus/forwardedAgent.ts).
 */
import type { FrameKind } from '../../../protocol/envelope';
import type { EndReason } from '../../../protocol/messages';
import type { AgentIdentity } from '../auth/agentToken';
import type { ViewerEndpoint } from '../relay/viewerEndpoint';
import type { NodeMail } from './nodeMail';

/** A room's proxy for an agent socket on node `node`. */
export class RemoteViewer implements ViewerEndpoint {
  private sent = 0;

  constructor(
    /** The viewer's id, chosen by its node. */
    readonly id: string,
    readonly agent: AgentIdentity,
    /** The node the agent's socket is on. */
    readonly node: string,
    private readonly mail: NodeMail,
    /** The viewer was ended or closed: the home node forgets it. */
    private readonly onGone: (viewer: RemoteViewer) => void,
  ) {}

  sendJson(message: object): void {
    this.mail.send(this.node, { t: 'json', viewer: this.id, n: ++this.sent, message });
  }

  sendRegular(frame: Buffer, allowanceBytes = 0): boolean {
    this.mail.sendFrame(this.node, this.id, ++this.sent, 0, allowanceBytes, frame);
    return true;
  }

  sendTransient(kind: FrameKind, frame: Buffer): void {
    this.mail.sendFrame(this.node, this.id, ++this.sent, kind, 0, frame);
  }

  end(reason: EndReason): void {
    this.mail.send(this.node, { t: 'end', viewer: this.id, n: ++this.sent, reason });
    this.onGone(this);
  }

  close(code: number, reason: string): void {
    this.mail.send(this.node, { t: 'close', viewer: this.id, n: ++this.sent, code, reason });
    this.onGone(this);
  }

  dispose(): void {
    // Nothing is held here: frames wait, if at all, in the agent's ViewerLink on its own node.
  }
}
