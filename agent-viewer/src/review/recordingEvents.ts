/**
 * Turns a validated recording and its decoded frames into what the player plays:
 *
 * - the rrweb events from the first Meta event on (earlier ones have no page to apply to),
 *   their timestamps kept unless a broken clock puts one over a minute away from where the
 *   relay's clock says it was (then the relay's time is used), in time order;
 * - the SDK's own custom events (device state, pixels) as rrweb Plugin events, so the review's
 *   replay plugin still applies them but the player's progress bar does not show them; other
 *   recorded custom and plugin events are dropped;
 * - one rrweb custom event per timeline marker (`data.tag` = its words, coloured through the
 *   player's `tags` option), so the markers sit on the player's own progress bar;
 * - the mark changes, and when each page load (stream) began to show.
 *
 * Audit and mark times (server clock) go onto the events' clock with the estimated offset
 * (clockOffset.ts), never before the first event. Pure, except `routeAssets`, which rewrites
 * each kept event in place (the console's asset routing).
 */
import { EventType, type eventWithTime } from '@rrweb/types';
import { DEVICE_STATE_TAG } from '../../../protocol/deviceState';
import type { RecordingBody } from '../../../protocol/recording';
import { REPLAY_PIXELS_TAG } from '../../../protocol/replayPixels';
import { estimateClockOffset, saneTimestamp, toEventClock } from './clockOffset';
import { buildMarkChanges, type MarkChange, type StreamStart } from './markTimeline';
import type { RecordedFrame } from './recordedFrames';
import type { ReviewStrings } from './reviewI18n';
import { buildTimelineMarkers, type TimelineMarker } from './timelineMarkers';

/** Custom-event tags of the SDK that the review applies (as Plugin events). */
export const SDK_EVENT_TAGS: readonly string[] = [DEVICE_STATE_TAG, REPLAY_PIXELS_TAG];

/** Everything the review page plays and lists for one recording. */
export interface ReviewTimeline {
  /** For the player, in time order; empty when the recording holds no page. */
  events: eventWithTime[];
  /** Timestamp of the first event (the player's time 0), or null without events. */
  startTime: number | null;
  /** The markers, in time order (also as custom events in `events`). */
  markers: TimelineMarker[];
  /** The player's `tags` option: each marker's words → its colour. */
  tags: Record<string, string>;
  /** Mark changes in time order, for MarkTimeline. */
  markChanges: MarkChange[];
  /** Estimated `event timestamp − server time`, ms. */
  clockOffset: number;
  /** The first page's address (from its Meta event; the SDK removed query and fragment). */
  firstPage: string | null;
  /** The shopper's first viewport (from the same Meta event), or null. */
  viewport: { width: number; height: number } | null;
}

/** The Meta event's data. */
interface MetaData {
  href?: unknown;
  width?: unknown;
  height?: unknown;
}

/** A positive finite number, or null. */
function positive(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : null;
}

/** The data of a recorded custom event. */
interface CustomData {
  tag?: unknown;
  payload?: unknown;
}

/** The data of a Plugin event. */
interface PluginData {
  plugin?: unknown;
  payload?: unknown;
}

/** The event the player gets for a recorded one, or null when it is dropped. */
function playable(event: eventWithTime, timestamp: number): eventWithTime | null {
  if (event.type === EventType.Custom) {
    const { tag, payload } = event.data as CustomData;
    if (typeof tag !== 'string' || !SDK_EVENT_TAGS.includes(tag)) return null;
    return { type: EventType.Plugin, data: { plugin: tag, payload }, timestamp };
  }
  if (event.type === EventType.Plugin) {
    const { plugin } = event.data as PluginData;
    return typeof plugin === 'string' && SDK_EVENT_TAGS.includes(plugin) ? { ...event, timestamp } : null;
  }
  return { ...event, timestamp };
}

/** Stable sort by timestamp. */
function inTimeOrder(events: eventWithTime[]): eventWithTime[] {
  return events.map((event, index) => ({ event, index })).sort((a, b) => a.event.timestamp - b.event.timestamp || a.index - b.index).map(({ event }) => event);
}

/** Builds the review timeline; see the module comment. */
export function buildReviewTimeline(
  recording: RecordingBody,
  frames: readonly RecordedFrame[],
  strings: ReviewStrings,
  routeAssets: (event: eventWithTime) => void = () => {},
): ReviewTimeline {
  const clockOffset = estimateClockOffset(frames);
  const firstMeta = frames.findIndex((frame) => frame.event.type === EventType.Meta);
  const shown = firstMeta === -1 ? [] : frames.slice(firstMeta);

  const played: eventWithTime[] = [];
  const streams: StreamStart[] = [];
  for (const frame of shown) {
    const timestamp = saneTimestamp(frame, clockOffset);
    const event = playable(frame.event, timestamp);
    if (!event) continue;
    routeAssets(event);
    played.push(event);
    if (streams[streams.length - 1]?.stream !== frame.stream) streams.push({ time: timestamp, stream: frame.stream });
  }

  const startTime = played.reduce<number | null>((min, event) => (min === null || event.timestamp < min ? event.timestamp : min), null);
  const eventTime = (at: number): number => Math.max(startTime ?? -Infinity, toEventClock(at, clockOffset));
  const markers = buildTimelineMarkers(recording, eventTime, strings);
  const tags: Record<string, string> = {};
  for (const marker of markers) tags[marker.label] ??= marker.color;
  const markerEvents: eventWithTime[] = played.length
    ? markers.map((marker, index) => ({ type: EventType.Custom, data: { tag: marker.label, payload: { marker: index } }, timestamp: marker.time }))
    : [];
  const meta = shown[0]?.event.data as MetaData | undefined;
  const width = positive(meta?.width);
  const height = positive(meta?.height);

  return {
    events: inTimeOrder([...played, ...markerEvents]),
    startTime,
    markers,
    tags,
    markChanges: buildMarkChanges(recording.items, streams, eventTime),
    clockOffset,
    firstPage: typeof meta?.href === 'string' ? meta.href : null,
    viewport: width && height ? { width, height } : null,
  };
}
