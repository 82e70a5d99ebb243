/**
 * How far the live replay is behind the shopper's page, from event timestamps (shopper's
 * clock) and arrival times (this console's clock). The two clocks disagree by an unknown
 * offset, so no single delay can be measured; but the offset is the same for every event, so
 *   lag = (arrival − timestamp) − min over the session of (arrival − timestamp)
 * cancels it: the fastest delivery seen counts as "no lag". Pure.
 */

/** Lag tracker for one session. */
export class ReplayLag {
  private fastest = Infinity;
  private latest = 0;

  /** Records one event (`timestamp`: shopper's clock; `arrivalMs`: console's clock) and returns its lag in ms. */
  observe(timestamp: number, arrivalMs: number): number {
    const transit = arrivalMs - timestamp;
    if (transit < this.fastest) this.fastest = transit;
    this.latest = transit - this.fastest;
    return this.latest;
  }

  /** The lag of the latest event in ms, or null before the first one. */
  get current(): number | null {
    return this.fastest === Infinity ? null : this.latest;
  }
}
