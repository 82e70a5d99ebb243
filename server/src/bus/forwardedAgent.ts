/**
 * On an agent's node, an agent socket whose session is homed on another node. What the agent
 * sends after its join goes to the home node; what the home node sends comes back numbered and
 * goes out through a ViewerLink, so coalescing and the send-buffer cap act on the real socket.
 * A gap in the numbering (the bus is at-most-once) asks the home node for the state again and a
 * fresh checkpoint; once the session ends here nothing more is delivered (invariant 4).
 */
import { randomBytes } from 'node:crypto';
import type WebSocket from 'ws';
import { decodeFrame, FrameKind } from '../../../protocol/envelope';
import type { AgentIdentity } from '../auth/agentToken';
import type { AgentSeat, SeatedAgentMessage } from '../relay/agentSeat';
import type { RelayCounters } from '../relay/relayCounters';
import { SESSION_MOVED } from '../relay/sessionMoved';
import { ViewerLink } from '../relay/viewerLink';
import type { ToViewerMessage, ViewerFrame } from './busWire';
import type { NodeMail } from './nodeMail';

/** How often a join is sent again while the home node has not answered (the bus may have lost it). */
const JOIN_RETRY_MS = 1000;
/** How many times a join is sent before the agent is told to reconnect. */
const JOIN_ATTEMPTS = 5;
/** How long a resync may take before it is asked again (the request itself may be lost on the bus). */
const RESYNC_RETRY_MS = 2000;
/** Most times a resync is asked again before the agent is told to reconnect. */
const RESYNC_RETRIES = 3;

/** What a forwarded agent needs from its node. */
export interface ForwardingContext {
  mail: NodeMail;
  /** This node's name (where the home node answers). */
  nodeId: string;
  counters: RelayCounters;
  sendBufferMaxBytes: number;
  /** The agent is done here (left, ended, closed): its node forgets it. */
  forget(agent: ForwardedAgent): void;
}

/** True when `frame`'s envelope says a checkpoint starts (the envelope is all that is read). */
function startsCheckpoint(frame: Buffer): boolean {
  const decoded = decodeFrame(frame);
  return decoded.ok && decoded.frame.kind === FrameKind.checkpoint;
}

/** An agent socket on this node seated in a session homed on `home`. */
export class ForwardedAgent implements AgentSeat {
  /** The viewer's id on the bus. */
  readonly id = randomBytes(12).toString('base64url');
  private readonly link: ViewerLink;
  private received = 0;
  private done = false;
  private answerTimer: NodeJS.Timeout | undefined;
  /** Set while a resync waits for its checkpoint. */
  private resyncTimer: NodeJS.Timeout | undefined;

  constructor(
    ws: WebSocket,
    agent: AgentIdentity,
    /** The node the session is homed on. */
    readonly home: string,
    /** The session's id. */
    readonly session: string,
    private readonly ctx: ForwardingContext,
  ) {
    this.link = new ViewerLink(ws, agent, ctx.sendBufferMaxBytes, ctx.counters, () => this.tooSlow());
  }

  /** Asks the home node to seat the agent, again until it answers. */
  join(attemptsLeft = JOIN_ATTEMPTS): void {
    const { mail, nodeId } = this.ctx;
    mail.send(this.home, { t: 'join', viewer: this.id, from: nodeId, session: this.session, agent: this.link.agent });
    this.answerTimer = setTimeout(() => {
      if (attemptsLeft > 1) this.join(attemptsLeft - 1);
      else this.finish(SESSION_MOVED.code, SESSION_MOVED.reason);
    }, JOIN_RETRY_MS);
  }

  handle(message: SeatedAgentMessage): void {
    if (this.done) return;
    this.ctx.mail.send(this.home, { t: 'agent', viewer: this.id, message });
    if (message.t === 'resync') this.awaitCheckpoint(RESYNC_RETRIES);
  }

  leave(): void {
    if (this.done) return;
    this.ctx.mail.send(this.home, { t: 'leave', viewer: this.id, reason: 'closed' });
    this.forget();
  }

  /** The home node went away or gave the session to another node: the agent reconnects and finds it. */
  homeGone(): void {
    this.finish(SESSION_MOVED.code, SESSION_MOVED.reason);
  }

  /** Applies one message from the home node. */
  receive(message: ToViewerMessage | ViewerFrame): void {
    if (this.done) return;
    clearTimeout(this.answerTimer);
    if (message.t === 'gone') return this.finish(SESSION_MOVED.code, SESSION_MOVED.reason);
    if (message.n !== this.received + 1) this.recover(RESYNC_RETRIES);
    this.received = message.n;
    switch (message.t) {
      case 'frame':
        if (this.resyncTimer && startsCheckpoint(message.frame)) {
          clearTimeout(this.resyncTimer);
          this.resyncTimer = undefined;
        }
        if (message.transientKind !== 0) this.link.sendTransient(message.transientKind as FrameKind, message.frame);
        else this.link.sendRegular(message.frame, message.allowanceBytes);
        return;
      case 'json':
        this.link.sendJson(message.message);
        return;
      case 'end':
        this.forget();
        this.link.end(message.reason);
        return;
      case 'close':
        this.finish(message.code, message.reason);
        return;
    }
  }

  /** Asks the home node for the state again and a fresh checkpoint, again while none comes. */
  private recover(triesLeft: number): void {
    this.ctx.mail.send(this.home, { t: 'recover', viewer: this.id });
    this.awaitCheckpoint(triesLeft);
  }

  private awaitCheckpoint(triesLeft: number): void {
    clearTimeout(this.resyncTimer);
    this.resyncTimer = setTimeout(() => {
      this.resyncTimer = undefined;
      if (triesLeft > 0) this.recover(triesLeft - 1);
      else this.finish(SESSION_MOVED.code, SESSION_MOVED.reason);
    }, RESYNC_RETRY_MS);
  }

  private tooSlow(): void {
    this.ctx.mail.send(this.home, { t: 'leave', viewer: this.id, reason: 'too-slow' });
    this.forget();
  }

  private finish(code: number, reason: string): void {
    this.forget();
    this.link.close(code, reason);
  }

  private forget(): void {
    if (this.done) return;
    this.done = true;
    clearTimeout(this.answerTimer);
    clearTimeout(this.resyncTimer);
    this.link.dispose();
    this.ctx.forget(this);
  }
}
