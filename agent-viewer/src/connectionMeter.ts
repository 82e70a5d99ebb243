/**
 * The session's connection meter: a `ping` every 2 s on the agent socket, the relay's `pong`
 * gives the round-trip latency; the replay's lag comes from event timestamps (replayLag.ts).
 */
import type { PingMessage } from '../../protocol/agentMessages';
import { ReplayLag } from './replayLag';

/** What the meter shows. */
export interface ConnectionReading {
  /** Round trip console → relay → console in ms; null before the first pong or when pongs stop. */
  latencyMs: number | null;
  /** How far the replay is behind the shopper's page in ms; null before the first event. */
  lagMs: number | null;
}

const PING_INTERVAL_MS = 2000;
/** A latency older than this many pings without an answer is no longer shown. */
const STALE_AFTER_PINGS = 3;
/** Unanswered pings remembered at most (bounded memory if the relay never answers). */
const MAX_PENDING = 8;

/** A monotonic clock in epoch milliseconds (a wall-clock change cannot distort the lag). */
function arrivalNow(): number {
  return performance.timeOrigin + performance.now();
}

/** Pings the relay and measures latency and replay lag. */
export class ConnectionMeter {
  private readonly pending = new Map<number, number>();
  private readonly lag = new ReplayLag();
  private next = 0;
  private latencyMs: number | null = null;
  private answeredPing = -1;
  private timer: ReturnType<typeof setInterval> | undefined;

  constructor(
    private readonly sendPing: (ping: PingMessage) => void,
    private readonly onReading: (reading: ConnectionReading) => void,
  ) {}

  /** Starts pinging (the first ping goes out at once). */
  start(): void {
    this.stop();
    this.ping();
    this.timer = setInterval(() => this.ping(), PING_INTERVAL_MS);
  }

  /** Stops pinging (session over). */
  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /** The relay answered ping `n`. */
  pong(n: number): void {
    const sentAt = this.pending.get(n);
    if (sentAt === undefined) return;
    for (const older of this.pending.keys()) if (older <= n) this.pending.delete(older);
    this.latencyMs = Math.round(performance.now() - sentAt);
    this.answeredPing = n;
    this.report();
  }

  /** A recorded event with this shopper-clock timestamp has just arrived. */
  recordEvent(timestamp: number): void {
    this.lag.observe(timestamp, arrivalNow());
  }

  private ping(): void {
    const n = this.next;
    this.next = (this.next + 1) % 0x100000000;
    this.pending.set(n, performance.now());
    if (this.pending.size > MAX_PENDING) this.pending.delete(this.pending.keys().next().value as number);
    if (this.answeredPing >= 0 && n - this.answeredPing > STALE_AFTER_PINGS) this.latencyMs = null;
    this.sendPing({ t: 'ping', n });
    this.report();
  }

  private report(): void {
    this.onReading({ latencyMs: this.latencyMs, lagMs: this.lag.current });
  }
}
