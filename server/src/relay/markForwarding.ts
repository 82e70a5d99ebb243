/**
 * The agents' marks on their way to the shopper: adds, removals and clears from a consented
 * viewer become `annotation` messages (add / remove / clear, signed with the agent) plus
 * their audit entries; the shopper's "Hide marks" goes back to the viewers. A laser trail is
 * chatty (a message per stroke segment): every one is counted, only a burst's first audited.
 */
import type { AgentPublic, AnnotationMessage } from '../../../protocol/messages';
import type { AnnotateMessage, ClearMarksMessage, UnannotateMessage } from '../../../protocol/agentMessages';
import type { AuditEvent } from '../audit/auditLog';
import type { RelayCounters } from './relayCounters';
import type { ViewerGroup } from './viewerGroup';

/** A pause longer than this between two laser messages of one agent starts a new burst. */
export const LASER_BURST_GAP_MS = 3000;

/** An agent message that changes the marks on the shopper's page. */
export type MarkChange = AnnotateMessage | UnannotateMessage | ClearMarksMessage;

/** Writes one audit entry for the room. */
export type RoomAudit = (type: AuditEvent['type'], actor: string, detail?: AuditEvent['detail']) => void;

/** Forwards one room's mark changes and remembers what the audit needs. */
export class MarkForwarding {
  /** When each agent's current laser burst last moved. */
  private readonly lastLaserAt = new Map<string, number>();
  private sent = 0;

  constructor(
    private readonly counters: RelayCounters,
    private readonly viewers: Pick<ViewerGroup, 'broadcast'>,
    /** Sends a control message to the shopper's page, if one is connected. */
    private readonly tellShopper: (message: AnnotationMessage) => void,
    private readonly audit: RoomAudit,
  ) {}

  /** Annotations audited as sent (laser bursts count once), for the session's end receipt. */
  get sentCount(): number {
    return this.sent;
  }

  /** Forwards a change from `by`, who the caller has checked is a consented viewer of a live session. */
  forward(by: AgentPublic, change: MarkChange, now = Date.now()): void {
    const { counters } = this;
    switch (change.t) {
      case 'annotate': {
        const { annotation } = change;
        counters.annotationsForwarded += 1;
        if (annotation.shape === 'laser') counters.laserForwarded += 1;
        if (annotation.shape !== 'laser' || this.startsLaserBurst(by.id, now)) {
          this.sent += 1;
          this.audit('annotation.sent', by.id, { shape: annotation.shape, id: annotation.id });
        }
        this.tellShopper({ t: 'annotation', op: 'add', annotation, by });
        return;
      }
      case 'unannotate':
        counters.markRemovalsForwarded += 1;
        this.audit('annotation.removed', by.id, { id: change.id });
        this.tellShopper({ t: 'annotation', op: 'remove', id: change.id, by });
        return;
      case 'clear-marks':
        counters.markRemovalsForwarded += 1;
        this.audit('annotations.cleared', by.id);
        this.tellShopper({ t: 'annotation', op: 'clear', by });
        return;
    }
  }

  /** The shopper dismissed every mark on their page: the viewers are told. */
  dismissed(): void {
    this.audit('annotations.dismissed', 'shopper');
    this.viewers.broadcast({ t: 'dismissed' });
  }

  private startsLaserBurst(agentId: string, now: number): boolean {
    const last = this.lastLaserAt.get(agentId);
    this.lastLaserAt.set(agentId, now);
    return last === undefined || now - last > LASER_BURST_GAP_MS;
  }
}
