/** The shopper-cost bench's pure parts: recognising the FullSnapshot frame, medians, added time and its floor. */
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { carriesFullSnapshot } from '../../bench/shopperCost/snapshotFrame';
import type { RecordingRun } from '../../bench/shopperCost/recordingRun';
import { compareAdded, firstViewMedian, rateMedians } from '../../bench/shopperCost/summary';
import { encodeFrame, FrameKind } from '../../protocol/envelope';

const json = (event: object): Buffer => Buffer.from(JSON.stringify(event), 'utf8');
const snapshotEvent = { type: 2, data: { node: { type: 0, childNodes: [] }, initialOffset: { top: 0, left: 0 } }, timestamp: 1 };
const metaEvent = { type: 4, data: { href: 'http://shop.test/', width: 1, height: 1 }, timestamp: 1 };

describe('carriesFullSnapshot', () => {
  it('recognises plain rrweb JSON text frames', () => {
    expect(carriesFullSnapshot(json(snapshotEvent), false)).toBe(true);
    expect(carriesFullSnapshot(json(metaEvent), false)).toBe(false);
  });

  it('recognises our envelope around JSON, gzip-compressed or not', () => {
    const header = { kind: FrameKind.event, stream: 1, seq: 1 };
    expect(carriesFullSnapshot(encodeFrame(header, json(snapshotEvent)), true)).toBe(true);
    expect(carriesFullSnapshot(encodeFrame(header, gzipSync(json(snapshotEvent))), true)).toBe(true);
    expect(carriesFullSnapshot(encodeFrame({ ...header, kind: FrameKind.checkpoint }, json(metaEvent)), true)).toBe(false);
  });

  it('says no to what it cannot read', () => {
    expect(carriesFullSnapshot(Buffer.from([9, 9, 9]), true)).toBe(false);
    expect(carriesFullSnapshot(encodeFrame({ kind: FrameKind.event, stream: 1, seq: 1 }, Buffer.from([0x1f, 0x8b, 1, 2])), true)).toBe(false);
  });
});

/** A run with only the figures the summary reads. */
function run(recorder: RecordingRun['recorder'], busy: number, cpu = busy): RecordingRun {
  return {
    recorder,
    cpuRate: 1,
    elements: 4000,
    start: recorder === 'none' ? null : { phaseMs: 300, longestMs: 200, over50SumMs: 250, count: 2 },
    snapshot: recorder === 'none' ? null : { bytes: 1000, bytesUpTo: 1100 },
    steady: { seconds: 6, busyMsPerSecond: busy, cpuMsPerSecond: cpu, scriptMsPerSecond: 0, styleLayoutMsPerSecond: 0, bytesPerMinute: 0 },
  };
}

describe('shopper-cost summary', () => {
  it('subtracts the page alone and compares the added times', () => {
    const runs = [run('none', 10), run('none', 11), run('none', 12), run('rrweb', 15), run('rrweb', 16), run('rrweb', 17), run('lookalong', 20), run('lookalong', 22), run('lookalong', 30)];
    const medians = rateMedians(runs, 1);
    expect(medians.none.busySpread).toBe(2);
    expect(compareAdded(medians, 'busy')).toEqual({ lookalong: 11, rrweb: 5, floor: 2, ratio: 11 / 5 });
  });

  it('holds an added time lost in the noise to the page alone’s spread', () => {
    const runs = [run('none', 10), run('none', 12), run('none', 14), run('rrweb', 11), run('lookalong', 18)];
    const added = compareAdded(rateMedians(runs, 1), 'busy');
    expect(added.rrweb).toBe(-1);
    expect(added.ratio).toBe(6 / 4);
  });

  it('takes the median first view, a timed-out run counting as the slowest', () => {
    expect(firstViewMedian([1200, null, 900])).toBe(1200);
    expect(firstViewMedian([null, null, 900])).toBeNull();
    expect(firstViewMedian([])).toBeNull();
  });
});
