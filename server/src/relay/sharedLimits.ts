/** Limits every node of a multi-node relay enforces together (kept in Redis by bus/cluster.ts). */
import type { CodeGuessLimits, GuessThrottle } from './codeGuessThrottle';
import type { SocketSlots } from './connectionQuota';
import type { RateBuckets } from './rateBuckets';

/** The shared stores behind the relay's limits; on a single node the relay keeps its own in memory. */
export interface SharedLimits {
  /** Help-request token buckets (per client address, per site). */
  readonly helpBuckets: RateBuckets;
  /** A session-code guessing throttle per agent id or per client address. */
  codeGuesses(kind: 'agent' | 'peer', limits: CodeGuessLimits): GuessThrottle;
  /** Open-socket slots per client address or per agent id, at most `maxPerKey` each. */
  socketSlots(kind: 'agent' | 'peer', maxPerKey: number): SocketSlots;
}
