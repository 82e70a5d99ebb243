/**
 * A value worked out at most once per task: what the recorder asks thousands of times while it
 * serialises one snapshot or one mutation batch (the DOM does not change within a task), worked
 * out afresh in the next one.
 */

/** The memo of one value. */
export interface TaskMemo<T> {
  /** The value for this task, computed on first use. */
  get(): T;
  /** Forgets the value now (it changed within the task, e.g. the shopper typed). */
  forget(): void;
}

/** Creates a memo of `compute`. */
export function createTaskMemo<T>(compute: () => T): TaskMemo<T> {
  let memo: { value: T } | null = null;
  return {
    get() {
      if (!memo) {
        memo = { value: compute() };
        setTimeout(() => (memo = null), 0);
      }
      return memo.value;
    },
    forget() {
      memo = null;
    },
  };
}
