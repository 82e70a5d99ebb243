/**
 * Agent messages the relay refuses (invariant 3a: only allowlisted annotation messages go on
 * towards a shopper): every one is counted in `agentMessagesDropped` and logged, at most a
 * line or two a second per relay, so a hostile console cannot flood the log.
 */
import type { RelayCounters } from './relayCounters';
import { ThrottledLog } from './throttledLog';

/** Length of one log window. */
const DROP_LOG_WINDOW_MS = 1000;

const logs = new WeakMap<RelayCounters, ThrottledLog>();

/** Counts and logs one refused agent message; `counters` identifies the relay (one log each). */
export function dropAgentMessage(counters: RelayCounters, reason: string): void {
  counters.agentMessagesDropped += 1;
  let log = logs.get(counters);
  if (!log) logs.set(counters, (log = new ThrottledLog('dropped agent message', (line) => console.warn(line), DROP_LOG_WINDOW_MS)));
  log.note(reason);
}
