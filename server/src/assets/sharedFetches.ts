/** Concurrent requests for the same asset share one upstream fetch. */

/** The fetches under way, by key; each is forgotten as soon as it settles. */
export class SharedFetches<T> {
  private readonly pending = new Map<string, Promise<T>>();

  /** The fetch under way for `key`, or a new one from `start`; `shared` tells whether it was already under way. */
  run(key: string, start: () => Promise<T>): { result: Promise<T>; shared: boolean } {
    const running = this.pending.get(key);
    if (running) return { result: running, shared: true };
    const result = start().finally(() => this.pending.delete(key));
    this.pending.set(key, result);
    return { result, shared: false };
  }
}
