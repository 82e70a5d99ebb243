/**
 * The review page's preparation of a recording (agent-viewer/src/review): the clock offset
 * between relay and shopper, the opening of frame items (bad ones skipped and counted), and the
 * events the player gets (from the first Meta on, the SDK's custom events as Plugin events, the
 * timeline markers as custom events with colours, broken clocks re-stamped).
 */
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { estimateClockOffset, MAX_EVENT_SKEW_MS, saneTimestamp, toEventClock } from '../../agent-viewer/src/review/clockOffset';
import { base64Bytes, decodeRecordedFrames, type RecordedFrame } from '../../agent-viewer/src/review/recordedFrames';
import { buildReviewTimeline } from '../../agent-viewer/src/review/recordingEvents';
import { REVIEW_STRINGS } from '../../agent-viewer/src/review/reviewI18n';
import { encodeFrame, FrameKind } from '../../protocol/envelope';
import type { RecordingBody, RecordingItem } from '../../protocol/recording';

const en = REVIEW_STRINGS.en;
/** The shopper's clock runs an hour and a bit ahead of the relay's. */
const SKEW = 3_600_000 + 321;
const T0 = 1_780_000_000_000;

const b64 = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64');

function frameItem(at: number, event: object, options: { stream?: number; kind?: FrameKind; gzip?: boolean } = {}): RecordingItem {
  const json = Buffer.from(JSON.stringify(event));
  const payload = options.gzip ? gzipSync(json) : json;
  return { at, kind: 'frame', data: b64(encodeFrame({ kind: options.kind ?? FrameKind.event, stream: options.stream ?? 1, seq: 0 }, payload)) };
}

function recording(items: RecordingItem[]): RecordingBody {
  return { id: 'rec', session: 'session-1', site: 'shop', agents: [{ id: 'a1', name: 'Anna' }], startedAt: new Date(T0).toISOString(), durationMs: 10_000, endedAt: null, items };
}

const meta = (timestamp: number, href = 'https://shop.example/') => ({ type: 4, data: { href, width: 1024, height: 700 }, timestamp });
const snapshot = (timestamp: number) => ({ type: 2, data: { node: { type: 0, id: 1, childNodes: [] }, initialOffset: { top: 0, left: 0 } }, timestamp });
const move = (timestamp: number) => ({ type: 3, data: { source: 1, positions: [{ x: 1, y: 2, id: 1, timeOffset: 0 }] }, timestamp });

function frame(at: number, event: { type: number; timestamp: number; data: object }, stream = 1): RecordedFrame {
  return { at, stream, checkpoint: event.type === 4, event: event as RecordedFrame['event'] };
}

describe('clock offset', () => {
  const sample = (at: number, timestamp: number) => ({ at, event: { timestamp } });

  it('is the median of event timestamp − relay time, robust to a few late or early frames', () => {
    expect(estimateClockOffset([sample(0, 100), sample(10, 110), sample(20, 5000), sample(30, 129)])).toBe(100);
    expect(estimateClockOffset([sample(0, 100), sample(0, 101)])).toBe(100.5);
    expect(estimateClockOffset([sample(0, 100), sample(10, 110), sample(20, -9000)])).toBe(100);
    expect(estimateClockOffset([])).toBe(0);
  });

  it('puts a server time on the events’ clock', () => {
    expect(toEventClock(T0, SKEW)).toBe(T0 + SKEW);
  });

  it('keeps an event’s own timestamp unless it is over a minute off, then uses the relay’s time', () => {
    expect(saneTimestamp(sample(T0, T0 + SKEW - 40), SKEW)).toBe(T0 + SKEW - 40);
    expect(saneTimestamp(sample(T0, T0 + SKEW + MAX_EVENT_SKEW_MS + 1), SKEW)).toBe(T0 + SKEW);
    expect(saneTimestamp(sample(T0, 0), SKEW)).toBe(T0 + SKEW);
  });
});

describe('decodeRecordedFrames', () => {
  it('opens JSON and gzip frames with their stream and checkpoint flag, in item order', async () => {
    const items = [
      frameItem(T0, meta(T0 + SKEW), { kind: FrameKind.checkpoint, stream: 2 }),
      { at: T0 + 1, kind: 'audit', type: 'viewer.joined', actor: 'a1' } as RecordingItem,
      frameItem(T0 + 2, snapshot(T0 + SKEW + 2), { gzip: true, stream: 2 }),
    ];
    const { frames, skipped } = await decodeRecordedFrames(items);
    expect(skipped).toBe(0);
    expect(frames.map((f) => [f.at, f.stream, f.checkpoint, f.event.type])).toEqual([
      [T0, 2, true, 4],
      [T0 + 2, 2, false, 2],
    ]);
  });

  it('skips and counts frames that fail any step: envelope, gzip, UTF-8, JSON, event shape', async () => {
    const bad: RecordingItem[] = [
      { at: 1, kind: 'frame', data: b64(new Uint8Array([9, 1, 0, 0, 0, 1, 0, 0, 0, 0, 123])) },
      { at: 2, kind: 'frame', data: b64(new Uint8Array([1, 1])) },
      { at: 3, kind: 'frame', data: b64(encodeFrame({ kind: 1, stream: 1, seq: 0 }, new Uint8Array([0x1f, 0x8b, 8, 0, 1, 2, 3]))) },
      { at: 4, kind: 'frame', data: b64(encodeFrame({ kind: 1, stream: 1, seq: 0 }, new Uint8Array([0xff, 0xfe, 0x7b]))) },
      { at: 5, kind: 'frame', data: b64(encodeFrame({ kind: 1, stream: 1, seq: 0 }, Buffer.from('not json'))) },
      { at: 6, kind: 'frame', data: b64(encodeFrame({ kind: 1, stream: 1, seq: 0 }, Buffer.from('{"type":3,"data":{}}'))) },
      { at: 7, kind: 'frame', data: b64(encodeFrame({ kind: 1, stream: 1, seq: 0 }, Buffer.from('{"type":99,"data":{},"timestamp":1}'))) },
      { at: 8, kind: 'frame', data: b64(encodeFrame({ kind: 1, stream: 1, seq: 0 }, Buffer.from('[1,2]'))) },
      { at: 9, kind: 'frame', data: b64(encodeFrame({ kind: 1, stream: 1, seq: 0 }, Buffer.from('{"type":3,"data":null,"timestamp":1}'))) },
      { at: 10, kind: 'frame', data: 'not*base64' },
    ];
    const { frames, skipped } = await decodeRecordedFrames([...bad, frameItem(11, move(11))]);
    expect(skipped).toBe(bad.length);
    expect(frames.map((f) => f.at)).toEqual([11]);
  });

  it('reads base64 as bytes', () => {
    expect([...base64Bytes('AQL/')]).toEqual([1, 2, 255]);
  });
});

describe('buildReviewTimeline', () => {
  const frames = [
    frame(T0 - 500, move(T0 - 500 + SKEW)),
    frame(T0, meta(T0 + SKEW - 30)),
    frame(T0 + 5, snapshot(T0 + SKEW - 25)),
    frame(T0 + 1000, move(T0 + SKEW + 970)),
    frame(T0 + 1500, { type: 5, data: { tag: 'lookalong/device', payload: { x: 1 } }, timestamp: T0 + SKEW + 1470 }),
    frame(T0 + 1600, { type: 5, data: { tag: 'somebody/else', payload: {} }, timestamp: T0 + SKEW + 1570 }),
    frame(T0 + 1700, { type: 6, data: { plugin: 'rrweb/console@1', payload: {} }, timestamp: T0 + SKEW + 1670 }),
    frame(T0 + 2000, move(T0 + SKEW + 1970 + 10 * 60_000)),
    frame(T0 + 3000, meta(T0 + SKEW + 2970, 'https://shop.example/cart/'), 2),
    frame(T0 + 3005, snapshot(T0 + SKEW + 2975), 2),
  ];
  const items: RecordingItem[] = [
    { at: T0 - 800, kind: 'audit', type: 'consent.granted', actor: 'shopper', detail: { agent: 'a1', agentName: 'Anna', record: true } },
    { at: T0 + 2500, kind: 'audit', type: 'viewer.joined', actor: 'b2', detail: { agentName: 'Ben' } },
    { at: T0 + 2600, kind: 'mark', message: { t: 'annotation', op: 'clear', by: { id: 'b2', name: 'Ben' } } },
    { at: T0 + 4000, kind: 'audit', type: 'session.ended', actor: 'shopper', detail: { reason: 'shopper-stopped' } },
  ];
  const timeline = buildReviewTimeline(recording(items), frames, en);

  it('estimates the offset from the frames', () => {
    expect(timeline.clockOffset).toBe(SKEW - 30);
  });

  it('plays from the first Meta event on, in time order, starting at its timestamp', () => {
    expect(timeline.startTime).toBe(T0 + SKEW - 30);
    expect(timeline.events[0]).toMatchObject({ type: 4, timestamp: T0 + SKEW - 30 });
    const stamps = timeline.events.map((e) => e.timestamp);
    expect(stamps).toEqual([...stamps].sort((a, b) => a - b));
    expect(timeline.firstPage).toBe('https://shop.example/');
    expect(timeline.viewport).toEqual({ width: 1024, height: 700 });
  });

  it('re-stamps an event whose own clock is far off', () => {
    expect(timeline.events.some((e) => e.timestamp > T0 + SKEW + 60_000)).toBe(false);
    expect(timeline.events.filter((e) => e.type === 3).map((e) => e.timestamp)).toContain(T0 + 2000 + SKEW - 30);
  });

  it('turns the SDK’s custom events into Plugin events and drops unknown custom and plugin events', () => {
    const plugins = timeline.events.filter((e) => e.type === 6);
    expect(plugins).toEqual([{ type: 6, data: { plugin: 'lookalong/device', payload: { x: 1 } }, timestamp: T0 + SKEW + 1470 }]);
    const tags = timeline.events.filter((e) => e.type === 5).map((e) => (e.data as { tag: string }).tag);
    expect(tags).not.toContain('somebody/else');
  });

  it('adds one custom event per marker, tagged with its words, coloured through `tags`, never before the first event', () => {
    const custom = timeline.events.filter((e) => e.type === 5);
    expect(custom.map((e) => (e.data as { tag: string }).tag)).toEqual([
      'The shopper allowed Anna to watch, with recording',
      'Ben joined',
      'Ben cleared their marks',
      'The session ended: the shopper stopped sharing',
    ]);
    expect(custom[0]!.timestamp).toBe(timeline.startTime);
    expect(custom[1]!.timestamp).toBe(T0 + 2500 + SKEW - 30);
    expect(timeline.tags['Ben joined']).toBe('#1f5eff');
    expect(Object.keys(timeline.tags)).toHaveLength(4);
  });

  it('knows when each page load began, for the marks', () => {
    expect(timeline.markChanges.filter((c) => c.kind === 'stream')).toEqual([
      { time: T0 + SKEW - 30, kind: 'stream', stream: 1 },
      { time: T0 + SKEW + 2970, kind: 'stream', stream: 2 },
    ]);
  });

  it('routes each played event through the asset rewriter', () => {
    const seen: number[] = [];
    buildReviewTimeline(recording([]), frames, en, (event) => seen.push(event.type));
    expect(seen[0]).toBe(4);
    expect(seen.filter((t) => t === 5)).toEqual([]);
  });

  it('has nothing to play without a Meta event, but still lists the markers', () => {
    const empty = buildReviewTimeline(recording(items), [frame(T0, move(T0 + SKEW))], en);
    expect(empty.events).toEqual([]);
    expect(empty.startTime).toBeNull();
    expect(empty.markers).toHaveLength(4);
  });
});
