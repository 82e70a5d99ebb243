import { describe, expect, it } from 'vitest';
import { CodeGuessThrottle } from '../../server/src/relay/codeGuessThrottle';

function throttleAt(maxMisses = 5, maxKeys = 100): { throttle: CodeGuessThrottle; advance(ms: number): void } {
  let now = 0;
  return { throttle: new CodeGuessThrottle({ maxMisses, windowMs: 60_000, maxKeys }, () => now), advance: (ms) => void (now += ms) };
}

describe('CodeGuessThrottle', () => {
  it('lets a key miss maxMisses codes, then asks it to wait until its oldest miss leaves the window', () => {
    const { throttle, advance } = throttleAt();
    for (let i = 0; i < 5; i++) {
      expect(throttle.retryAfterMs('agent-1')).toBe(0);
      throttle.recordMiss('agent-1');
      advance(1000);
    }
    expect(throttle.retryAfterMs('agent-1')).toBe(55_000);
    advance(55_000);
    expect(throttle.retryAfterMs('agent-1')).toBe(0);
  });

  it('keeps keys apart', () => {
    const { throttle } = throttleAt(1);
    throttle.recordMiss('a');
    expect(throttle.retryAfterMs('a')).toBeGreaterThan(0);
    expect(throttle.retryAfterMs('b')).toBe(0);
  });

  it('forgets the least recently missing keys past maxKeys', () => {
    const { throttle } = throttleAt(1, 2);
    throttle.recordMiss('a');
    throttle.recordMiss('b');
    throttle.recordMiss('c');
    expect(throttle.retryAfterMs('a')).toBe(0);
    expect(throttle.retryAfterMs('b')).toBeGreaterThan(0);
    expect(throttle.retryAfterMs('c')).toBeGreaterThan(0);
  });
});
