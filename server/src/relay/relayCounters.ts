/** Counters of what the relay forwarded and refused; read by tests and by /metrics (ops/relayMetrics.ts). */
import { DeliveryLatency } from './deliveryLatency';

/** What the relay counted since start-up, and its delivery-latency sampler. */
export interface RelayCounters {
  framesIn: number;
  bytesIn: number;
  framesOut: number;
  /** Bytes of the frames handed to viewer sockets. */
  bytesOut: number;
  /** Shopper frames refused because the session was not live (no consent yet, or stale stream). */
  framesRefused: number;
  /** Annotations (every shape, laser included) forwarded to a shopper. */
  annotationsForwarded: number;
  /** Laser annotations forwarded; only the first of each burst is audited. */
  laserForwarded: number;
  /** Agent `unannotate` / `clear-marks` requests forwarded to a shopper. */
  markRemovalsForwarded: number;
  /** Agent messages refused and logged (agentDrops.ts): invalid or not allowlisted, binary, or from an agent who is not a consented viewer of a live session. */
  agentMessagesDropped: number;
  viewersDroppedSlow: number;
  /** Transient frames (pointer, page scroll) superseded before a congested viewer could take them. */
  framesCoalesced: number;
  /** Viewers cut off (queue discarded) because the session ended while frames were still queued. */
  viewersCutOnEnd: number;
  checkpointOverflows: number;
  /** Fresh snapshots asked of a shopper's recorder: agent resync, late join without a checkpoint, checkpoint overflow. */
  resyncRequests: number;
  /** Sockets closed for exceeding their message or byte rate. */
  rateLimited: number;
  /** New help sessions refused (helpRequestGate.ts), by reason. */
  helpRequestsRefused: { address: number; site: number; backendOnly: number };
  /** Samples the in-process time from a shopper frame's arrival to each viewer send. */
  readonly deliveryLatency: DeliveryLatency;
}

/** Fresh zeroed counters. */
export function createRelayCounters(): RelayCounters {
  return {
    framesIn: 0,
    bytesIn: 0,
    framesOut: 0,
    bytesOut: 0,
    framesRefused: 0,
    annotationsForwarded: 0,
    laserForwarded: 0,
    markRemovalsForwarded: 0,
    agentMessagesDropped: 0,
    viewersDroppedSlow: 0,
    framesCoalesced: 0,
    viewersCutOnEnd: 0,
    checkpointOverflows: 0,
    resyncRequests: 0,
    rateLimited: 0,
    helpRequestsRefused: { address: 0, site: 0, backendOnly: 0 },
    deliveryLatency: new DeliveryLatency(),
  };
}
