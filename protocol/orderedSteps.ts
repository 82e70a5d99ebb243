/**
 * Runs steps whose input may still be on its way (a compression in the SDK, an inflation in the
 * console) strictly in the order they were queued: at once while nothing waits, otherwise after
 * every step queued before. Shared by the SDK's frame sender and the console's replay.
 */

/** An ordered line of steps. */
export interface OrderedSteps {
  /** Runs `step(value)` in queue order; a promised value (which must not reject) holds its step and every later one. */
  run<T>(value: T | Promise<T>, step: (value: T) => void): void;
  /** Drops every step still waiting. */
  clear(): void;
  /** How many steps are waiting. */
  readonly waiting: number;
}

/** Creates an empty line. */
export function createOrderedSteps(): OrderedSteps {
  let tail: Promise<void> = Promise.resolve();
  let waiting = 0;
  let generation = 0;
  return {
    run<T>(value: T | Promise<T>, step: (value: T) => void): void {
      if (waiting === 0 && !(value instanceof Promise)) return step(value);
      const queuedIn = generation;
      waiting += 1;
      tail = tail
        .then(() => value)
        .then((ready) => {
          if (queuedIn !== generation) return;
          waiting -= 1;
          step(ready);
        });
    },
    clear() {
      generation += 1;
      waiting = 0;
    },
    get waiting() {
      return waiting;
    },
  };
}
