import { describe, expect, it } from 'vitest';
import { CheckpointCache } from '../../server/src/relay/checkpointCache';

const frame = (bytes: number, fill = 0): Buffer => Buffer.alloc(bytes, fill);

describe('CheckpointCache', () => {
  it('starts empty and incomplete', () => {
    const cache = new CheckpointCache(100);
    expect(cache.isComplete).toBe(false);
    expect(cache.size).toBe(0);
    expect(cache.snapshot()).toEqual([]);
  });

  it('refuses frames before the first checkpoint', () => {
    const cache = new CheckpointCache(100);
    expect(cache.append(frame(10))).toBe('no-checkpoint');
    expect(cache.size).toBe(0);
    expect(cache.snapshot()).toHaveLength(0);
    expect(cache.isComplete).toBe(false);
  });

  it('caches the checkpoint frame and following frames in order', () => {
    const cache = new CheckpointCache(100);
    const a = frame(10, 1);
    const b = frame(20, 2);
    const c = frame(5, 3);
    expect(cache.start(a)).toBe('cached');
    expect(cache.append(b)).toBe('cached');
    expect(cache.append(c)).toBe('cached');
    expect(cache.isComplete).toBe(true);
    expect(cache.snapshot()).toEqual([a, b, c]);
    expect(cache.snapshot()[0]).toBe(a); // stored as-is, no copy
    expect(cache.size).toBe(35);
  });

  it('start() resets the cache to the new checkpoint', () => {
    const cache = new CheckpointCache(100);
    cache.start(frame(10, 1));
    cache.append(frame(20, 2));
    const fresh = frame(7, 9);
    expect(cache.start(fresh)).toBe('cached');
    expect(cache.snapshot()).toEqual([fresh]);
    expect(cache.size).toBe(7);
    expect(cache.isComplete).toBe(true);
  });

  it('accepts a frame that fills the cap exactly', () => {
    const cache = new CheckpointCache(100);
    cache.start(frame(60));
    expect(cache.append(frame(40))).toBe('cached');
    expect(cache.size).toBe(100);
  });

  it('overflows one byte past the cap: clears itself and reports overflow', () => {
    const cache = new CheckpointCache(100);
    cache.start(frame(60));
    cache.append(frame(40));
    expect(cache.append(frame(1))).toBe('overflow');
    expect(cache.size).toBe(0);
    expect(cache.snapshot()).toEqual([]);
    expect(cache.isComplete).toBe(false);
  });

  it('after overflow, refuses frames until the next checkpoint', () => {
    const cache = new CheckpointCache(100);
    cache.start(frame(90));
    expect(cache.append(frame(20))).toBe('overflow');
    expect(cache.append(frame(1))).toBe('no-checkpoint');
    expect(cache.size).toBe(0);
    expect(cache.start(frame(5))).toBe('cached');
    expect(cache.append(frame(1))).toBe('cached');
    expect(cache.size).toBe(6);
  });

  it('reports overflow when the checkpoint frame alone exceeds the cap', () => {
    const cache = new CheckpointCache(100);
    expect(cache.start(frame(101))).toBe('overflow');
    expect(cache.isComplete).toBe(false);
    expect(cache.size).toBe(0);
    expect(cache.append(frame(1))).toBe('no-checkpoint');
  });

  it('counts bytes by byteLength, including empty frames', () => {
    const cache = new CheckpointCache(100);
    cache.start(frame(0));
    cache.append(Buffer.from('héllo', 'utf8')); // 6 bytes, 5 characters
    expect(cache.size).toBe(6);
    expect(cache.snapshot()).toHaveLength(2);
  });

  it('clear() forgets everything', () => {
    const cache = new CheckpointCache(100);
    cache.start(frame(10));
    cache.clear();
    expect(cache.isComplete).toBe(false);
    expect(cache.size).toBe(0);
    expect(cache.snapshot()).toEqual([]);
    expect(cache.append(frame(1))).toBe('no-checkpoint');
  });

  it('a snapshot taken before a reset keeps its frames (callers may still be sending them)', () => {
    const cache = new CheckpointCache(100);
    const a = frame(10, 1);
    cache.start(a);
    const before = cache.snapshot();
    cache.start(frame(3));
    expect(before).toEqual([a]);
  });
});

describe('CheckpointCache.replaceTransient', () => {
  it('keeps only the latest transient frame of each kind, in arrival order, and accounts bytes', () => {
    const cache = new CheckpointCache(1024);
    expect(cache.replaceTransient(3, Buffer.from('p0'))).toBe('no-checkpoint');
    cache.start(Buffer.from('meta'));
    cache.replaceTransient(3, Buffer.from('p1'));
    cache.append(Buffer.from('e1'));
    cache.replaceTransient(4, Buffer.from('s1'));
    cache.replaceTransient(3, Buffer.from('p2'));
    expect(cache.snapshot().map((b) => b.toString())).toEqual(['meta', 'e1', 's1', 'p2']);
    expect(cache.size).toBe(4 + 2 + 2 + 2);
    cache.start(Buffer.from('m2'));
    cache.replaceTransient(3, Buffer.from('p3'));
    expect(cache.snapshot().map((b) => b.toString())).toEqual(['m2', 'p3']);
  });
});

