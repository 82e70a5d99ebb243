/**
 * One help session's room: the shopper's socket, the consented viewers, pending join
 * requests and the checkpoint cache. Owns the session state machine
 * waiting → consent → live → ended and enforces it (no frames before consent, none after end).
 */
import type WebSocket from 'ws';
import type { FrameHeader } from '../../../protocol/envelope';
import { CloseCode } from '../../../protocol/closeCodes';
import { CONSENT_SCOPES, type EndReason, type SessionState } from '../../../protocol/messages';
import type { AuditEvent } from '../audit/auditLog';
import type { AgentIdentity } from '../auth/agentToken';
import type { SessionRecord } from '../sessions/sessionRecord';
import { CheckpointCache } from './checkpointCache';
import { JoinRequests } from './joinRequests';
import { MarkForwarding, type MarkChange } from './markForwarding';
import { ConsentClock } from './consentClock';
import type { RoomContext } from './roomContext';
import { SnapshotRequests } from './snapshotRequests';
import { closeWith, sendJson } from './socketSend';
import { publicAgent, ViewerGroup } from './viewerGroup';
import type { ViewerLink } from './viewerLink';

const SNAPSHOT_REQUEST_MIN_INTERVAL_MS = 1000;

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
  private shopper: WebSocket | null = null;
  private readonly viewers: ViewerGroup;
  private readonly pending = new JoinRequests();
  private readonly consentedAgents: Set<string>;
  private readonly checkpoint: CheckpointCache;
  private graceTimer: NodeJS.Timeout | undefined;
  private readonly consent: ConsentClock;
  private readonly snapshots: SnapshotRequests;
  private readonly marks: MarkForwarding;
  /** Set at process shutdown: the room stays saved and nothing more happens to it here. */
  private suspended = false;

  /** Opens a room for a new session, or brings one back from its saved record after a restart. */
  constructor(
    record: SessionRecord,
    private readonly ctx: RoomContext,
    restored: boolean,
  ) {
    ({ id: this.id, code: this.code, site: this.site, lang: this.lang, resumeTokenHash: this.resumeTokenHash } = record);
    ({ state: this.state, stream: this.stream } = record);
    this.consentedAgents = new Set(record.consentedAgents);
    this.viewers = new ViewerGroup(ctx.sendBufferMaxBytes, ctx.counters, (slow) => this.dropSlowViewer(slow));
    this.consent = new ConsentClock(record.expiresAt, ctx.consentTtlMs, () => this.end('expired'));
    this.snapshots = new SnapshotRequests(() => this.state === 'live' && this.tellShopper({ t: 'snapshot' }), SNAPSHOT_REQUEST_MIN_INTERVAL_MS);
    this.checkpoint = new CheckpointCache(ctx.checkpointMaxBytes);
    this.marks = new MarkForwarding(ctx.counters, this.viewers, (message) => this.tellShopper(message), (...entry) => this.audit(...entry));
    if (!restored) {
      this.audit('session.created', 'shopper', { lang: this.lang });
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
    return { id, code, site, lang, resumeTokenHash, stream, state, consentedAgents: [...this.consentedAgents], expiresAt: this.consent.expiresAt };
  }

  /** Stops this room's timers without ending it (process shutdown; the record stays saved). */
  suspend(): void {
    this.suspended = true;
    this.stopTimers();
  }

  /** Number of consented viewers currently connected. */
  get viewerCount(): number {
    return this.viewers.size;
  }

  /** Binds a shopper page (new or reloaded) to the room and tells it where things stand. */
  attachShopper(ws: WebSocket, resumeToken: string): void {
    if (this.shopper && this.shopper !== ws) closeWith(this.shopper, CloseCode.sessionEnded, 'replaced by a newer page of this session');
    clearTimeout(this.graceTimer);
    this.shopper = ws;
    this.stream += 1;
    this.checkpoint.clear();
    sendJson(ws, {
      t: 'session',
      code: this.code,
      resumeToken,
      stream: this.stream,
      state: this.state,
      viewers: this.viewers.publicList(),
    });
    for (const request of this.pending.messages()) sendJson(ws, request);
    if (this.state === 'live') sendJson(ws, this.consent.message());
    this.viewers.broadcast({ t: 'shopper', connected: true });
    this.ctx.onChanged(this);
  }

  /** The shopper's page went away (reload, navigation, tab closed): wait for it to come back. */
  detachShopper(ws: WebSocket): void {
    if (this.shopper !== ws || this.state === 'ended' || this.suspended) return;
    this.shopper = null;
    this.viewers.broadcast({ t: 'shopper', connected: false });
    this.awaitShopper();
  }

  /** An authenticated agent asks to watch: re-admit if already consented, else ask the shopper. */
  requestJoin(ws: WebSocket, agent: AgentIdentity): void {
    sendJson(ws, { t: 'joining', code: this.code, site: this.site });
    if (this.consentedAgents.has(agent.id) && this.state === 'live') {
      this.admit(ws, agent);
      return;
    }
    const request = this.pending.open(ws, agent);
    if (this.state === 'waiting') this.state = 'consent';
    this.audit('consent.requested', agent.id, { agentName: agent.name });
    this.tellShopper(request);
  }

  /** The shopper answered a consent dialog. Unknown request ids (agent already gone) are ignored. */
  answerConsent(requestId: string, allow: boolean, notice: string): void {
    const request = this.pending.take(requestId);
    if (!request) return;
    const { socket, agent } = request;
    if (!allow) {
      this.audit('consent.denied', 'shopper', { agent: agent.id, notice });
      sendJson(socket, { t: 'consent', allow: false });
      closeWith(socket, CloseCode.denied, 'the shopper declined');
      if (this.state === 'consent' && this.pending.size === 0) this.setState(this.viewers.size ? 'live' : 'waiting');
      return;
    }
    // The grant receipt: who may see what, under which notice, in which language, when (entry ts).
    this.audit('consent.granted', 'shopper', {
      agent: agent.id,
      agentName: agent.name,
      scopes: CONSENT_SCOPES,
      notice,
      lang: this.lang,
      ttlMs: this.ctx.consentTtlMs,
    });
    this.consentedAgents.add(agent.id);
    if (this.state !== 'live') this.consent.restart();
    this.ctx.onChanged(this);
    this.setState('live');
    this.tellShopper(this.consent.message());
    this.admit(socket, agent);
  }

  /** The shopper extended the consent by another full period. */
  extendConsent(): void {
    if (this.state !== 'live') return;
    this.consent.restart();
    this.ctx.onChanged(this);
    this.audit('consent.extended', 'shopper', { ttlMs: this.ctx.consentTtlMs });
    const expiry = this.consent.message();
    this.tellShopper(expiry);
    this.viewers.broadcast(expiry);
  }

  /** An agent socket closed or left. */
  removeAgent(ws: WebSocket, reason: 'closed' | 'too-slow' = 'closed'): void {
    this.pending.dropSocket(ws);
    const link = this.viewers.remove(ws);
    if (!link) return;
    if (this.state !== 'ended') {
      this.audit('viewer.left', link.agent.id, { reason });
      this.sendViewers();
    }
  }

  /** Forwards one shopper frame (opaque bytes) to every viewer and the checkpoint cache. */
  relayFrame(frame: Buffer, header: FrameHeader): void {
    const { counters } = this.ctx;
    if (this.state !== 'live' || header.stream !== this.stream) {
      counters.framesRefused += 1;
      return;
    }
    counters.framesIn += 1;
    counters.bytesIn += frame.byteLength;
    if (this.checkpoint.add(header.kind, frame) === 'overflow') {
      counters.checkpointOverflows += 1;
      this.requestSnapshot();
    }
    this.viewers.relay(frame, header.kind);
  }

  /** Forwards a validated mark change from a consented viewer of a live session; anything else is dropped. */
  relayMarks(ws: WebSocket, change: MarkChange): void {
    const agent = this.viewers.get(ws)?.agent;
    if (agent && this.state === 'live' && this.shopper) this.marks.forward(publicAgent(agent), change);
    else this.ctx.counters.agentMessagesDropped += 1;
  }

  /** The shopper dismissed every mark on their page: every viewer is told. */
  dismissMarks(): void {
    if (this.state === 'live') this.marks.dismissed();
  }

  /** True when `ws` is a consented viewer of this room. */
  isViewer(ws: WebSocket): boolean {
    return this.viewers.get(ws) !== undefined;
  }

  /** Asks the shopper's recorder for a fresh checkpoint, at most once a second. */
  requestSnapshot(): void {
    this.snapshots.request();
  }

  /**
   * Ends the session everywhere: no frame is accepted or delivered after this (invariant 4).
   * A viewer with frames still queued in its send buffer is cut off at once, so the queue is
   * discarded rather than flushed; it learns why when it reconnects (the registry remembers).
   */
  end(reason: EndReason): void {
    if (this.state === 'ended' || this.suspended) return;
    const actor = reason === 'agent-ended' ? 'agent' : 'shopper';
    this.state = 'ended';
    this.stopTimers();
    this.checkpoint.clear();
    if (reason === 'shopper-stopped') this.audit('consent.revoked', 'shopper');
    if (reason === 'expired') this.audit('consent.expired', 'relay');
    this.audit('session.ended', actor, { reason, annotations: this.marks.sentCount });
    const sayEnded = (ws: WebSocket): void => {
      sendJson(ws, { t: 'ended', reason });
      closeWith(ws, CloseCode.sessionEnded, `session ended: ${reason}`);
    };
    this.viewers.closeAll(sayEnded);
    for (const socket of this.pending.drain()) sayEnded(socket);
    if (this.shopper) sayEnded(this.shopper);
    this.shopper = null;
    this.ctx.onEnded(this, reason);
  }

  /** No shopper page connected: the session ends unless one comes back within the grace period. */
  private awaitShopper(): void {
    this.graceTimer = setTimeout(() => this.end('shopper-left'), this.ctx.resumeGraceMs);
  }

  private stopTimers(): void {
    clearTimeout(this.graceTimer);
    this.consent.stop();
    this.snapshots.stop();
  }

  private admit(ws: WebSocket, agent: AgentIdentity): void {
    const link = this.viewers.add(ws, agent);
    this.audit('viewer.joined', agent.id, { agentName: agent.name });
    sendJson(ws, { t: 'consent', allow: true });
    sendJson(ws, { t: 'shopper', connected: this.shopper !== null });
    sendJson(ws, this.consent.message());
    if (this.checkpoint.isComplete) {
      // The checkpoint may be larger than the send-buffer cap: it is allowed on top of it, once.
      for (const frame of this.checkpoint.snapshot()) if (!link.sendRegular(frame, this.ctx.checkpointMaxBytes)) break;
    } else {
      this.requestSnapshot();
    }
    this.sendViewers();
  }

  private dropSlowViewer(link: ViewerLink): void {
    this.ctx.counters.viewersDroppedSlow += 1;
    this.removeAgent(link.ws, 'too-slow');
    closeWith(link.ws, CloseCode.tooSlow, 'viewer too slow: reconnect to resync');
  }

  private setState(state: SessionState): void {
    if (this.state === state) return;
    this.state = state;
    this.tellShopper({ t: 'state', state });
    this.ctx.onChanged(this);
  }

  /** Sends a control message to the shopper's page if one is connected; false when none is. */
  private tellShopper(message: object): boolean {
    if (!this.shopper) return false;
    sendJson(this.shopper, message);
    return true;
  }

  private sendViewers(): void {
    const message = { t: 'viewers', viewers: this.viewers.publicList() };
    this.tellShopper(message);
    this.viewers.broadcast(message);
  }

  private audit(type: AuditEvent['type'], actor: string, detail?: AuditEvent['detail']): void {
    this.ctx.audit.record({ type, session: this.id, site: this.site, actor, ...(detail ? { detail } : {}) });
  }
}
