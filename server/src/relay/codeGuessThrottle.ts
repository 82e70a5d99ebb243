/**
 * Session-code guessing throttle: 6-digit codes are guessable, so each key (a peer address, an
 * agent id) may miss only `maxMisses` codes per window; past that every join of the key is
 * refused until its oldest miss leaves the window. Memory is bounded by `maxKeys`.
 */

/** Limits of one throttle. */
export interface CodeGuessLimits {
  /** Wrong codes allowed per key within the window. */
  maxMisses: number;
  windowMs: number;
  /** Most keys remembered; the least recently missing ones are forgotten first. */
  maxKeys: number;
}

/** A code-guessing throttle: this node's (CodeGuessThrottle) or every node's (bus/sharedCodeGuesses.ts). */
export interface GuessThrottle {
  /** How long `key` must wait before its next join may even be looked at; 0 when it may go now. */
  retryAfterMs(key: string): number | Promise<number>;
  /** Records one wrong code for `key`. */
  recordMiss(key: string): void | Promise<void>;
}

/** Recent wrong codes per key, as a sliding window, in this process. */
export class CodeGuessThrottle implements GuessThrottle {
  /** Miss times per key, oldest first; map order is least recently missed first. */
  private readonly misses = new Map<string, number[]>();

  constructor(
    private readonly limits: CodeGuessLimits,
    private readonly now: () => number = () => Date.now(),
  ) {}

  /** How long `key` must wait before its next join may even be looked at; 0 when it may go now. */
  retryAfterMs(key: string): number {
    const times = this.recent(key);
    if (times.length < this.limits.maxMisses) return 0;
    return Math.max(1, times[times.length - this.limits.maxMisses]! + this.limits.windowMs - this.now());
  }

  /** Records one wrong code for `key`. */
  recordMiss(key: string): void {
    const times = this.recent(key);
    times.push(this.now());
    if (times.length > this.limits.maxMisses) times.shift();
    this.misses.delete(key);
    this.misses.set(key, times);
    for (const oldest of this.misses.keys()) {
      if (this.misses.size <= this.limits.maxKeys) break;
      this.misses.delete(oldest);
    }
  }

  /** The key's misses still inside the window (older ones dropped). */
  private recent(key: string): number[] {
    const times = this.misses.get(key);
    if (!times) return [];
    const from = this.now() - this.limits.windowMs;
    while (times.length > 0 && times[0]! <= from) times.shift();
    if (times.length === 0) this.misses.delete(key);
    return times;
  }
}
