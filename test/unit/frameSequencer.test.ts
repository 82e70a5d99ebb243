import { describe, expect, it } from 'vitest';
import { FrameSequencer } from '../../agent-viewer/src/frameSequencer';
import { FrameKind, type FrameHeader } from '../../protocol/envelope';

const cp = (stream: number, seq: number): FrameHeader => ({ kind: FrameKind.checkpoint, stream, seq });
const ev = (stream: number, seq: number): FrameHeader => ({ kind: FrameKind.event, stream, seq });

/** Feeds frames to one sequencer and returns the verdicts. */
function run(...frames: FrameHeader[]): string[] {
  const sequencer = new FrameSequencer();
  return frames.map((f) => sequencer.accept(f));
}

describe('FrameSequencer', () => {
  it('skips events before the first checkpoint', () => {
    expect(run(ev(1, 0), ev(1, 1), ev(1, 2))).toEqual(['skip', 'skip', 'skip']);
  });

  it('starts at a checkpoint and applies the following events in order', () => {
    expect(run(cp(1, 0), ev(1, 1), ev(1, 2), ev(1, 3))).toEqual(['checkpoint', 'apply', 'apply', 'apply']);
  });

  it('can join mid-stream: a checkpoint at any seq sets the expected position', () => {
    expect(run(ev(1, 40), cp(1, 41), ev(1, 42), ev(1, 43))).toEqual(['skip', 'checkpoint', 'apply', 'apply']);
  });

  it('skips a duplicate event', () => {
    expect(run(cp(1, 0), ev(1, 1), ev(1, 1), ev(1, 2))).toEqual(['checkpoint', 'apply', 'skip', 'apply']);
  });

  it('skips an old event replayed after later ones', () => {
    expect(run(cp(1, 0), ev(1, 1), ev(1, 2), ev(1, 0), ev(1, 3))).toEqual(['checkpoint', 'apply', 'apply', 'skip', 'apply']);
  });

  it('reports a gap when a seq is missing', () => {
    expect(run(cp(1, 0), ev(1, 1), ev(1, 3))).toEqual(['checkpoint', 'apply', 'gap']);
  });

  it('after a gap, skips everything (including the missing frame arriving late) until the next checkpoint', () => {
    expect(run(cp(1, 0), ev(1, 2), ev(1, 1), ev(1, 3), ev(1, 4), ev(2, 0))).toEqual(['checkpoint', 'gap', 'skip', 'skip', 'skip', 'skip']);
  });

  it('resumes after a gap at the next checkpoint', () => {
    expect(run(cp(1, 0), ev(1, 5), ev(1, 6), cp(1, 7), ev(1, 8))).toEqual(['checkpoint', 'gap', 'skip', 'checkpoint', 'apply']);
  });

  it('reports only one gap per desync', () => {
    const verdicts = run(cp(1, 0), ev(1, 3), ev(1, 9), ev(1, 10));
    expect(verdicts.filter((v) => v === 'gap')).toHaveLength(1);
  });

  it('treats an event on a newer stream without a checkpoint as a gap', () => {
    expect(run(cp(1, 0), ev(1, 1), ev(2, 0), ev(2, 1))).toEqual(['checkpoint', 'apply', 'gap', 'skip']);
  });

  it('follows a new stream that starts with a checkpoint (page navigation)', () => {
    expect(run(cp(1, 0), ev(1, 1), cp(2, 0), ev(2, 1), ev(2, 2))).toEqual(['checkpoint', 'apply', 'checkpoint', 'apply', 'apply']);
  });

  it('skips events from a stale stream after moving to a newer one, without losing sync', () => {
    expect(run(cp(1, 0), cp(2, 0), ev(1, 1), ev(2, 1))).toEqual(['checkpoint', 'checkpoint', 'skip', 'apply']);
  });

  it('skips a checkpoint from a stale stream and keeps the current position', () => {
    expect(run(cp(2, 0), ev(2, 1), cp(1, 0), ev(2, 2))).toEqual(['checkpoint', 'apply', 'skip', 'apply']);
  });

  it('skips a stale stream even while desynced', () => {
    expect(run(cp(2, 0), ev(2, 5), ev(1, 0), cp(1, 0), cp(2, 6), ev(2, 7))).toEqual(['checkpoint', 'gap', 'skip', 'skip', 'checkpoint', 'apply']);
  });

  it('accepts a repeated checkpoint on the same stream as a reset (relay resync)', () => {
    expect(run(cp(1, 0), ev(1, 1), ev(1, 2), cp(1, 3), ev(1, 4))).toEqual(['checkpoint', 'apply', 'apply', 'checkpoint', 'apply']);
  });

  it('can jump to a much later stream via a checkpoint (streams may be skipped)', () => {
    expect(run(cp(1, 0), cp(5, 0), ev(5, 1))).toEqual(['checkpoint', 'checkpoint', 'apply']);
  });

  it('keeps separate state per instance', () => {
    const a = new FrameSequencer();
    const b = new FrameSequencer();
    expect(a.accept(cp(1, 0))).toBe('checkpoint');
    expect(b.accept(ev(1, 1))).toBe('skip');
    expect(a.accept(ev(1, 1))).toBe('apply');
  });
});

describe('FrameSequencer: transient frames (pointer, page scroll)', () => {
  const checkpoint = (seq: number) => ({ kind: FrameKind.checkpoint, stream: 1, seq });
  const event = (seq: number) => ({ kind: FrameKind.event, stream: 1, seq });
  const pointer = (seq: number, stream = 1) => ({ kind: FrameKind.pointer, stream, seq });

  it('applies a transient frame carrying the last regular seq, and never reports a gap for a skipped one', () => {
    const s = new FrameSequencer();
    expect(s.accept(checkpoint(0))).toBe('checkpoint');
    expect(s.accept(pointer(0))).toBe('apply');
    expect(s.accept(pointer(0))).toBe('apply');
    expect(s.accept(event(1))).toBe('apply');
    // pointer frames skipped by the relay in between are not missed: the next regular frame follows on
    expect(s.accept(event(2))).toBe('apply');
    expect(s.accept({ kind: FrameKind.pageScroll, stream: 1, seq: 2 })).toBe('apply');
  });

  it('skips stale or early transient frames and ones of another stream', () => {
    const s = new FrameSequencer();
    expect(s.accept(pointer(0))).toBe('skip');
    s.accept(checkpoint(0));
    s.accept(event(1));
    expect(s.accept(pointer(0))).toBe('skip');
    expect(s.accept(pointer(5))).toBe('skip');
    expect(s.accept(pointer(1, 2))).toBe('skip');
    expect(s.accept(event(2))).toBe('apply');
  });
});

