/**
 * The review page's marks and markers (agent-viewer/src/review): which marks were on the
 * shopper's page at a moment (the shopper overlay's rules: replace by id and author, remove and
 * clear only one's own, "Hide marks", page loads, caps, laser fade), asked forwards and after a
 * seek back; and the timeline markers' kinds, words (en, zh-CN) and colours.
 */
import { describe, expect, it } from 'vitest';
import { buildMarkChanges, LASER_FADE_MS, MarkTimeline, marksAt, MAX_KEPT_MARKS, type MarkChange } from '../../agent-viewer/src/review/markTimeline';
import { REVIEW_STRINGS } from '../../agent-viewer/src/review/reviewI18n';
import { buildTimelineMarkers, MARKER_COLORS } from '../../agent-viewer/src/review/timelineMarkers';
import type { Annotation } from '../../protocol/annotation';
import type { AgentPublic } from '../../protocol/messages';
import type { RecordingItem } from '../../protocol/recording';

const anna: AgentPublic = { id: 'a1', name: 'Anna' };
const ben: AgentPublic = { id: 'b2', name: 'Ben' };

function mark(id: string, shape: Annotation['shape'] = 'rect', stream = 1): Annotation {
  const annotation: Annotation = { id, shape, color: '#e5484d', stream, anchor: null, box: { x: 10, y: 10, w: 50, h: 20 } };
  if (shape === 'laser' || shape === 'pen') annotation.points = [{ x: 0, y: 0 }, { x: 1, y: 1 }];
  if (shape === 'arrow') annotation.points = [{ x: 0, y: 0 }, { x: 1, y: 1 }];
  if (shape === 'text') annotation.text = 'Click here';
  return annotation;
}

const add = (time: number, annotation: Annotation, by: AgentPublic = anna): MarkChange => ({ time, kind: 'add', annotation, by });
const ids = (changes: MarkChange[], time: number): string[] => marksAt(changes, time).map((m) => `${m.annotation.id}/${m.by.id}`);

describe('MarkTimeline', () => {
  it('shows a mark from when it was drawn until it is removed', () => {
    const changes: MarkChange[] = [add(100, mark('m1')), { time: 300, kind: 'remove', id: 'm1', byId: 'a1' }];
    expect(ids(changes, 99)).toEqual([]);
    expect(ids(changes, 100)).toEqual(['m1/a1']);
    expect(ids(changes, 299)).toEqual(['m1/a1']);
    expect(ids(changes, 300)).toEqual([]);
  });

  it('lets an agent remove and clear only their own marks', () => {
    const changes: MarkChange[] = [
      add(100, mark('m1')),
      add(110, mark('m1'), ben),
      add(120, mark('m2'), ben),
      { time: 200, kind: 'remove', id: 'm1', byId: 'b2' },
      { time: 300, kind: 'clear', byId: 'a1' },
    ];
    expect(ids(changes, 150)).toEqual(['m1/a1', 'm1/b2', 'm2/b2']);
    expect(ids(changes, 250)).toEqual(['m1/a1', 'm2/b2']);
    expect(ids(changes, 350)).toEqual(['m2/b2']);
  });

  it('replaces a mark sent again under the same id by the same agent', () => {
    const first = mark('m1');
    const second = { ...mark('m1'), color: '#1f5eff' };
    const shown = marksAt([add(100, first), add(200, second)], 250);
    expect(shown).toHaveLength(1);
    expect(shown[0]!.annotation).toBe(second);
    expect(shown[0]!.since).toBe(200);
  });

  it('removes every mark when the shopper hides them, and starts each page load without marks', () => {
    const changes: MarkChange[] = [
      { time: 0, kind: 'stream', stream: 1 },
      add(100, mark('m1')),
      add(110, mark('m2'), ben),
      { time: 200, kind: 'dismiss' },
      add(300, mark('m3')),
      { time: 400, kind: 'stream', stream: 2 },
      add(410, mark('m4', 'rect', 1)),
      add(420, mark('m5', 'rect', 2)),
    ];
    expect(ids(changes, 150)).toEqual(['m1/a1', 'm2/b2']);
    expect(ids(changes, 250)).toEqual([]);
    expect(ids(changes, 350)).toEqual(['m3/a1']);
    expect(ids(changes, 415)).toEqual([]);
    expect(ids(changes, 430)).toEqual(['m5/a1']);
  });

  it('ignores a mark drawn for another page load; the same stream again keeps the marks', () => {
    const changes: MarkChange[] = [{ time: 0, kind: 'stream', stream: 3 }, add(10, mark('m1', 'rect', 2)), add(20, mark('m2', 'rect', 3)), { time: 30, kind: 'stream', stream: 3 }];
    expect(ids(changes, 40)).toEqual(['m2/a1']);
  });

  it('fades a laser trail out over LASER_FADE_MS after its last update, and keeps it while it is updated', () => {
    const changes: MarkChange[] = [add(1000, mark('l1', 'laser')), add(1500, mark('l1', 'laser')), add(1500, mark('k1'))];
    expect(marksAt(changes, 1000)[0]!.opacity).toBe(1);
    const later = marksAt(changes, 1500 + LASER_FADE_MS / 2);
    expect(later.map((m) => m.annotation.id)).toEqual(['k1', 'l1']);
    expect(later[1]!.opacity).toBeCloseTo(0.75);
    expect(later[0]!.opacity).toBe(1);
    expect(ids(changes, 1500 + LASER_FADE_MS)).toEqual(['k1/a1']);
  });

  it('keeps at most MAX_KEPT_MARKS marks, dropping the oldest', () => {
    const changes = Array.from({ length: MAX_KEPT_MARKS + 2 }, (_, i) => add(i, mark(`m${i}`)));
    const shown = ids(changes, 1000);
    expect(shown).toHaveLength(MAX_KEPT_MARKS);
    expect(shown[0]).toBe('m2/a1');
  });

  it('answers the same after a seek back as when asked afresh', () => {
    const changes: MarkChange[] = [add(100, mark('m1')), add(200, mark('m2')), { time: 300, kind: 'clear', byId: 'a1' }, add(400, mark('m3'))];
    const timeline = new MarkTimeline(changes);
    expect(timeline.at(50).map((m) => m.key)).toEqual([]);
    expect(timeline.at(250).map((m) => m.annotation.id)).toEqual(['m1', 'm2']);
    expect(timeline.at(450).map((m) => m.annotation.id)).toEqual(['m3']);
    expect(timeline.at(150).map((m) => m.annotation.id)).toEqual(['m1']);
    expect(timeline.at(450).map((m) => m.annotation.id)).toEqual(['m3']);
  });
});

describe('buildMarkChanges', () => {
  it('orders the mark items, the shopper hiding marks and the page loads, a page load first at equal times', () => {
    const items: RecordingItem[] = [
      { at: 10, kind: 'mark', message: { t: 'annotation', op: 'add', annotation: mark('m1'), by: anna } },
      { at: 20, kind: 'audit', type: 'annotations.dismissed', actor: 'shopper' },
      { at: 20, kind: 'audit', type: 'viewer.left', actor: 'a1' },
      { at: 30, kind: 'mark', message: { t: 'annotation', op: 'remove', id: 'm1', by: anna } },
      { at: 40, kind: 'mark', message: { t: 'annotation', op: 'clear', by: ben } },
      { at: 45, kind: 'frame', data: '' },
    ];
    const changes = buildMarkChanges(items, [{ time: 1040, stream: 2 }, { time: 1000, stream: 1 }], (at) => at + 1000);
    expect(changes.map((c) => `${c.time}:${c.kind}`)).toEqual(['1000:stream', '1010:add', '1020:dismiss', '1030:remove', '1040:stream', '1040:clear']);
  });
});

describe('buildTimelineMarkers', () => {
  const items: RecordingItem[] = [
    { at: 0, kind: 'audit', type: 'session.created', actor: 'shopper' },
    { at: 1, kind: 'audit', type: 'consent.requested', actor: 'a1', detail: { agentName: 'Anna' } },
    { at: 2, kind: 'audit', type: 'consent.granted', actor: 'shopper', detail: { agent: 'a1', agentName: 'Anna', record: true } },
    { at: 3, kind: 'audit', type: 'viewer.joined', actor: 'a1', detail: { agentName: 'Anna' } },
    { at: 4, kind: 'audit', type: 'consent.granted', actor: 'shopper', detail: { agent: 'c3', agentName: 'Cleo', record: false } },
    { at: 5, kind: 'audit', type: 'viewer.joined', actor: 'c3', detail: { agentName: 'Cleo' } },
    { at: 6, kind: 'mark', message: { t: 'annotation', op: 'add', annotation: mark('m1', 'arrow'), by: anna } },
    { at: 7, kind: 'mark', message: { t: 'annotation', op: 'add', annotation: mark('l1', 'laser'), by: anna } },
    { at: 8, kind: 'mark', message: { t: 'annotation', op: 'add', annotation: mark('l1', 'laser'), by: anna } },
    { at: 9, kind: 'mark', message: { t: 'annotation', op: 'add', annotation: mark('t1', 'text'), by: anna } },
    { at: 10, kind: 'audit', type: 'annotation.sent', actor: 'a1', detail: { shape: 'text', id: 't1' } },
    { at: 11, kind: 'mark', message: { t: 'annotation', op: 'remove', id: 'm1', by: anna } },
    { at: 12, kind: 'mark', message: { t: 'annotation', op: 'clear', by: anna } },
    { at: 13, kind: 'audit', type: 'viewer.left', actor: 'c3', detail: { reason: 'closed' } },
    { at: 14, kind: 'audit', type: 'annotations.dismissed', actor: 'shopper' },
    { at: 15, kind: 'audit', type: 'consent.denied', actor: 'shopper', detail: { agent: 'x' } },
    { at: 16, kind: 'audit', type: 'consent.extended', actor: 'shopper' },
    { at: 16.2, kind: 'audit', type: 'recording.paused', actor: 'relay' },
    { at: 16.5, kind: 'audit', type: 'recording.resumed', actor: 'relay' },
    { at: 17, kind: 'audit', type: 'consent.revoked', actor: 'shopper' },
    { at: 18, kind: 'audit', type: 'consent.expired', actor: 'relay' },
    { at: 19, kind: 'audit', type: 'session.ended', actor: 'shopper', detail: { reason: 'expired' } },
    { at: 20, kind: 'audit', type: 'session.ended', actor: 'relay', detail: { reason: 'solar-flare' } },
    { at: 21, kind: 'audit', type: 'something.new', actor: 'relay' },
    { at: 22, kind: 'audit', type: 'viewer.left', actor: 'nobody-known' },
  ];
  const recording = { agents: [anna], items };

  it('names what happened, in time order, one marker per laser stroke, ignoring types it does not know', () => {
    const markers = buildTimelineMarkers(recording, (at) => at * 10, REVIEW_STRINGS.en);
    expect(markers.map((m) => [m.time, m.kind, m.label])).toEqual([
      [10, 'consent-requested', 'Anna asked to watch'],
      [20, 'consent-granted', 'The shopper allowed Anna to watch, with recording'],
      [30, 'joined', 'Anna joined'],
      [40, 'consent-granted', 'The shopper allowed Cleo to watch, without recording'],
      [50, 'joined', 'Cleo joined'],
      [60, 'mark-added', 'Anna drew: arrow'],
      [70, 'mark-added', 'Anna drew: laser pointer'],
      [90, 'mark-added', 'Anna wrote a note: “Click here”'],
      [110, 'mark-removed', 'Anna removed a mark'],
      [120, 'marks-cleared', 'Anna cleared their marks'],
      [130, 'left', 'Cleo left'],
      [140, 'marks-dismissed', 'The shopper hid the marks'],
      [150, 'consent-denied', 'The shopper declined'],
      [160, 'consent-extended', 'The shopper extended the consent'],
      [162, 'recording-paused', 'The shopper paused the recording'],
      [165, 'recording-resumed', 'The shopper resumed the recording'],
      [170, 'stopped', 'The shopper pressed Stop'],
      [180, 'expired', 'The consent expired'],
      [190, 'ended', 'The session ended: the consent expired'],
      [200, 'ended', 'The session ended: no reason given'],
      [220, 'left', 'An agent left'],
    ]);
    for (const marker of markers) expect(marker.color).toBe(MARKER_COLORS[marker.kind]);
    expect(markers[0]!.at).toBe(1);
  });

  it('speaks Chinese too', () => {
    const markers = buildTimelineMarkers(recording, (at) => at, REVIEW_STRINGS['zh-CN']);
    expect(markers[1]!.label).toBe('顾客允许 Anna 查看，并允许录制');
    expect(markers[5]!.label).toBe('Anna 绘制了：箭头');
  });

  it('says "allowed to watch" when the consent does not say whether it allows recording', () => {
    const markers = buildTimelineMarkers({ agents: [], items: [{ at: 1, kind: 'audit', type: 'consent.granted', actor: 'shopper', detail: { agent: 'a1', agentName: 'Anna' } }] }, (at) => at, REVIEW_STRINGS.en);
    expect(markers.map((m) => m.label)).toEqual(['The shopper allowed Anna to watch']);
  });

  it('shortens a long note', () => {
    const note = { ...mark('t1', 'text'), text: 'x'.repeat(200) };
    const [marker] = buildTimelineMarkers({ agents: [], items: [{ at: 1, kind: 'mark', message: { t: 'annotation', op: 'add', annotation: note, by: anna } }] }, (at) => at, REVIEW_STRINGS.en);
    expect(marker!.label.length).toBeLessThan(90);
    expect(marker!.label).toContain('…');
  });
});
