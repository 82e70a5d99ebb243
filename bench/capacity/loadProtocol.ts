/** IPC messages between the capacity orchestrator and its load-generator child processes. */

/** Orchestrator → load generator. */
export type LoadCommand =
  | {
      t: 'ramp';
      wsBase: string;
      origin: string;
      secret: string;
      /** Sessions this generator opens (1 shopper + 1 viewer each). */
      sessions: number;
      /** Index of its first session, so agent ids are unique across generators. */
      firstIndex: number;
      /** Handshakes in flight at once. */
      concurrency: number;
      /** No new handshake starts after this long; the step goes on with the sessions it has. */
      deadlineMs: number;
    }
  | { t: 'traffic'; eventBytes: number; warmupMs: number; holdMs: number; drainMs: number }
  | { t: 'close' };

/** Why sessions failed or dropped, with counts (e.g. `handshake: timeout`, `agent closed 4008`). */
export type FailureCounts = Record<string, number>;

/** Load generator → orchestrator. */
export type LoadReport =
  | { t: 'ready' }
  /** Sent every second during ramp-up. */
  | { t: 'progress'; live: number }
  | { t: 'ramped'; live: number; failures: FailureCounts; ms: number; cutByDeadline: boolean; cpuMs: number }
  | {
      t: 'measured';
      /** Sessions with both sockets open that delivered at least one event during the hold. */
      live: number;
      /** Events sent during the hold, and how many of those the viewers received. */
      sent: number;
      delivered: number;
      /** Delivery latency of every event received during the hold, ms. */
      latenciesMs: number[];
      /** The same without events sent from 1 s before to 3 s after the relay's heartbeat ping sweep. */
      latenciesOutsideSweepMs: number[];
      failures: FailureCounts;
      /** Largest delay of the generator's own send timer (its own overload shows here), ms. */
      timerLagMaxMs: number;
      /** Relay heartbeat pings the viewers received during the hold. */
      pingsInHold: number;
      /** This generator's CPU time during the traffic phase, ms. */
      cpuMs: number;
    };
