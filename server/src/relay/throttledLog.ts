/**
 * A log that a flood cannot fill: the first line of a quiet period is written at once; later
 * ones within the window are only counted and summed into one line when the window closes.
 * At most two lines per window, whatever the rate of calls.
 */

/** Where lines go (console.warn in the relay). */
export type LogWriter = (line: string) => void;

/** Longest part of a line taken from the caller's text. */
const MAX_TEXT_CHARS = 160;

/** Keeps one kind of log line under a rate bound. */
export class ThrottledLog {
  private windowEndsAt = 0;
  private held = 0;
  private lastHeld = '';
  private timer: NodeJS.Timeout | undefined;

  constructor(
    /** What the lines are about, e.g. "dropped agent message". */
    private readonly subject: string,
    private readonly write: LogWriter,
    private readonly windowMs: number,
  ) {}

  /** Records one event; writes a line now, or folds it into the window's summary. */
  note(text: string): void {
    const now = Date.now();
    const safe = text.replace(/[\u0000-\u001f\u007f]/g, ' ').slice(0, MAX_TEXT_CHARS);
    if (now >= this.windowEndsAt && this.held === 0) {
      this.windowEndsAt = now + this.windowMs;
      this.write(`[lookalong] ${this.subject}: ${safe}`);
      return;
    }
    this.held += 1;
    this.lastHeld = safe;
    this.timer ??= setTimeout(() => this.flush(), Math.max(0, this.windowEndsAt - now)).unref();
  }

  private flush(): void {
    this.timer = undefined;
    this.write(`[lookalong] ${this.subject}: ${this.held} more in the last ${this.windowMs / 1000} s (latest: ${this.lastHeld})`);
    this.held = 0;
    this.windowEndsAt = Date.now() + this.windowMs;
  }
}
