/**
 * The relay's Prometheus metrics. Counts come from RelayCounters, read when Prometheus scrapes
 * (collect callbacks), so nothing is counted twice and the hot path only increments numbers;
 * sessions and sockets are gauges read from the registry and the relay at scrape time.
 */
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { SessionState } from '../../../protocol/messages';
import { SAMPLE_EVERY } from '../relay/deliveryLatency';
import type { RelayCounters } from '../relay/relayCounters';

/** Open sockets by role, as the relay counts them. */
export interface SocketCounts {
  shopper: number;
  agent: number;
}

/** Where the scrape-time gauges read from. */
export interface RelayMetricSources {
  counters: RelayCounters;
  /** The state of every session not yet ended. */
  sessionStates(): Iterable<SessionState>;
  sockets(): SocketCounts;
}

/** Buckets of the delivery-latency histogram, in seconds (50 µs … 1 s). */
const DELIVERY_LATENCY_BUCKETS = [0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1];

/** The session states a gauge is reported for (zero included, so dashboards see every series). */
const SESSION_STATES: readonly SessionState[] = ['waiting', 'consent', 'live'];

/** A counter whose value is read from `read()` at scrape time. */
function bridgedCounter(registry: Registry, name: string, help: string, read: () => number): void {
  new Counter({
    name,
    help,
    registers: [registry],
    collect() {
      this.reset();
      this.inc(read());
    },
  });
}

/** A labelled counter whose values are read from `read()` at scrape time. */
function bridgedLabelledCounter(registry: Registry, name: string, help: string, label: string, read: () => Record<string, number>): void {
  new Counter({
    name,
    help,
    labelNames: [label],
    registers: [registry],
    collect() {
      this.reset();
      for (const [value, count] of Object.entries(read())) this.inc({ [label]: value }, count);
    },
  });
}

/** Registers the relay's metrics in `registry` and attaches the delivery-latency histogram to the relay's sampler. */
export function registerRelayMetrics(registry: Registry, { counters, sessionStates, sockets }: RelayMetricSources): void {
  new Gauge({
    name: 'lookalong_sessions',
    help: 'Sessions not yet ended, by state (waiting: no agent yet; consent: an agent is asking; live: shared).',
    labelNames: ['state'],
    registers: [registry],
    collect() {
      const count: Record<string, number> = Object.fromEntries(SESSION_STATES.map((state) => [state, 0]));
      for (const state of sessionStates()) if (state in count) count[state]! += 1;
      for (const [state, value] of Object.entries(count)) this.set({ state }, value);
    },
  });
  new Gauge({
    name: 'lookalong_sockets',
    help: 'Open WebSockets by role.',
    labelNames: ['role'],
    registers: [registry],
    collect() {
      const open = sockets();
      this.set({ role: 'shopper' }, open.shopper);
      this.set({ role: 'agent' }, open.agent);
    },
  });
  bridgedCounter(registry, 'lookalong_frames_received_total', 'Shopper frames accepted for relaying.', () => counters.framesIn);
  bridgedCounter(registry, 'lookalong_received_bytes_total', 'Bytes of the shopper frames accepted for relaying.', () => counters.bytesIn);
  bridgedCounter(registry, 'lookalong_frames_sent_total', 'Frames handed to viewer sockets (late joiners\' checkpoints included).', () => counters.framesOut);
  bridgedCounter(registry, 'lookalong_sent_bytes_total', 'Bytes of the frames handed to viewer sockets.', () => counters.bytesOut);
  bridgedLabelledCounter(registry, 'lookalong_drops_total', 'Things the relay refused or dropped, by reason: frame_not_live (no consent or stale stream), frame_coalesced (pointer/scroll superseded for a congested viewer), viewer_too_slow (dropped to resync), viewer_cut_on_end (queue discarded at the end), agent_message (refused agent message), rate_limited (socket closed).', 'reason', () => ({
    frame_not_live: counters.framesRefused,
    frame_coalesced: counters.framesCoalesced,
    viewer_too_slow: counters.viewersDroppedSlow,
    viewer_cut_on_end: counters.viewersCutOnEnd,
    agent_message: counters.agentMessagesDropped,
    rate_limited: counters.rateLimited,
  }));
  bridgedLabelledCounter(registry, 'lookalong_help_requests_refused_total', 'New help sessions refused, by reason: address (LOOKALONG_HELP_REQUESTS_PER_IP), site (LOOKALONG_HELP_REQUESTS_PER_SITE), backend_only (LOOKALONG_BACKEND_SESSIONS_ONLY).', 'reason', () => ({
    address: counters.helpRequestsRefused.address,
    site: counters.helpRequestsRefused.site,
    backend_only: counters.helpRequestsRefused.backendOnly,
  }));
  bridgedCounter(registry, 'lookalong_resync_requests_total', 'Fresh snapshots asked of shoppers (agent resync, late join without a checkpoint, checkpoint overflow).', () => counters.resyncRequests);
  bridgedCounter(registry, 'lookalong_checkpoint_overflows_total', 'Checkpoints that outgrew their byte cap (a fresh snapshot was asked for).', () => counters.checkpointOverflows);
  bridgedLabelledCounter(registry, 'lookalong_annotation_messages_total', 'Agent mark messages forwarded to shoppers, by kind: mark (every shape but laser), laser, removal (unannotate or clear).', 'kind', () => ({
    mark: counters.annotationsForwarded - counters.laserForwarded,
    laser: counters.laserForwarded,
    removal: counters.markRemovalsForwarded,
  }));
  const latency = new Histogram({
    name: 'lookalong_delivery_latency_seconds',
    help: `In-relay time from accepting a shopper frame to handing it to a viewer socket (1 frame in ${SAMPLE_EVERY} sampled; per viewer).`,
    buckets: DELIVERY_LATENCY_BUCKETS,
    registers: [registry],
  });
  counters.deliveryLatency.observeWith((seconds) => latency.observe(seconds));
}
