import { describe, expect, it, vi } from 'vitest';
import { createEventScheduler } from '../../client-sdk/src/eventScheduler';

const nextTask = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

describe('event scheduler', () => {
  it('processes a light event at once while nothing waits', () => {
    const done: string[] = [];
    const events = createEventScheduler<string>((e) => done.push(e), (e) => e.startsWith('heavy'));
    events.push('a');
    expect(done).toEqual(['a']);
  });

  it('gives a heavy event a task of its own and keeps later events behind it, in order', async () => {
    const done: string[] = [];
    const events = createEventScheduler<string>((e) => done.push(e), (e) => e.startsWith('heavy'));
    events.push('meta');
    events.push('heavy snapshot');
    events.push('b');
    events.push('c');
    expect(done).toEqual(['meta']);
    await expect.poll(() => done).toEqual(['meta', 'heavy snapshot', 'b', 'c']);
    events.push('d');
    expect(done.at(-1)).toBe('d');
  });

  it('processes a second heavy event in a later task than the events before it', () => {
    vi.useFakeTimers();
    try {
      const done: string[] = [];
      const events = createEventScheduler<string>((e) => done.push(e), (e) => e.startsWith('heavy'));
      events.push('heavy 1');
      events.push('x');
      events.push('heavy 2');
      vi.advanceTimersToNextTimer();
      expect(done).toEqual(['heavy 1', 'x']);
      vi.advanceTimersToNextTimer();
      expect(done).toEqual(['heavy 1', 'x', 'heavy 2']);
    } finally {
      vi.useRealTimers();
    }
  });

  it('forgets waiting events when cleared', async () => {
    const done: string[] = [];
    const events = createEventScheduler<string>((e) => done.push(e), (e) => e.startsWith('heavy'));
    events.push('heavy snapshot');
    events.push('b');
    events.clear();
    await nextTask();
    await nextTask();
    expect(done).toEqual([]);
  });
});
