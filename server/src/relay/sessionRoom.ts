/**
 * One help session's room on its home node: shopper, agents (local sockets or proxies to other
 * nodes, alike), join requests, frames (roomFrames.ts), recording (roomRecording.ts); enforces
 * waiting → consent → live → ended.
 */
import type WebSocket from 'ws';
import type { FrameHeader } from '../../../protocol/envelope';
import { CloseCode } from '../../../protocol/closeCodes';
import type { EndReason, SessionState } from '../../../protocol/messages';
import type { AuditEvent } from '../audit/auditLog';
import type { AgentIdentity } from '../auth/agentToken';
import type { SessionRecord } from '../sessions/sessionRecord';
import { dropAgentMessage } from './agentDrops';
import { JoinRequests } from './joinRequests';
import { MarkForwarding, type MarkChange } from './markForwarding';
import { ConsentClock } from './consentClock';
import { consentReceipt } from './consentReceipt';
import type { RoomContext } from './roomContext';
import { RoomFrames } from './roomFrames';
import { RoomRecording } from './roomRecording';
import { SESSION_MOVED } from './sessionMoved';
import { ShopperLink } from './shopperLink';
import type { ViewerEndpoint } from './viewerEndpoint';
import { publicAgent, ViewerGroup } from './viewerGroup';
import { ViewerLink } from './viewerLink';

/** The live state of one help session on this relay node. */
export class SessionRoom {
  state: SessionState;
  /** Current recording stream; bumped each time a shopper page attaches. */
  stream: number;
  readonly id: string;
  readonly code: string;
  readonly site: string;
  /** The shopper's language (BCP 47), recorded in consent receipts. */
  readonly lang: string;
  readonly resumeTokenHash: string;
  private readonly shopper = new ShopperLink();
  private readonly viewers = new ViewerGroup();
  private readonly pending = new JoinRequests((request) => this.shopper.tell(this.recording.withOffer(request)));
  private readonly consentedAgents: Set<string>;
  private readonly frames: RoomFrames;
  private readonly consent: ConsentClock;
  private readonly marks: MarkForwarding;
  private readonly recording: RoomRecording;
  /** Set at process shutdown or handover: the room stays saved and nothing more happens to it here. */
  private suspended = false;

  /**
   * Opens a room for a new session, or brings one back from its saved record after a restart.
   * `createdBy` is the audit actor of a new session: `shopper` (hello) or `site-api` (the shop's backend).
   */
  constructor(
    record: SessionRecord,
    private readonly ctx: RoomContext,
    restored: boolean,
    createdBy = 'shopper',
  ) {
    ({ id: this.id, code: this.code, site: this.site, lang: this.lang, resumeTokenHash: this.resumeTokenHash } = record);
    ({ state: this.state, stream: this.stream } = record);
    this.consentedAgents = new Set(record.consentedAgents);
    this.consent = new ConsentClock(record.expiresAt, ctx.consentTtlMs, () => this.end('expired'));
    this.recording = new RoomRecording(ctx.recordings, this, record.recording, (message) => this.shopper.tell(message));
    this.frames = new RoomFrames(ctx.counters, ctx.checkpointMaxBytes, this.viewers, this.recording, () => this.state === 'live' && this.shopper.tell({ t: 'snapshot' }));
    this.marks = new MarkForwarding(ctx.counters, this.viewers, (message) => {
      this.shopper.tell(message);
      this.recording.mark(message);
    }, (...entry) => this.audit(...entry));
    if (!restored) {
      this.audit('session.created', createdBy, { lang: this.lang });
      return;
    }
    // Back from a restart: nobody is connected yet; wait for the shopper's page as after a reload.
    if (this.state === 'live') this.consent.resume();
    this.awaitShopper();
  }

  /** The durable part of this session, for the session store. */
  toRecord(): SessionRecord {
    const { id, code, site, lang, resumeTokenHash, stream } = this;
    const state = this.state === 'live' ? 'live' : 'waiting';
    return { id, code, site, lang, resumeTokenHash, stream, state, consentedAgents: [...this.consentedAgents], expiresAt: this.consent.expiresAt, recording: this.recording.saved() };
  }

  /** Stops this room's timers without ending it (process shutdown; the record stays saved). */
  suspend(): void {
    this.suspended = true;
    this.stopTimers();
    this.recording.suspend();
  }

  /**
   * Another node took the session over (`newerPage`: its page reconnected there): the room stops
   * without ending; agents (and the page, unless replaced) reconnect, which brings them there.
   */
  release(newerPage: boolean): void {
    this.suspend();
    this.shopper.moved(newerPage);
    this.viewers.closeAll(SESSION_MOVED.code, SESSION_MOVED.reason);
    this.pending.closeAll(SESSION_MOVED.code, SESSION_MOVED.reason);
  }

  /** The outgoing path for an agent socket on this node; a viewer too slow for its send buffer is dropped to a resync. */
  localViewer(ws: WebSocket, agent: AgentIdentity): ViewerLink {
    return new ViewerLink(ws, agent, this.ctx.sendBufferMaxBytes, this.ctx.counters, (slow) => this.removeAgent(slow, 'too-slow'));
  }

  /** Number of consented viewers currently connected. */
  get viewerCount(): number {
    return this.viewers.size;
  }

  /** Since when the shopper's page is not connected (ms since the epoch); null while it is. */
  get shopperAwaySince(): number | null {
    return this.shopper.awaySince;
  }

  /** Binds a shopper page (new or reloaded) to the room and tells it where things stand. */
  attachShopper(ws: WebSocket, resumeToken: string): void {
    this.shopper.attach(ws);
    this.stream += 1;
    this.frames.clear();
    const { code, stream, state } = this;
    this.shopper.tell({ t: 'session', code, resumeToken, stream, state, viewers: this.viewers.publicList() });
    this.recording.pageAttached();
    this.pending.forgetShown();
    this.pending.askNext();
    if (this.state === 'live') this.shopper.tell(this.consent.message());
    this.viewers.broadcast({ t: 'shopper', connected: true });
    this.ctx.onChanged(this);
  }

  /** The shopper's page went away (reload, navigation, tab closed): wait for it to come back. */
  detachShopper(ws: WebSocket): void {
    if (this.state === 'ended' || this.suspended || !this.shopper.detach(ws)) return;
    this.viewers.broadcast({ t: 'shopper', connected: false });
    this.awaitShopper();
    // The queue (and other nodes' copy of it) shows the page as away.
    this.ctx.onChanged(this);
  }

  /** An authenticated agent asks to watch: re-admit if already consented, else ask the shopper. */
  requestJoin(viewer: ViewerEndpoint): void {
    const { agent } = viewer;
    viewer.sendJson({ t: 'joining', code: this.code, site: this.site });
    if (this.consentedAgents.has(agent.id) && this.state === 'live') {
      this.admit(viewer);
      return;
    }
    this.pending.open(viewer);
    if (this.state === 'waiting') this.state = 'consent';
    this.audit('consent.requested', agent.id, { agentName: agent.name });
    this.pending.askNext();
  }

  /**
   * The shopper answered a consent dialog (`record`: the recording switch). Unknown request ids
   * (agent already gone) are ignored.
   */
  answerConsent(requestId: string, allow: boolean, notice: string, record = false): void {
    const viewer = this.pending.take(requestId);
    if (!viewer) return this.pending.askNext();
    const { agent } = viewer;
    if (!allow) {
      this.audit('consent.denied', 'shopper', { agent: agent.id, notice });
      viewer.sendJson({ t: 'consent', allow: false });
      viewer.close(CloseCode.denied, 'the shopper declined');
      if (this.state === 'consent' && this.pending.size === 0) this.setState(this.viewers.size ? 'live' : 'waiting');
      return this.pending.askNext();
    }
    // Started before the receipt is written, so the recording opens with the consent.
    this.recording.consented(record, () => this.frames.sinceCheckpoint());
    this.audit('consent.granted', 'shopper', consentReceipt(agent, notice, this.lang, this.ctx.consentTtlMs, record));
    this.consentedAgents.add(agent.id);
    if (this.state !== 'live') this.consent.restart();
    this.ctx.onChanged(this);
    this.setState('live');
    this.shopper.tell(this.consent.message());
    this.admit(viewer);
    this.pending.askNext();
  }

  /** The shopper extended the consent by another full period. */
  extendConsent(): void {
    if (this.state !== 'live') return;
    this.consent.restart();
    this.ctx.onChanged(this);
    this.audit('consent.extended', 'shopper', { ttlMs: this.ctx.consentTtlMs });
    const expiry = this.consent.message();
    this.shopper.tell(expiry);
    this.viewers.broadcast(expiry);
  }

  /** An agent's socket closed or was dropped. */
  removeAgent(viewer: ViewerEndpoint, reason: 'closed' | 'too-slow' = 'closed'): void {
    this.pending.drop(viewer);
    this.pending.askNext();
    if (!this.viewers.remove(viewer)) return;
    if (this.state !== 'ended') {
      this.audit('viewer.left', viewer.agent.id, { reason });
      this.sendViewers();
    }
  }

  /** Forwards one shopper frame (opaque bytes) of a live session's current stream; anything else is refused. */
  relayFrame(frame: Buffer, header: FrameHeader): void {
    if (this.state === 'live' && header.stream === this.stream) this.frames.relay(frame, header.kind);
    else this.ctx.counters.framesRefused += 1;
  }

  /** Forwards a validated mark change from a consented viewer of a live session; anything else is dropped. */
  relayMarks(viewer: ViewerEndpoint, change: MarkChange): void {
    if (this.viewers.has(viewer) && this.state === 'live' && this.shopper.connected) this.marks.forward(publicAgent(viewer.agent), change);
    else dropAgentMessage(this.ctx.counters, `"${change.t}" from an agent who is not a viewer of a live session`);
  }

  /** The shopper dismissed every mark on their page: every viewer is told. */
  dismissMarks(): void {
    if (this.state === 'live') this.marks.dismissed();
  }

  /** True when `viewer` is a consented viewer of this room. */
  isViewer(viewer: ViewerEndpoint): boolean {
    return this.viewers.has(viewer);
  }

  /** A viewer on another node may have missed messages (at-most-once bus): state again, and a fresh checkpoint. */
  recoverViewer(viewer: ViewerEndpoint): void {
    if (!this.viewers.has(viewer)) return;
    this.tellWhereThingsStand(viewer);
    viewer.sendJson({ t: 'viewers', viewers: this.viewers.publicList() });
    this.requestSnapshot();
  }

  /** Asks the shopper's recorder for a fresh checkpoint, at most once a second. */
  requestSnapshot(): void {
    this.frames.requestSnapshot();
  }

  /**
   * Ends the session everywhere: no frame is accepted or delivered after this (invariant 4); a
   * viewer with frames still queued is cut off at once and learns why when it reconnects.
   * `actor` is who the audit names (default: `agent` for agent-ended, else `shopper`).
   */
  end(reason: EndReason, actor = reason === 'agent-ended' ? 'agent' : 'shopper'): void {
    if (this.state === 'ended' || this.suspended) return;
    this.state = 'ended';
    this.stopTimers();
    this.frames.clear();
    if (reason === 'shopper-stopped') this.audit('consent.revoked', 'shopper');
    if (reason === 'expired') this.audit('consent.expired', 'relay');
    this.audit('session.ended', actor, { reason, annotations: this.marks.sentCount });
    this.recording.end();
    this.viewers.endAll(reason);
    this.pending.endAll(reason);
    this.shopper.end(reason);
    this.ctx.onEnded(this, reason);
  }

  /**
   * No shopper page connected: the session ends unless one comes (back) within `ms` — the resume
   * grace period, or for a session created by the shop's backend the time its page has to pick it up.
   */
  awaitShopper(ms = this.ctx.resumeGraceMs): void {
    this.shopper.awaitReturn(ms, () => this.end('shopper-left'));
  }

  private stopTimers(): void {
    this.shopper.stopWaiting();
    this.consent.stop();
    this.frames.stop();
  }

  private admit(viewer: ViewerEndpoint): void {
    this.viewers.add(viewer);
    this.recording.agentWatched(publicAgent(viewer.agent));
    this.audit('viewer.joined', viewer.agent.id, { agentName: viewer.agent.name });
    viewer.sendJson({ t: 'consent', allow: true });
    this.tellWhereThingsStand(viewer);
    this.frames.startViewer(viewer);
    this.sendViewers();
  }

  /** Tells a viewer whether the shopper's page is connected, and the consent's time left. */
  private tellWhereThingsStand(viewer: ViewerEndpoint): void {
    viewer.sendJson({ t: 'shopper', connected: this.shopper.connected });
    viewer.sendJson(this.consent.message());
  }

  private setState(state: SessionState): void {
    if (this.state === state) return;
    this.state = state;
    this.shopper.tell({ t: 'state', state });
    this.ctx.onChanged(this);
  }

  private sendViewers(): void {
    const message = { t: 'viewers', viewers: this.viewers.publicList() };
    this.shopper.tell(message);
    this.viewers.broadcast(message);
    // The viewer count is part of what other nodes list in the agents' queue.
    this.ctx.onChanged(this);
  }

  private audit(type: AuditEvent['type'], actor: string, detail?: AuditEvent['detail']): void {
    const event = { type, actor, ...(detail ? { detail } : {}) };
    this.ctx.audit.record({ session: this.id, site: this.site, ...event });
    this.recording.audited(event);
  }
}
