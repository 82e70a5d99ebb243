/** What a session room needs from the process around it. */
import type { EndReason } from '../../../protocol/messages';
import type { AuditLog } from '../audit/auditLog';
import type { Recordings } from '../recordings/recordings';
import type { RelayCounters } from './relayCounters';
import type { SessionRoom } from './sessionRoom';

/** Services, limits and callbacks shared by every room of a registry. */
export interface RoomContext {
  audit: AuditLog;
  counters: RelayCounters;
  /** Consented session recordings (sites that keep none are never asked). */
  recordings: Recordings;
  checkpointMaxBytes: number;
  sendBufferMaxBytes: number;
  resumeGraceMs: number;
  consentTtlMs: number;
  /** Called whenever the durable record changed, to save it. */
  onChanged(room: SessionRoom): void;
  /** Called once when the room ends, to forget it. */
  onEnded(room: SessionRoom, reason: EndReason): void;
}
