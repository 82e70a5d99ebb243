import { describe, expect, it } from 'vitest';
import { DeliveryLatency, SAMPLE_EVERY } from '../../server/src/relay/deliveryLatency';

describe('delivery latency sampler', () => {
  it('times nothing until an observer is attached', () => {
    const sampler = new DeliveryLatency();
    for (let i = 0; i < SAMPLE_EVERY * 2; i++) {
      const frame = Buffer.from([i]);
      sampler.frameReceived(frame);
      sampler.frameSent(frame);
    }
    const seen: number[] = [];
    sampler.observeWith((s) => seen.push(s));
    expect(seen).toEqual([]);
  });

  it('times one accepted frame in SAMPLE_EVERY, once per viewer send', () => {
    const sampler = new DeliveryLatency();
    const seen: number[] = [];
    sampler.observeWith((s) => seen.push(s));
    for (let i = 1; i <= SAMPLE_EVERY * 3; i++) {
      const frame = Buffer.from([i]);
      sampler.frameReceived(frame);
      sampler.frameSent(frame);
      sampler.frameSent(frame);
    }
    expect(seen).toHaveLength(3 * 2);
    for (const seconds of seen) expect(seconds).toBeGreaterThanOrEqual(0);
  });

  it('times a coalesced frame sent later, and ignores frames it did not sample', () => {
    const sampler = new DeliveryLatency();
    const seen: number[] = [];
    sampler.observeWith((s) => seen.push(s));
    const frames = Array.from({ length: SAMPLE_EVERY }, (_, i) => Buffer.from([i]));
    for (const frame of frames) sampler.frameReceived(frame);
    sampler.frameSent(frames[0]!);
    expect(seen).toEqual([]);
    sampler.frameSent(frames[SAMPLE_EVERY - 1]!);
    expect(seen).toHaveLength(1);
  });
});
