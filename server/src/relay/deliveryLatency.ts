/**
 * Delivery latency as the relay itself adds it: from a shopper frame's acceptance for fan-out
 * to its hand-over to each viewer socket's `send` (a coalesced pointer frame counts when it is
 * finally sent). One frame in SAMPLE_EVERY is timed, so the hot path pays a counter increment
 * and a pointer comparison per frame; nothing is timed until an observer is attached.
 */

/** One accepted frame in this many is timed. */
export const SAMPLE_EVERY = 32;

/** The sampler of one relay; `/metrics` attaches its histogram as the observer. */
export class DeliveryLatency {
  private accepted = 0;
  private sampled: Buffer | null = null;
  private sampledAt = 0;
  private observer: ((seconds: number) => void) | null = null;

  /** Sends every timed delivery, in seconds, to `observer`. */
  observeWith(observer: (seconds: number) => void): void {
    this.observer = observer;
  }

  /** A shopper frame was accepted for fan-out; times it if it is the sampled one. */
  frameReceived(frame: Buffer): void {
    if (this.observer === null || ++this.accepted % SAMPLE_EVERY !== 0) return;
    // Only the latest sampled frame is remembered: bounded memory, and a superseded one is simply not timed.
    this.sampled = frame;
    this.sampledAt = performance.now();
  }

  /** `frame` was handed to a viewer socket (not a late joiner's checkpoint replay). */
  frameSent(frame: Buffer): void {
    if (frame === this.sampled && this.observer !== null) this.observer((performance.now() - this.sampledAt) / 1000);
  }
}
