/**
 * Spreads the SDK's own work on recorded events over tasks, so it never lengthens the task in
 * which rrweb took its snapshot (the shopper's page is frozen for as long as one task runs).
 * A heavy event (a full snapshot: sanitising and serialising megabytes) always waits for a task
 * of its own; every event after it waits behind it, in order; while nothing waits, a light event
 * is processed at once, so live mutations keep their latency.
 */

/** Longest stretch of queued light events processed in one task, ms. */
const BUDGET_MS = 8;

/** The ordered processor of one recording's events. */
export interface EventScheduler<T> {
  /** Processes `event` now or after those already waiting. */
  push(event: T): void;
  /** Forgets every waiting event (sharing stopped). */
  clear(): void;
}

/** Creates a scheduler calling `process` for each event, in the order pushed. */
export function createEventScheduler<T>(process: (event: T) => void, isHeavy: (event: T) => boolean): EventScheduler<T> {
  const waiting: T[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;
  const drain = (): void => {
    timer = undefined;
    const started = performance.now();
    // A heavy event is processed alone, at the start of its own task.
    do {
      const event = waiting.shift()!;
      process(event);
      if (waiting.length && isHeavy(waiting[0]!)) break;
    } while (waiting.length && performance.now() - started < BUDGET_MS);
    if (waiting.length) timer = setTimeout(drain, 0);
  };
  return {
    push(event) {
      if (waiting.length === 0 && !isHeavy(event)) return process(event);
      waiting.push(event);
      timer ??= setTimeout(drain, 0);
    },
    clear() {
      waiting.length = 0;
      clearTimeout(timer);
      timer = undefined;
    },
  };
}
