/**
 * The two clocks of a recording: items carry the relay's clock (`at`), rrweb events the
 * shopper's (`timestamp`). Their offset is estimated as the median of `timestamp − at` over the
 * frames (robust to the few frames held back or compressed late), then used to put audit
 * events and marks on the events' clock. Pure.
 */

/** What the estimate reads of a frame. */
export interface ClockSample {
  at: number;
  event: { timestamp: number };
}

/** Frames whose own timestamp is further than this from the estimate are re-stamped (a broken or hostile clock). */
export const MAX_EVENT_SKEW_MS = 60_000;

/** Median of `event.timestamp − at` over the samples; 0 without samples. */
export function estimateClockOffset(samples: readonly ClockSample[]): number {
  const deltas = samples.map((s) => s.event.timestamp - s.at).filter(Number.isFinite).sort((a, b) => a - b);
  if (deltas.length === 0) return 0;
  const middle = deltas.length >> 1;
  return deltas.length % 2 === 1 ? deltas[middle]! : (deltas[middle - 1]! + deltas[middle]!) / 2;
}

/** A server time (`at`) on the events' clock. */
export function toEventClock(at: number, offset: number): number {
  return at + offset;
}

/** The event's timestamp when it is within MAX_EVENT_SKEW_MS of where the relay's clock puts it, else that place. */
export function saneTimestamp(sample: ClockSample, offset: number): number {
  const expected = toEventClock(sample.at, offset);
  return Math.abs(sample.event.timestamp - expected) <= MAX_EVENT_SKEW_MS ? sample.event.timestamp : expected;
}
