/**
 * The session rooms homed on this node: found by code (agents), by resume token (the
 * shopper's next page) and by id (the other nodes). Keeps each one's help-request label (page
 * title, time asked) for the agents' queue, saves them to the session store (a file, or the
 * shared directory with several nodes), and remembers for a minute how recently ended sessions
 * ended, so an agent reconnecting to one is told why rather than "unknown code".
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { EndReason } from '../../../protocol/messages';
import type { RoomContext } from '../relay/roomContext';
import { SessionRoom } from '../relay/sessionRoom';
import type { OpenedSession, SessionsElsewhere } from '../relay/sessionsElsewhere';
import type { ListedSession } from './listedSession';
import { generateSessionCode } from './sessionCode';
import type { HelpRequestLabel, SavedSession } from './sessionRecord';
import type { SessionStore } from './sessionStore';

/** SHA-256 of a resume token: the form in which tokens are kept and stored. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}

/** A queue label; a missing or blank title is left out. */
function labelOf(title: string | undefined, createdAt: number): HelpRequestLabel {
  const trimmed = title?.trim();
  return trimmed ? { title: trimmed, createdAt } : { createdAt };
}

/** How long an ended session's code still answers with its end reason. */
export const TOMBSTONE_MS = 60_000;
/** Upper bound on remembered ended sessions (bounded memory under churn). */
const MAX_TOMBSTONES = 10_000;

/** A session not yet ended, as the agents' queue lists it. */
export interface QueuedSession {
  room: SessionRoom;
  label: HelpRequestLabel;
}

/** A session ended through the REST API. */
export interface EndedByCode {
  sessionId: string;
  code: string;
}

/** Registry of the sessions homed on this node; with several nodes, also the API's way to the others' sessions. */
export class SessionRegistry {
  /** The other nodes, when this node runs as one of several (set once at start-up). */
  elsewhere: SessionsElsewhere | null = null;
  private readonly byCode = new Map<string, SessionRoom>();
  private readonly byId = new Map<string, SessionRoom>();
  private readonly labels = new Map<SessionRoom, HelpRequestLabel>();
  private readonly byResume = new Map<string, SessionRoom>();
  private readonly ended = new Map<string, { reason: EndReason; site: string; at: number }>();

  private readonly context: RoomContext;

  constructor(
    roomContext: Omit<RoomContext, 'onEnded' | 'onChanged'>,
    private readonly store: SessionStore,
  ) {
    this.context = {
      ...roomContext,
      onChanged: (room) => this.persist(room),
      onEnded: (endedRoom, reason) => this.forget(endedRoom, reason),
    };
  }

  /** Brings back the sessions saved by a previous run; returns how many. */
  restore(): number {
    for (const saved of this.store.load()) this.adopt(saved);
    return this.byCode.size;
  }

  /**
   * Brings back one saved session as a room waiting for its shopper page (after a restart, or
   * when this node takes over a session of another node).
   */
  adopt({ title, createdAt, viewers: _viewers, ...record }: SavedSession): SessionRoom {
    // Records saved before queue labels existed have no createdAt: count from the restart.
    const room = new SessionRoom(record, this.context, true);
    this.add(room, labelOf(title, createdAt ?? Date.now()));
    return room;
  }

  /**
   * Opens a new waiting session for a site; `lang` is the shopper's language, `title` labels it
   * in the queue, `createdBy` is the audit actor (`shopper`, or `site-api` for the shop's backend),
   * `code` one reserved across nodes (else a free one on this node is drawn).
   */
  create(site: string, lang: string, title?: string, createdBy = 'shopper', code = this.freeCode()): { room: SessionRoom; resumeToken: string } {
    const resumeToken = randomBytes(24).toString('base64url');
    const record = { id: randomUUID(), code, site, lang, resumeTokenHash: hashToken(resumeToken), state: 'waiting' as const, consentedAgents: [], expiresAt: 0, stream: 0 };
    const room = new SessionRoom(record, this.context, false, createdBy);
    this.add(room, labelOf(title, Date.now()));
    this.persist(room);
    return { room, resumeToken };
  }

  /** Opens a session (shop backend): on this node, with a code no other node uses when there are several. */
  open(site: string, lang: string, title: string | undefined, createdBy: string): Promise<OpenedSession> {
    return this.elsewhere ? this.elsewhere.openSession(site, lang, title, createdBy) : Promise.resolve(this.create(site, lang, title, createdBy));
  }

  /**
   * Ends the session with `code` now, wherever it is homed, if `mayEnd` its site; `actor` is who
   * the audit names. Null when there is no such open session (or it is another site's).
   */
  async endByCode(code: string, mayEnd: (site: string) => boolean, actor: string): Promise<EndedByCode | null> {
    const room = this.byCode.get(code);
    if (room && mayEnd(room.site)) {
      room.end('agent-ended', actor);
      return { sessionId: room.id, code };
    }
    return room || !this.elsewhere ? null : this.elsewhere.endElsewhere(code, mayEnd, actor);
  }

  /** A random code that no session on this node uses nor recently used. */
  freeCode(): string {
    return generateSessionCode((c) => this.byCode.has(c) || this.ended.has(c));
  }

  /** The session an agent asks for by its 6-digit code. */
  findByCode(code: string): SessionRoom | undefined {
    return this.byCode.get(code);
  }

  /** The session with this id, if it is homed here. */
  findById(id: string): SessionRoom | undefined {
    return this.byId.get(id);
  }

  /**
   * Why the session with this code ended, if it ended within the last minute and `maySee` its
   * site (an agent limited to other sites learns nothing about it).
   */
  endReason(code: string, maySee: (site: string) => boolean = () => true): EndReason | undefined {
    const entry = this.ended.get(code);
    if (!entry) return undefined;
    if (Date.now() - entry.at > TOMBSTONE_MS) {
      this.ended.delete(code);
      return undefined;
    }
    if (!maySee(entry.site)) return undefined;
    return entry.reason;
  }

  /** The session a shopper page resumes with its tab's token. */
  findByResumeToken(token: string): SessionRoom | undefined {
    return this.byResume.get(hashToken(token));
  }

  /** Every session not yet ended with its queue label, longest waiting first. */
  queue(): QueuedSession[] {
    return [...this.labels].map(([room, label]) => ({ room, label })).sort((a, b) => a.label.createdAt - b.label.createdAt);
  }

  /** Every session not yet ended, of every node, as the agents' queue lists it, longest waiting first. */
  listed(): ListedSession[] | Promise<ListedSession[]> {
    if (this.elsewhere) return this.elsewhere.listed();
    return this.queue().map(({ room, label }) => ({ code: room.code, site: room.site, state: room.state, lang: room.lang, viewers: room.viewerCount, awaySince: room.shopperAwaySince, ...label }));
  }

  /** Every session homed here, as saved (for re-registering them after the shared store lost them). */
  saved(): SavedSession[] {
    return [...this.labels].map(([room, label]) => this.savedOf(room, label));
  }

  /** Another node took the session over (`newerPage`: the shopper's page reconnected there): the room stops here without ending and is forgotten. */
  release(room: SessionRoom, newerPage: boolean): void {
    room.release(newerPage);
    this.drop(room);
  }

  /** Saves every session now and stops their timers (process shutdown; sessions resume on restart). */
  async suspendAll(): Promise<void> {
    for (const room of this.byCode.values()) {
      room.suspend();
      this.persist(room);
    }
    await this.store.flush();
  }

  /** Number of sessions not yet ended. */
  get size(): number {
    return this.byCode.size;
  }

  /** Number of remembered ended sessions (bounded by MAX_TOMBSTONES). */
  get tombstones(): number {
    return this.ended.size;
  }

  private add(room: SessionRoom, label: HelpRequestLabel): void {
    this.byCode.set(room.code, room);
    this.byId.set(room.id, room);
    this.byResume.set(room.resumeTokenHash, room);
    this.labels.set(room, label);
  }

  private drop(room: SessionRoom): void {
    this.byCode.delete(room.code);
    this.byId.delete(room.id);
    this.byResume.delete(room.resumeTokenHash);
    this.labels.delete(room);
  }

  private savedOf(room: SessionRoom, label: HelpRequestLabel): SavedSession {
    return { ...room.toRecord(), ...label, viewers: room.viewerCount, awaySince: room.shopperAwaySince };
  }

  private persist(room: SessionRoom): void {
    const label = this.labels.get(room);
    if (label) this.store.put(this.savedOf(room, label));
  }

  private forget(room: SessionRoom, reason: EndReason): void {
    const label = this.labels.get(room);
    this.drop(room);
    if (label) this.store.remove(this.savedOf(room, label), reason);
    const now = Date.now();
    for (const [code, entry] of this.ended) {
      if (now - entry.at <= TOMBSTONE_MS && this.ended.size < MAX_TOMBSTONES) break;
      this.ended.delete(code);
    }
    this.ended.set(room.code, { reason, site: room.site, at: now });
  }
}
