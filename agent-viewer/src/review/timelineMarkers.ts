/**
 * The review timeline's markers: what the audit says happened (consent asked, given, declined,
 * extended; agents joining and leaving; the shopper hiding marks, pausing or resuming the
 * recording, pressing Stop; the end) and
 * each mark an agent drew, removed or cleared, in words of the page's language, with a colour
 * per kind and their time on the events' clock. A laser pointer's many updates make one
 * marker. Audit types the page does not know are left out. Pure.
 */
import type { AnnotationShape } from '../../../protocol/annotation';
import type { RecordingBody, RecordingItem } from '../../../protocol/recording';
import { fillIn } from '../consoleLanguage';
import type { ReviewStringKey, ReviewStrings } from './reviewI18n';

/** What a marker stands for. */
export type MarkerKind =
  | 'consent-requested'
  | 'consent-granted'
  | 'consent-denied'
  | 'consent-extended'
  | 'joined'
  | 'left'
  | 'mark-added'
  | 'mark-removed'
  | 'marks-cleared'
  | 'marks-dismissed'
  | 'recording-paused'
  | 'recording-resumed'
  | 'stopped'
  | 'expired'
  | 'ended';

/** One marker on the timeline and in the list beside the player. */
export interface TimelineMarker {
  kind: MarkerKind;
  /** On the events' clock (where the player shows it). */
  time: number;
  /** When the relay kept it (server clock, ms since the epoch). */
  at: number;
  /** What happened, in the page's language (plain text). */
  label: string;
  /** `#rrggbb` on the progress bar and in the list. */
  color: string;
}

/** Colour of each kind: consent green/red, presence blue/grey, marks purple, the end dark red. */
export const MARKER_COLORS: Readonly<Record<MarkerKind, string>> = {
  'consent-requested': '#8a93a6',
  'consent-granted': '#12b76a',
  'consent-denied': '#d92d20',
  'consent-extended': '#12b76a',
  joined: '#1f5eff',
  left: '#6b7489',
  'mark-added': '#9e3ddb',
  'mark-removed': '#c08be8',
  'marks-cleared': '#c08be8',
  'marks-dismissed': '#f79009',
  'recording-paused': '#f79009',
  'recording-resumed': '#12b76a',
  stopped: '#b42318',
  expired: '#b42318',
  ended: '#1d2433',
};

const SHAPE_TEXT: Readonly<Record<AnnotationShape, ReviewStringKey>> = {
  rect: 'shapeRect',
  arrow: 'shapeArrow',
  pen: 'shapePen',
  text: 'shapeText',
  element: 'shapeElement',
  laser: 'shapeLaser',
};

const END_TEXT: Readonly<Record<string, ReviewStringKey>> = {
  'shopper-stopped': 'endShopperStopped',
  'agent-ended': 'endAgentEnded',
  'shopper-left': 'endShopperLeft',
  expired: 'endExpired',
};

/** Longest part of a note quoted in its marker. */
const NOTE_QUOTE_CHARS = 60;

type AuditItem = Extract<RecordingItem, { kind: 'audit' }>;
type MarkItem = Extract<RecordingItem, { kind: 'mark' }>;

/** A note shortened for a marker. */
function quote(text: string): string {
  return text.length > NOTE_QUOTE_CHARS ? `${text.slice(0, NOTE_QUOTE_CHARS - 1)}…` : text;
}

/** Kind and words of an audit event, or null for types without a marker. */
function auditMarker(item: AuditItem, nameOf: (id: string) => string, strings: ReviewStrings): { kind: MarkerKind; label: string } | null {
  const detail = item.detail ?? {};
  const agentName = typeof detail['agentName'] === 'string' && detail['agentName'] ? detail['agentName'] : null;
  switch (item.type) {
    case 'consent.requested':
      return { kind: 'consent-requested', label: fillIn(strings.markerConsentRequested, { name: agentName ?? nameOf(item.actor) }) };
    case 'consent.granted': {
      const name = agentName ?? nameOf(typeof detail['agent'] === 'string' ? detail['agent'] : '');
      const key = detail['record'] === true ? 'markerConsentRecorded' : detail['record'] === false ? 'markerConsentUnrecorded' : 'markerConsentGranted';
      return { kind: 'consent-granted', label: fillIn(strings[key], { name }) };
    }
    case 'consent.denied':
      return { kind: 'consent-denied', label: strings.markerConsentDenied };
    case 'consent.extended':
      return { kind: 'consent-extended', label: strings.markerConsentExtended };
    case 'viewer.joined':
      return { kind: 'joined', label: fillIn(strings.markerJoined, { name: agentName ?? nameOf(item.actor) }) };
    case 'viewer.left':
      return { kind: 'left', label: fillIn(strings.markerLeft, { name: nameOf(item.actor) }) };
    case 'annotations.dismissed':
      return { kind: 'marks-dismissed', label: strings.markerMarksDismissed };
    case 'recording.paused':
      return { kind: 'recording-paused', label: strings.markerRecordingPaused };
    case 'recording.resumed':
      return { kind: 'recording-resumed', label: strings.markerRecordingResumed };
    case 'consent.revoked':
      return { kind: 'stopped', label: strings.markerStopped };
    case 'consent.expired':
      return { kind: 'expired', label: strings.markerExpired };
    case 'session.ended': {
      const reason = typeof detail['reason'] === 'string' ? END_TEXT[detail['reason']] : undefined;
      return { kind: 'ended', label: fillIn(strings.markerEnded, { reason: strings[reason ?? 'endUnknown'] }) };
    }
    default:
      return null;
  }
}

/** Kind and words of a mark change as the shopper's page got it. */
function markMarker(item: MarkItem, strings: ReviewStrings): { kind: MarkerKind; label: string } {
  const { message } = item;
  const name = message.by.name || strings.someAgent;
  switch (message.op) {
    case 'add': {
      const { shape, text } = message.annotation;
      if (shape === 'text' && text !== undefined) return { kind: 'mark-added', label: fillIn(strings.markerNoteAdded, { name, text: quote(text) }) };
      return { kind: 'mark-added', label: fillIn(strings.markerMarkAdded, { name, shape: strings[SHAPE_TEXT[shape]] }) };
    }
    case 'remove':
      return { kind: 'mark-removed', label: fillIn(strings.markerMarkRemoved, { name }) };
    case 'clear':
      return { kind: 'marks-cleared', label: fillIn(strings.markerMarksCleared, { name }) };
  }
}

/**
 * The markers of a recording, in time order. `eventTime` puts a server time on the events'
 * clock; agents are named from the recording's list, then from what the audit says of them.
 */
export function buildTimelineMarkers(recording: Pick<RecordingBody, 'agents' | 'items'>, eventTime: (at: number) => number, strings: ReviewStrings): TimelineMarker[] {
  const names = new Map<string, string>(recording.agents.map((agent) => [agent.id, agent.name]));
  const nameOf = (id: string): string => names.get(id) || strings.someAgent;
  const laserStrokes = new Set<string>();
  const markers: TimelineMarker[] = [];
  for (const item of recording.items) {
    let found: { kind: MarkerKind; label: string } | null = null;
    if (item.kind === 'audit') {
      const agentName = item.detail?.['agentName'];
      const agentId = item.type === 'consent.granted' ? item.detail?.['agent'] : item.actor;
      if (typeof agentName === 'string' && agentName && typeof agentId === 'string' && !names.has(agentId)) names.set(agentId, agentName);
      found = auditMarker(item, nameOf, strings);
    } else if (item.kind === 'mark') {
      const { message } = item;
      if (message.op === 'add' && message.annotation.shape === 'laser') {
        // A laser stroke is re-sent every 50 ms under one id: one marker per stroke.
        const stroke = `${message.annotation.id}\n${message.by.id}`;
        if (laserStrokes.has(stroke)) continue;
        laserStrokes.add(stroke);
      }
      found = markMarker(item, strings);
    }
    if (found) markers.push({ ...found, time: eventTime(item.at), at: item.at, color: MARKER_COLORS[found.kind] });
  }
  return markers.map((marker, index) => ({ marker, index })).sort((a, b) => a.marker.time - b.marker.time || a.index - b.index).map(({ marker }) => marker);
}
