/**
 * Finds live session rooms by code (agents) and by resume token (the shopper's next page),
 * keeps each one's help-request label (page title, time asked) for the agents' queue, saves
 * them to the session store so they survive a relay restart, and remembers for a minute how
 * recently ended sessions ended, so an agent reconnecting to one is told why rather than
 * "unknown code".
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { EndReason } from '../../../protocol/messages';
import type { RoomContext } from '../relay/roomContext';
import { SessionRoom } from '../relay/sessionRoom';
import { generateSessionCode } from './sessionCode';
import type { HelpRequestLabel, SavedSession } from './sessionRecord';
import type { SessionStore } from './sessionStore';

/** SHA-256 of a resume token: the form in which tokens are kept and stored. */
function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}

/** A queue label; a missing or blank title is left out. */
function labelOf(title: string | undefined, createdAt: number): HelpRequestLabel {
  const trimmed = title?.trim();
  return trimmed ? { title: trimmed, createdAt } : { createdAt };
}

/** How long an ended session's code still answers with its end reason. */
const TOMBSTONE_MS = 60_000;
/** Upper bound on remembered ended sessions (bounded memory under churn). */
const MAX_TOMBSTONES = 10_000;

/** A session not yet ended, as the agents' queue lists it. */
export interface QueuedSession {
  room: SessionRoom;
  label: HelpRequestLabel;
}

/** Registry of the sessions on this node. */
export class SessionRegistry {
  private readonly byCode = new Map<string, SessionRoom>();
  private readonly labels = new Map<SessionRoom, HelpRequestLabel>();
  private readonly byResume = new Map<string, SessionRoom>();
  private readonly ended = new Map<string, { reason: EndReason; at: number }>();

  private readonly context: RoomContext;

  constructor(
    roomContext: Omit<RoomContext, 'onEnded' | 'onChanged'>,
    private readonly store: SessionStore,
  ) {
    this.context = {
      ...roomContext,
      onChanged: () => this.persist(),
      onEnded: (endedRoom, reason) => this.forget(endedRoom, reason),
    };
  }

  /** Brings back the sessions saved by a previous run; returns how many. */
  restore(): number {
    for (const { title, createdAt, ...record } of this.store.load()) {
      // Records saved before queue labels existed have no createdAt: count from the restart.
      this.add(new SessionRoom(record, this.context, true), labelOf(title, createdAt ?? Date.now()));
    }
    return this.byCode.size;
  }

  /** Opens a new waiting session for a site; `lang` is the shopper's language, `title` labels it in the queue. */
  create(site: string, lang: string, title?: string): { room: SessionRoom; resumeToken: string } {
    const code = generateSessionCode((c) => this.byCode.has(c) || this.ended.has(c));
    const resumeToken = randomBytes(24).toString('base64url');
    const record = { id: randomUUID(), code, site, lang, resumeTokenHash: hashToken(resumeToken), state: 'waiting' as const, consentedAgents: [], expiresAt: 0, stream: 0 };
    const room = new SessionRoom(record, this.context, false);
    this.add(room, labelOf(title, Date.now()));
    this.persist();
    return { room, resumeToken };
  }

  /** The session an agent asks for by its 6-digit code. */
  findByCode(code: string): SessionRoom | undefined {
    return this.byCode.get(code);
  }

  /** Why the session with this code ended, if it ended within the last minute. */
  endReason(code: string): EndReason | undefined {
    const entry = this.ended.get(code);
    if (!entry) return undefined;
    if (Date.now() - entry.at > TOMBSTONE_MS) {
      this.ended.delete(code);
      return undefined;
    }
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

  /** Saves every session now and stops their timers (process shutdown; sessions resume on restart). */
  suspendAll(): void {
    for (const room of this.byCode.values()) room.suspend();
    this.persist();
    this.store.flush();
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
    this.byResume.set(room.resumeTokenHash, room);
    this.labels.set(room, label);
  }

  private persist(): void {
    this.store.save(() => [...this.labels].map(([room, label]): SavedSession => ({ ...room.toRecord(), ...label })));
  }

  private forget(room: SessionRoom, reason: EndReason): void {
    this.byCode.delete(room.code);
    this.byResume.delete(room.resumeTokenHash);
    this.labels.delete(room);
    this.persist();
    const now = Date.now();
    for (const [code, entry] of this.ended) {
      if (now - entry.at <= TOMBSTONE_MS && this.ended.size < MAX_TOMBSTONES) break;
      this.ended.delete(code);
    }
    this.ended.set(room.code, { reason, at: now });
  }
}
