/** A consent's expiry: a full period from each grant or extension, re-armed after a restart. */
import type { ExpiryMessage } from '../../../protocol/messages';

/** Timer that ends the consent when it runs out. */
export class ConsentClock {
  private timer: NodeJS.Timeout | undefined;

  constructor(
    /** When the consent runs out (ms since the epoch), 0 before the first grant. */
    public expiresAt: number,
    private readonly ttlMs: number,
    private readonly onExpired: () => void,
  ) {}

  /** Starts a full period from now (grant or extension). */
  restart(): void {
    this.expiresAt = Date.now() + this.ttlMs;
    this.resume();
  }

  /** Arms the timer for the current `expiresAt` (also after a relay restart). */
  resume(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(this.onExpired, Math.max(0, this.expiresAt - Date.now()));
  }

  /** Stops the timer (session ended or process shutting down). */
  stop(): void {
    clearTimeout(this.timer);
  }

  /** The time left, relative so that clock skew does not matter. */
  message(): ExpiryMessage {
    return { t: 'expiry', expiresInMs: Math.max(0, this.expiresAt - Date.now()) };
  }
}
