/** Markdown for the capacity section: per-step tables, goals, and a verdict drawn from the numbers. */
import type { CapacityStep } from './capacityRun';

/** Relay memory per live session the relay should stay under, KB. */
export const GOAL_KB_PER_SESSION = 64;
/** Delivery p99 the relay should stay under at 10k sessions, ms. */
export const GOAL_P99_MS_AT_10K = 100;

const int = (n: number): string => Math.round(n).toLocaleString('en-US');
const fixed = (n: number | undefined, digits: number): string => (n === undefined || Number.isNaN(n) ? '—' : n.toFixed(digits));
const label = (s: CapacityStep): string => (s.cappedFrom ? `${int(s.sessions)} (${int(s.cappedFrom)} capped)` : int(s.sessions));

/** Failures, cut ramp-ups, undelivered events and non-zero relay trouble counters of one step. */
function problems(s: CapacityStep): string {
  const out: string[] = [];
  if (s.error) out.push(s.error);
  if (s.rampCut) out.push(`ramp-up stopped at its deadline with ${int(s.liveSessions ?? 0)} of ${int(s.sessions)} live`);
  for (const [reason, count] of Object.entries(s.failures ?? {})) out.push(`${reason} ×${count}`);
  if (s.sent !== undefined && s.delivered !== undefined && s.delivered < s.sent) out.push(`${int(s.sent - s.delivered)} events undelivered`);
  const routine = new Set(['framesIn', 'bytesIn', 'framesOut', 'bytesOut', 'annotationsForwarded', 'resyncRequests']);
  for (const [name, value] of Object.entries(s.relayCounters ?? {})) if (!routine.has(name) && value) out.push(`relay ${name} ${value}`);
  return out.length ? out.join('; ') : 'none';
}

function verdict(steps: CapacityStep[]): string[] {
  const ran = steps.filter((s) => !s.skipped && !s.error && s.kbPerSession !== undefined);
  const over = ran.filter((s) => s.kbPerSession! > GOAL_KB_PER_SESSION);
  const memory = ran.length
    ? over.length
      ? `missed at ${over.map((s) => `${int(s.sessions)} (${s.kbPerSession!.toFixed(1)} KB)`).join(', ')}`
      : `met at every measured step (highest ${Math.max(...ran.map((s) => s.kbPerSession!)).toFixed(1)} KB)`
    : 'not measured';
  const at10k = steps.find((s) => s.sessions === 10_000 && !s.cappedFrom);
  const capped = steps.find((s) => s.cappedFrom === 10_000);
  let latency: string;
  const judge = (s: CapacityStep): string =>
    s.p99Ms === undefined || s.error ? `not measured (${s.error ?? 'no data'})` : `${s.p99Ms.toFixed(1)} ms with ${int(s.liveSessions ?? 0)} live → ${s.p99Ms <= GOAL_P99_MS_AT_10K ? 'met' : 'missed'}`;
  if (at10k && !at10k.skipped) latency = `at 10,000: ${judge(at10k)}`;
  else latency = `10,000 not measured (${at10k?.skipped ?? 'not run'})${capped ? `; at ${int(capped.sessions)}, the most the fd limit allows: ${judge(capped)}` : ''}`;
  return [`- RSS per session ≤ ${GOAL_KB_PER_SESSION} KB: ${memory}.`, `- p99 ≤ ${GOAL_P99_MS_AT_10K} ms at 10k sessions: ${latency}.`];
}

/** Report lines for the capacity section. */
export function capacityReport(result: { fdLimit: number; steps: CapacityStep[] }): string[] {
  const { steps } = result;
  const lines = [
    '## Capacity (Lookalong relay in its own process; 2 load-generator processes; 1 shopper + 1 viewer per session, one ~300-byte event per session per second)\n',
    `Open-files limit (\`ulimit -n\`, /proc/self/limits): ${result.fdLimit}. Each step starts a fresh relay; RSS is VmRSS of the relay process after a forced GC, minus its idle RSS; latency is shopper send → viewer receive, from a timestamp in the event, over a hold of one relay heartbeat period (one ping sweep of every socket falls inside it; "outside ping sweep" leaves out events sent from 1 s before to 3 s after it). Each session sends one Meta checkpoint then only events, so the relay caches all it sent ("cached events"); a real FullSnapshot (100 KB–2 MB) would add its size per session. The load generators share the machine's 2 cores with the relay: see their CPU below.\n`,
    `Goals: ≤ ${GOAL_KB_PER_SESSION} KB RSS per session; p99 ≤ ${GOAL_P99_MS_AT_10K} ms at 10k sessions.\n`,
    '| sessions | live (viewers / relay) | ramp-up s | relay RSS idle MB | RSS Δ MB | KB per session | of which cached events KB | p50 ms | p99 ms | p99 outside ping sweep ms | max ms | delivered / sent | problems |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|',
  ];
  for (const s of steps) {
    if (s.skipped) {
      lines.push(`| ${label(s)} | skipped: ${s.skipped} | | | | | | | | | | | |`);
      continue;
    }
    const delta = s.loadedRssKb !== undefined && s.idleRssKb !== undefined ? (s.loadedRssKb - s.idleRssKb) / 1024 : undefined;
    const live = s.liveSessions !== undefined ? `${int(s.liveSessions)} / ${int(s.relaySessions ?? 0)}` : '—';
    const delivered = s.sent !== undefined ? `${int(s.delivered ?? 0)} / ${int(s.sent)}` : '—';
    lines.push(
      `| ${label(s)} | ${live} | ${fixed(s.rampMs && s.rampMs / 1000, 1)} | ${fixed(s.idleRssKb && s.idleRssKb / 1024, 0)} | ${fixed(delta, 0)} | ${fixed(s.kbPerSession, 1)} | ${fixed(s.cachedKbPerSession, 1)} | ${fixed(s.p50Ms, 1)} | ${fixed(s.p99Ms, 1)} | ${fixed(s.p99OutsideSweepMs, 1)} | ${fixed(s.maxMs, 0)} | ${delivered} | ${problems(s)} |`,
    );
  }
  lines.push('', 'CPU (100 % = one core; the machine has 2 and is shared):\n');
  lines.push('| sessions | relay CPU ms per session opened | relay % ramp-up | load generators % ramp-up | relay % traffic | load generators % traffic | other processes % traffic | kernel irq % traffic | relay event-loop delay p99 / max ms | load-generator timer lag max ms | pings seen in hold |');
  lines.push('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const s of steps.filter((step) => !step.skipped)) {
    lines.push(
      `| ${label(s)} | ${fixed(s.relayCpuMsPerSession, 2)} | ${fixed(s.relayCpuPercentRamp, 0)} | ${fixed(s.generatorsCpuPercentRamp, 0)} | ${fixed(s.relayCpuPercentTraffic, 0)} | ${fixed(s.generatorsCpuPercentTraffic, 0)} | ${fixed(s.otherCpuPercentTraffic, 0)} | ${fixed(s.irqCpuPercentTraffic, 0)} | ${fixed(s.relayLoopDelayP99Ms, 1)} / ${fixed(s.relayLoopDelayMaxMs, 0)} | ${fixed(s.generatorLagMaxMs, 0)} | ${s.pingsInHold ?? '—'} |`,
    );
  }
  lines.push('', ...verdict(steps), '');
  return lines;
}
