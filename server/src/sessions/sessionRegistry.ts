/**
 * Finds live session rooms by code (agents) and by resume token (the shopper's next page),
 * and remembers for a minute how recently ended sessions ended, so an agent reconnecting to
 * one is told why rather than "unknown code".
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { EndReason } from '../../../protocol/messages';
import { SessionRoom, type RoomContext } from '../relay/sessionRoom';
import { generateSessionCode } from './sessionCode';

/** How long an ended session's code still answers with its end reason. */
const TOMBSTONE_MS = 60_000;
/** Upper bound on remembered ended sessions (bounded memory under churn). */
const MAX_TOMBSTONES = 10_000;

/** Registry of the sessions on this node. */
export class SessionRegistry {
  private readonly byCode = new Map<string, SessionRoom>();
  private readonly byResume = new Map<string, SessionRoom>();
  private readonly ended = new Map<string, { reason: EndReason; at: number }>();

  constructor(private readonly roomContext: Omit<RoomContext, 'onEnded'>) {}

  /** Opens a new waiting session for a site; `lang` is the shopper's language. */
  create(site: string, lang: string): SessionRoom {
    const code = generateSessionCode((c) => this.byCode.has(c) || this.ended.has(c));
    const resumeToken = randomBytes(24).toString('base64url');
    const room = new SessionRoom(randomUUID(), code, site, resumeToken, lang, {
      ...this.roomContext,
      onEnded: (endedRoom, reason) => this.forget(endedRoom, reason),
    });
    this.byCode.set(code, room);
    this.byResume.set(resumeToken, room);
    return room;
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
    return this.byResume.get(token);
  }

  /** Number of sessions not yet ended. */
  get size(): number {
    return this.byCode.size;
  }

  /** Number of remembered ended sessions (bounded by MAX_TOMBSTONES). */
  get tombstones(): number {
    return this.ended.size;
  }

  private forget(room: SessionRoom, reason: EndReason): void {
    this.byCode.delete(room.code);
    this.byResume.delete(room.resumeToken);
    const now = Date.now();
    for (const [code, entry] of this.ended) {
      if (now - entry.at <= TOMBSTONE_MS && this.ended.size < MAX_TOMBSTONES) break;
      this.ended.delete(code);
    }
    this.ended.set(room.code, { reason, at: now });
  }
}
