/** Asks the shopper's recorder for fresh checkpoints at most once per interval; a request that comes too soon is deferred, never lost. */

/** Rate-limited snapshot requests for one room. */
export class SnapshotRequests {
  private last = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    /** Sends the request if the room can take one now (shopper connected, live); false otherwise. */
    private readonly send: () => boolean,
    /** At most one request per this many ms (a recorder's full snapshot is costly). */
    private readonly minIntervalMs = 1000,
  ) {}

  /** Requests a snapshot now, or once the interval since the previous one is over. */
  request(): void {
    if (this.timer) return;
    const wait = this.last + this.minIntervalMs - Date.now();
    if (wait > 0) {
      this.timer = setTimeout(() => {
        this.timer = undefined;
        this.request();
      }, wait);
      return;
    }
    if (this.send()) this.last = Date.now();
  }

  /** Drops any deferred request. */
  stop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }
}
