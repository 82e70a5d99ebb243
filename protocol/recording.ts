/**
 * Session recordings as the review API serves them (`GET /api/recordings`, `GET /api/recordings/:id`)
 * and the review page reads them. The relay keeps the frames it forwarded as opaque bytes
 * (invariant 5): `frame` items carry the envelope-coded frame, base64, and only the review page
 * inflates and parses the rrweb event inside (protocol/recordedPayload.ts).
 */
import { readAgentPublic, readAnnotationMessage, type AgentPublic, type AnnotationMessage } from './messages';
import { ProtocolError, readEnum, readInteger, readRecord, readString, type UnknownRecord } from './fieldReaders';

/** One recording as the list shows it. */
export interface RecordingSummary {
  id: string;
  /** The help session's id (UUID), as in the audit trail. */
  session: string;
  site: string;
  /** Every agent who watched while the recording ran, in order of joining. */
  agents: AgentPublic[];
  /** When the first item was kept (ISO 8601). */
  startedAt: string;
  /** From the first kept item to the last. */
  durationMs: number;
}

/** Body of `GET /api/recordings`: one page, newest first; `next` (the `after` of the next page) is null on the last. */
export interface RecordingList {
  recordings: RecordingSummary[];
  next: string | null;
}

/** What the audit said happened during the recording (consent, joins, marks, stop). */
export interface RecordedAuditEvent {
  type: string;
  actor: string;
  detail?: Record<string, string | number | boolean>;
}

/**
 * One kept item, `at` = when the relay handled it (ms since the epoch, the server's clock):
 * a forwarded frame (envelope-coded, base64), a mark change as the shopper's page got it, or an
 * audit event of the session.
 */
export type RecordingItem =
  | { at: number; kind: 'frame'; data: string }
  | { at: number; kind: 'mark'; message: AnnotationMessage }
  | ({ at: number; kind: 'audit' } & RecordedAuditEvent);

/** Body of `GET /api/recordings/:id`: the decrypted recording, items in the order they were kept. */
export interface RecordingBody extends RecordingSummary {
  /** When the session ended (ISO 8601), or null while it is still going on. */
  endedAt: string | null;
  items: RecordingItem[];
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
const MAX_AT = 8.64e15;

function readAgents(value: unknown): AgentPublic[] {
  if (!Array.isArray(value) || value.length > 256) throw new ProtocolError('agents must be an array of at most 256');
  return value.map(readAgentPublic);
}

function readDetail(value: unknown): Record<string, string | number | boolean> {
  const obj = readRecord(value, 'detail');
  const detail: Record<string, string | number | boolean> = {};
  for (const [key, field] of Object.entries(obj)) {
    if (typeof field === 'string' || typeof field === 'number' || typeof field === 'boolean') detail[key] = field;
  }
  return detail;
}

function readItem(value: unknown): RecordingItem {
  const obj: UnknownRecord = readRecord(value, 'item');
  const at = readInteger(obj, 'at', 0, MAX_AT);
  const kind = readEnum(obj, 'kind', ['frame', 'mark', 'audit'] as const);
  switch (kind) {
    case 'frame':
      return { at, kind, data: readString(obj, 'data', 512 * 1024 * 1024, BASE64) };
    case 'mark':
      return { at, kind, message: readAnnotationMessage(readRecord(obj['message'], 'message')) };
    case 'audit': {
      const item: RecordingItem = { at, kind, type: readString(obj, 'type', 64), actor: readString(obj, 'actor', 256) };
      if (obj['detail'] !== undefined) item.detail = readDetail(obj['detail']);
      return item;
    }
  }
}

/** Validates a summary (list row), or throws a ProtocolError. */
export function readRecordingSummary(value: unknown): RecordingSummary {
  const obj = readRecord(value, 'recording');
  return {
    id: readString(obj, 'id', 64),
    session: readString(obj, 'session', 64),
    site: readString(obj, 'site', 64),
    agents: readAgents(obj['agents']),
    startedAt: readString(obj, 'startedAt', 40),
    durationMs: readInteger(obj, 'durationMs', 0, MAX_AT),
  };
}

/** Validates a `GET /api/recordings/:id` body (the review page trusts nothing it fetches), or throws. */
export function readRecordingBody(value: unknown): RecordingBody {
  const obj = readRecord(value, 'recording');
  const endedAt = obj['endedAt'] === null ? null : readString(obj, 'endedAt', 40);
  const items = obj['items'];
  if (!Array.isArray(items)) throw new ProtocolError('items must be an array');
  return { ...readRecordingSummary(obj), endedAt, items: items.map(readItem) };
}
