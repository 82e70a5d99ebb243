import { describe, expect, it, vi } from 'vitest';
import { createTaskMemo } from '../../client-sdk/src/taskMemo';

describe('task memo', () => {
  it('computes once per task, afresh in the next task or after forget()', () => {
    vi.useFakeTimers();
    try {
      let computed = 0;
      const memo = createTaskMemo(() => (computed += 1));
      expect([memo.get(), memo.get()]).toEqual([1, 1]);
      memo.forget();
      expect(memo.get()).toBe(2);
      vi.runAllTimers();
      expect(memo.get()).toBe(3);
    } finally {
      vi.useRealTimers();
    }
  });
});
