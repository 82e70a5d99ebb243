/**
 * One help session's room: the shopper's socket, the consented viewers, pending join
 * requests and the checkpoint cache. Owns the session state machine
 * waiting → consent → live → ended and enforces it (no frames before consent, none after end).
 */
import { randomBytes } from 'node:crypto';
import type WebSocket from 'ws';
import { FrameKind, isTransientKind, type FrameHeader } from '../../../protocol/envelope';
import type { Annotation } from '../../../protocol/annotation';
import { CloseCode } from '../../../protocol/closeCodes';
import { CONSENT_SCOPES, type AgentPublic, type EndReason, type SessionState } from '../../../protocol/messages';
import type { AuditEvent, AuditLog } from '../audit/auditLog';
import type { AgentIdentity } from '../auth/agentToken';
import type { SessionRecord } from '../sessions/sessionRecord';
import { CheckpointCache } from './checkpointCache';
import type { RelayCounters } from './relayCounters';
import { closeWith, sendJson } from './socketSend';
import { ViewerLink } from './viewerLink';

/** What a room needs from the process around it. */
export interface RoomContext {
  audit: AuditLog;
  counters: RelayCounters;
  checkpointMaxBytes: number;
  sendBufferMaxBytes: number;
  resumeGraceMs: number;
  consentTtlMs: number;
  /** Called whenever the durable record changed, to save it. */
  onChanged(room: SessionRoom): void;
  /** Called once when the room ends, to forget it. */
  onEnded(room: SessionRoom, reason: EndReason): void;
}

interface PendingJoin {
  socket: WebSocket;
  agent: AgentIdentity;
}

const SNAPSHOT_REQUEST_MIN_INTERVAL_MS = 1000;

/** Public view of an agent (no token claims beyond identity). */
function publicAgent(agent: AgentIdentity): AgentPublic {
  return agent.org ? { id: agent.id, name: agent.name, org: agent.org } : { id: agent.id, name: agent.name };
}

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
  private readonly viewers = new Map<WebSocket, ViewerLink>();
  private readonly pending = new Map<string, PendingJoin>();
  private readonly consentedAgents: Set<string>;
  private readonly checkpoint: CheckpointCache;
  private graceTimer: NodeJS.Timeout | undefined;
  private expiryTimer: NodeJS.Timeout | undefined;
  private expiresAt: number;
  private annotationCount = 0;
  private lastSnapshotRequest = 0;
  private snapshotTimer: NodeJS.Timeout | undefined;
  /** Set at process shutdown: the room stays saved and nothing more happens to it here. */
  private suspended = false;

  /** Opens a room for a new session, or brings one back from its saved record after a restart. */
  constructor(
    record: SessionRecord,
    private readonly ctx: RoomContext,
    restored: boolean,
  ) {
    this.id = record.id;
    this.code = record.code;
    this.site = record.site;
    this.lang = record.lang;
    this.resumeTokenHash = record.resumeTokenHash;
    this.state = record.state;
    this.stream = record.stream;
    this.consentedAgents = new Set(record.consentedAgents);
    this.expiresAt = record.expiresAt;
    this.checkpoint = new CheckpointCache(ctx.checkpointMaxBytes);
    if (!restored) {
      this.audit('session.created', 'shopper', { lang: this.lang });
      return;
    }
    // Back from a restart: nobody is connected yet; wait for the shopper's page as after a reload.
    if (this.state === 'live') this.armExpiry(this.expiresAt - Date.now());
    this.graceTimer = setTimeout(() => this.end('shopper-left'), ctx.resumeGraceMs);
  }

  /** The durable part of this session, for the session store. */
  toRecord(): SessionRecord {
    return {
      id: this.id,
      code: this.code,
      site: this.site,
      lang: this.lang,
      resumeTokenHash: this.resumeTokenHash,
      state: this.state === 'live' ? 'live' : 'waiting',
      consentedAgents: [...this.consentedAgents],
      expiresAt: this.expiresAt,
      stream: this.stream,
    };
  }

  /** Stops this room's timers without ending it (process shutdown; the record stays saved). */
  suspend(): void {
    this.suspended = true;
    clearTimeout(this.graceTimer);
    clearTimeout(this.expiryTimer);
    clearTimeout(this.snapshotTimer);
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
      viewers: this.viewerList(),
    });
    for (const [requestId, { agent }] of this.pending) sendJson(ws, { t: 'join-request', requestId, agent: publicAgent(agent) });
    if (this.state === 'live') sendJson(ws, this.expiryMessage());
    this.broadcastToViewers({ t: 'shopper', connected: true });
    this.ctx.onChanged(this);
  }

  /** The shopper's page went away (reload, navigation, tab closed): wait for it to come back. */
  detachShopper(ws: WebSocket): void {
    if (this.shopper !== ws || this.state === 'ended' || this.suspended) return;
    this.shopper = null;
    this.broadcastToViewers({ t: 'shopper', connected: false });
    this.graceTimer = setTimeout(() => this.end('shopper-left'), this.ctx.resumeGraceMs);
  }

  /** An authenticated agent asks to watch: re-admit if already consented, else ask the shopper. */
  requestJoin(ws: WebSocket, agent: AgentIdentity): void {
    sendJson(ws, { t: 'joining', code: this.code, site: this.site });
    if (this.consentedAgents.has(agent.id) && this.state === 'live') {
      this.admit(ws, agent);
      return;
    }
    const requestId = randomBytes(12).toString('base64url');
    this.pending.set(requestId, { socket: ws, agent });
    if (this.state === 'waiting') this.state = 'consent';
    this.audit('consent.requested', agent.id, { agentName: agent.name });
    if (this.shopper) sendJson(this.shopper, { t: 'join-request', requestId, agent: publicAgent(agent) });
  }

  /** The shopper answered a consent dialog. Unknown request ids (agent already gone) are ignored. */
  answerConsent(requestId: string, allow: boolean, notice: string): void {
    const request = this.pending.get(requestId);
    if (!request) return;
    this.pending.delete(requestId);
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
    this.ctx.onChanged(this);
    if (this.state !== 'live') this.startConsentClock();
    this.setState('live');
    if (this.shopper) sendJson(this.shopper, this.expiryMessage());
    this.admit(socket, agent);
  }

  /** The shopper extended the consent by another full period. */
  extendConsent(): void {
    if (this.state !== 'live') return;
    this.startConsentClock();
    this.audit('consent.extended', 'shopper', { ttlMs: this.ctx.consentTtlMs });
    const expiry = this.expiryMessage();
    if (this.shopper) sendJson(this.shopper, expiry);
    this.broadcastToViewers(expiry);
  }

  /** An agent socket closed or left. */
  removeAgent(ws: WebSocket, reason: 'closed' | 'too-slow' = 'closed'): void {
    for (const [requestId, request] of this.pending) if (request.socket === ws) this.pending.delete(requestId);
    const link = this.viewers.get(ws);
    if (!link) return;
    link.dispose();
    this.viewers.delete(ws);
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
    const transient = isTransientKind(header.kind);
    const cached =
      header.kind === FrameKind.checkpoint
        ? this.checkpoint.start(frame)
        : transient
          ? this.checkpoint.replaceTransient(header.kind, frame)
          : this.checkpoint.append(frame);
    if (cached === 'overflow') {
      counters.checkpointOverflows += 1;
      this.requestSnapshot();
    }
    for (const link of this.viewers.values()) {
      if (transient) link.sendTransient(header.kind, frame);
      else link.sendRegular(frame);
    }
  }

  /** Forwards a validated annotation from a consented viewer; anything else is dropped. */
  relayAnnotation(ws: WebSocket, annotation: Annotation): void {
    const agent = this.viewers.get(ws)?.agent;
    if (!agent || this.state !== 'live' || !this.shopper) {
      this.ctx.counters.agentMessagesDropped += 1;
      return;
    }
    this.ctx.counters.annotationsForwarded += 1;
    this.annotationCount += 1;
    this.audit('annotation.sent', agent.id, { shape: annotation.shape, id: annotation.id });
    sendJson(this.shopper, { t: 'annotation', annotation, by: publicAgent(agent) });
  }

  /** True when `ws` is a consented viewer of this room. */
  isViewer(ws: WebSocket): boolean {
    return this.viewers.has(ws);
  }

  /** Asks the shopper's recorder for a fresh checkpoint, at most once a second. */
  requestSnapshot(): void {
    if (!this.shopper || this.state !== 'live' || this.snapshotTimer) return;
    const wait = this.lastSnapshotRequest + SNAPSHOT_REQUEST_MIN_INTERVAL_MS - Date.now();
    if (wait > 0) {
      // Too soon after the last one: ask again once the interval is over, rather than never.
      this.snapshotTimer = setTimeout(() => {
        this.snapshotTimer = undefined;
        this.requestSnapshot();
      }, wait);
      return;
    }
    this.lastSnapshotRequest = Date.now();
    sendJson(this.shopper, { t: 'snapshot' });
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
    clearTimeout(this.graceTimer);
    clearTimeout(this.expiryTimer);
    clearTimeout(this.snapshotTimer);
    this.checkpoint.clear();
    if (reason === 'shopper-stopped') this.audit('consent.revoked', 'shopper');
    if (reason === 'expired') this.audit('consent.expired', 'relay');
    this.audit('session.ended', actor, { reason, annotations: this.annotationCount });
    const ended = { t: 'ended', reason };
    for (const [ws, link] of this.viewers) {
      link.dispose();
      if (ws.bufferedAmount > 0) {
        this.ctx.counters.viewersCutOnEnd += 1;
        ws.terminate();
        continue;
      }
      sendJson(ws, ended);
      closeWith(ws, CloseCode.sessionEnded, `session ended: ${reason}`);
    }
    const others = [...this.pending.values()].map((p) => p.socket);
    if (this.shopper) others.push(this.shopper);
    for (const ws of others) {
      sendJson(ws, ended);
      closeWith(ws, CloseCode.sessionEnded, `session ended: ${reason}`);
    }
    this.viewers.clear();
    this.pending.clear();
    this.shopper = null;
    this.ctx.onEnded(this, reason);
  }

  private startConsentClock(): void {
    this.expiresAt = Date.now() + this.ctx.consentTtlMs;
    this.armExpiry(this.ctx.consentTtlMs);
    this.ctx.onChanged(this);
  }

  private armExpiry(inMs: number): void {
    clearTimeout(this.expiryTimer);
    this.expiryTimer = setTimeout(() => this.end('expired'), Math.max(0, inMs));
  }

  private expiryMessage(): { t: 'expiry'; expiresInMs: number } {
    return { t: 'expiry', expiresInMs: Math.max(0, this.expiresAt - Date.now()) };
  }

  private admit(ws: WebSocket, agent: AgentIdentity): void {
    const link = new ViewerLink(ws, agent, this.ctx.sendBufferMaxBytes, this.ctx.counters, (slow) => this.dropSlowViewer(slow));
    this.viewers.set(ws, link);
    this.audit('viewer.joined', agent.id, { agentName: agent.name });
    sendJson(ws, { t: 'consent', allow: true });
    sendJson(ws, { t: 'shopper', connected: this.shopper !== null });
    sendJson(ws, this.expiryMessage());
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
    if (this.shopper) sendJson(this.shopper, { t: 'state', state });
    this.ctx.onChanged(this);
  }

  private sendViewers(): void {
    if (this.shopper) sendJson(this.shopper, { t: 'viewers', viewers: this.viewerList() });
  }

  private viewerList(): AgentPublic[] {
    return [...this.viewers.values()].map((link) => publicAgent(link.agent));
  }

  private broadcastToViewers(message: object): void {
    for (const ws of this.viewers.keys()) sendJson(ws, message);
  }

  private audit(type: AuditEvent['type'], actor: string, detail?: AuditEvent['detail']): void {
    this.ctx.audit.record({ type, session: this.id, site: this.site, actor, ...(detail ? { detail } : {}) });
  }
}
