/**
 * A room's part in recordings: offers the switch when the site keeps recordings, starts,
 * pauses or resumes keeping as the shopper answers, feeds the recording exactly what the relay
 * forwarded while it is on (frames, marks, the session's audit events), gives the shopper's tab
 * its one-time deletion token, and closes the recording when the session ends.
 */
import type { AgentPublic, AnnotationMessage, JoinRequestMessage, RecordingMessage } from '../../../protocol/messages';
import type { AuditEvent } from '../audit/auditLog';
import type { Recordings } from '../recordings/recordings';
import type { SessionRecording } from '../recordings/sessionRecording';

/** What the session store keeps of a session's recording. */
export interface SavedRecording {
  id: string;
  /** Whether items were being kept (the shopper's last answer). */
  on: boolean;
}

/** One room's recording, if its shopper switched one on. */
export class RoomRecording {
  private current: SessionRecording | null = null;

  constructor(
    private readonly recordings: Recordings,
    private readonly session: { id: string; site: string },
    saved: SavedRecording | undefined,
    /** Sends the shopper's page its `recording` message (when one is connected). */
    private readonly tellShopper: (message: RecordingMessage) => void,
  ) {
    if (saved && recordings.daysFor(session.site) !== null) this.current = recordings.reopen(saved.id, session, saved.on);
  }

  /** The join request with the switch the consent dialog shows, when the site keeps recordings. */
  withOffer(request: JoinRequestMessage): JoinRequestMessage {
    const days = this.recordings.daysFor(this.session.site);
    return days === null ? request : { ...request, record: { days, on: this.current?.switchedOn ?? false } };
  }

  /**
   * The shopper allowed an agent with the switch at `record`: starts (or resumes, from the
   * current `checkpoint` frames) or pauses the recording. A recording that starts gives the tab
   * its deletion token.
   */
  consented(record: boolean, checkpoint: () => Buffer[]): void {
    if (this.recordings.daysFor(this.session.site) === null) return;
    if (this.current) return this.current.setKeeping(record, record ? checkpoint() : []);
    if (!record) return;
    this.current = this.recordings.start(this.session);
    for (const frame of checkpoint()) this.current.frame(frame);
    this.pageAttached();
  }

  /** A (re)attached page of the shopper gets a fresh deletion token while there is a recording (the old page's no longer works). */
  pageAttached(): void {
    if (!this.current) return;
    const { token, hash } = this.recordings.newDeleteToken();
    this.current.setDeleteTokenHash(hash);
    this.tellShopper({ t: 'recording', id: this.current.id, deleteToken: token, deletableForMs: this.recordings.settings.shopperDeleteWindowMs });
  }

  /** Keeps a frame the relay forwarded. */
  frame(bytes: Buffer): void {
    this.current?.frame(bytes);
  }

  /** Keeps a mark change the shopper's page was sent. */
  mark(message: AnnotationMessage): void {
    this.current?.mark(message);
  }

  /** Keeps one of the session's audit events. */
  audited(event: Pick<AuditEvent, 'type' | 'actor' | 'detail'>): void {
    this.current?.auditEvent(event.detail ? { type: event.type, actor: event.actor, detail: event.detail } : { type: event.type, actor: event.actor });
  }

  /** Notes an agent admitted to watch. */
  agentWatched(agent: AgentPublic): void {
    this.current?.agentWatched(agent);
  }

  /** The session ended: the rest is stored and the recording closed. */
  end(): void {
    void this.current?.finish();
  }

  /** The room stops here without ending: what is waiting is stored. */
  suspend(): void {
    void this.current?.suspend();
  }

  /** For the session store. */
  saved(): SavedRecording | undefined {
    return this.current ? { id: this.current.id, on: this.current.switchedOn } : undefined;
  }
}
