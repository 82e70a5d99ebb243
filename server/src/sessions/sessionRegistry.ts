/** Finds live session rooms by code (agents) and by resume token (the shopper's next page). */
import { randomBytes, randomUUID } from 'node:crypto';
import { SessionRoom, type RoomContext } from '../relay/sessionRoom';
import { generateSessionCode } from './sessionCode';

/** Registry of the sessions on this node. */
export class SessionRegistry {
  private readonly byCode = new Map<string, SessionRoom>();
  private readonly byResume = new Map<string, SessionRoom>();

  constructor(private readonly roomContext: Omit<RoomContext, 'onEnded'>) {}

  /** Opens a new waiting session for a site. */
  create(site: string): SessionRoom {
    const code = generateSessionCode((c) => this.byCode.has(c));
    const resumeToken = randomBytes(24).toString('base64url');
    const room = new SessionRoom(randomUUID(), code, site, resumeToken, {
      ...this.roomContext,
      onEnded: (ended) => this.forget(ended),
    });
    this.byCode.set(code, room);
    this.byResume.set(resumeToken, room);
    return room;
  }

  /** The session an agent asks for by its 6-digit code. */
  findByCode(code: string): SessionRoom | undefined {
    return this.byCode.get(code);
  }

  /** The session a shopper page resumes with its tab's token. */
  findByResumeToken(token: string): SessionRoom | undefined {
    return this.byResume.get(token);
  }

  /** Number of sessions not yet ended. */
  get size(): number {
    return this.byCode.size;
  }


  private forget(room: SessionRoom): void {
    this.byCode.delete(room.code);
    this.byResume.delete(room.resumeToken);
  }
}
