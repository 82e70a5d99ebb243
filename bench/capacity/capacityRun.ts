/**
 * Capacity steps: for each session count, a fresh Lookalong relay child, its idle RSS, two
 * load-generator children splitting the sessions (ramp-up, 2 s warm-up, a hold of one relay
 * heartbeat period), then the relay's loaded RSS and the viewers' delivery latency. Every
 * phase has a hard timeout; a step the open-files limit cannot hold is skipped (and the
 * largest one it can hold is run instead).
 */
import { fork, type ChildProcess } from 'node:child_process';
import { BENCH_SECRET, SECTION_RELAY_ENV, spawnLookalongRelay, type RelayProcess } from '../relayProcess';
import type { FailureCounts, LoadCommand, LoadReport } from './loadProtocol';
import { countOpenFds, readCpuMs, readMachineCpuMs, readOpenFilesLimit, readRssKb } from './procStats';

/** What one capacity step found. */
export interface CapacityStep {
  /** Sessions asked for. */
  sessions: number;
  /** Why the step did not run (fd limit), if it did not. */
  skipped?: string;
  /** Set when the step ran in place of a skipped one, capped by the fd limit. */
  cappedFrom?: number;
  /** What went wrong (timeout, relay exit), if anything. */
  error?: string;
  rampMs?: number;
  /** Set when ramp-up hit its deadline before all sessions were open. */
  rampCut?: boolean;
  /** Relay CPU time per session opened (ticket request with its token check, two upgrades, hello, join, consent), ms. */
  relayCpuMsPerSession?: number;
  /** Relay CPU use while the sessions exchanged traffic (100 = one core). */
  relayCpuPercentTraffic?: number;
  /** Relay and load generators' CPU use during ramp-up (100 = one core). */
  relayCpuPercentRamp?: number;
  generatorsCpuPercentRamp?: number;
  /** Both load generators' CPU use during the traffic phase (100 = one core). */
  generatorsCpuPercentTraffic?: number;
  /** CPU used by processes outside this benchmark during the traffic phase (shared machine noise). */
  otherCpuPercentTraffic?: number;
  /** Interrupt and softirq CPU (mostly loopback TCP) during the traffic phase. */
  irqCpuPercentTraffic?: number;
  /** Sessions the load generators count as live at the end of the hold. */
  liveSessions?: number;
  /** Sessions the relay itself holds (not ended) at the end of the hold. */
  relaySessions?: number;
  idleRssKb?: number;
  loadedRssKb?: number;
  /** The same before the forced GC. */
  loadedRssBeforeGcKb?: number;
  kbPerSession?: number;
  /**
   * Recorded bytes the relay holds per session in its checkpoint cache: every session sent
   * one checkpoint then only events, so all it sent is cached (from the relay's bytesIn).
   */
  cachedKbPerSession?: number;
  relayFds?: number;
  sent?: number;
  delivered?: number;
  p50Ms?: number;
  p99Ms?: number;
  maxMs?: number;
  /** p99 of events sent outside the heartbeat ping sweep (from 1 s before to 3 s after it). */
  p99OutsideSweepMs?: number;
  /** The relay's own event-loop delay during the traffic phase (perf_hooks), ms. */
  relayLoopDelayMaxMs?: number;
  relayLoopDelayP99Ms?: number;
  /** Largest send-timer delay of a load generator (load-generator saturation shows here). */
  generatorLagMaxMs?: number;
  /** Relay heartbeat pings received by viewers during the hold (one sweep ≈ one per viewer). */
  pingsInHold?: number;
  failures?: FailureCounts;
  relayCounters?: Record<string, number>;
}

const GENERATORS = 2;
/** Descriptors a process needs besides its sockets (stdio, epoll, pipes, files). */
const FD_RESERVE = 64;
const CONCURRENCY_PER_GENERATOR = 100;
const EVENT_BYTES = 300;
const WARMUP_MS = 2_000;
/** One relay heartbeat period, so every hold contains exactly one ping sweep, as in production. */
const HOLD_MS = Number(SECTION_RELAY_ENV.capacity.LOOKALONG_HEARTBEAT_MS);
const DRAIN_MS = 3_000;
/** Ramp-up starts no new session after this; the step continues with those open. */
const RAMP_DEADLINE_MS = 40_000;
const TIMEOUT_MS = { spawn: 20_000, ramp: RAMP_DEADLINE_MS + 30_000, traffic: WARMUP_MS + HOLD_MS + DRAIN_MS + 15_000, stats: 15_000, close: 10_000 };

class StepError extends Error {}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new StepError(`${what} timed out after ${ms / 1000} s`)), ms);
    }),
  ]);
}

/** Resolves with the next IPC message of type `t` from `child`; rejects if the child exits first. */
function nextMessage<M extends { t: string }>(child: ChildProcess, t: M['t']): Promise<M> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: M): void => {
      if (message.t !== t) return;
      cleanup();
      resolve(message);
    };
    const onExit = (code: number | null, signal: string | null): void => {
      cleanup();
      reject(new StepError(`${child.spawnargs.at(-1)} exited (code ${code}, signal ${signal}) while waiting for ${t}`));
    };
    const cleanup = (): void => {
      child.off('message', onMessage);
      child.off('exit', onExit);
    };
    child.on('message', onMessage);
    child.on('exit', onExit);
  });
}

function percentile(sorted: number[], q: number): number {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]! : NaN;
}

function mergeCounts(into: FailureCounts, from: FailureCounts): void {
  for (const [reason, count] of Object.entries(from)) into[reason] = (into[reason] ?? 0) + count;
}

type RelayStats = { t: 'stats'; sessions: number; counters: Record<string, number>; loop?: { maxMs: number; p99Ms: number } };

async function runStep(sessions: number, step: CapacityStep): Promise<void> {
  let relay: RelayProcess | undefined;
  const generators: ChildProcess[] = [];
  let phase = 'relay start';
  let relayExit = '';
  try {
    relay = await withTimeout(spawnLookalongRelay({ env: SECTION_RELAY_ENV.capacity, nodeFlags: ['--expose-gc'], ipc: true, captureStderr: true }), TIMEOUT_MS.spawn, phase);
    const relayChild = relay.child;
    relayChild.once('exit', (code, signal) => (relayExit = `relay exited (code ${code}, signal ${signal}) during ${phase}`));
    relayChild.on('error', () => {}); // a send to a dead relay; its exit is reported instead
    const relayStats = async (): Promise<RelayStats> => {
      if (relayExit) throw new StepError(relayExit);
      const reply = nextMessage<RelayStats>(relayChild, 'stats');
      relayChild.send({ t: 'stats' });
      return withTimeout(reply, TIMEOUT_MS.stats, 'relay stats');
    };
    await new Promise((r) => setTimeout(r, 500));
    await relayStats();
    step.idleRssKb = readRssKb(relay.pid);

    phase = 'load generator start';
    for (let g = 0; g < GENERATORS; g++) {
      const child = fork('bench/capacity/loadGenerator.ts', [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
      child.on('error', () => {}); // a send to a dead generator; nextMessage reports its exit
      generators.push(child);
    }
    await withTimeout(Promise.all(generators.map((g) => nextMessage<LoadReport>(g, 'ready'))), TIMEOUT_MS.spawn, phase);

    phase = 'ramp-up';
    const progress = generators.map(() => 0);
    generators.forEach((g, i) => g.on('message', (m: LoadReport) => m.t === 'progress' && (progress[i] = m.live)));
    const cpuBeforeRamp = readCpuMs(relay.pid);
    const share = (g: number): number => Math.floor(sessions / GENERATORS) + (g < sessions % GENERATORS ? 1 : 0);
    const ramped = Promise.all(generators.map((g) => nextMessage<Extract<LoadReport, { t: 'ramped' }>>(g, 'ramped')));
    generators.forEach((g, i) => {
      const cmd: LoadCommand = { t: 'ramp', wsBase: relay!.wsBase, origin: relay!.origin, secret: BENCH_SECRET, sessions: share(i), firstIndex: i * sessions, concurrency: CONCURRENCY_PER_GENERATOR, deadlineMs: RAMP_DEADLINE_MS };
      g.send(cmd);
    });
    const rampReports = await withTimeout(ramped, TIMEOUT_MS.ramp, phase).catch((err: Error) => {
      throw new StepError(`${err.message} with ${progress.reduce((a, b) => a + b, 0)} of ${sessions} sessions open`);
    });
    step.rampMs = Math.max(...rampReports.map((r) => r.ms));
    step.rampCut = rampReports.some((r) => r.cutByDeadline);
    const opened = rampReports.reduce((sum, r) => sum + r.live, 0);
    const relayRampCpu = readCpuMs(relay.pid) - cpuBeforeRamp;
    step.relayCpuMsPerSession = opened ? relayRampCpu / opened : NaN;
    step.relayCpuPercentRamp = (relayRampCpu / step.rampMs) * 100;
    step.generatorsCpuPercentRamp = (rampReports.reduce((sum, r) => sum + r.cpuMs, 0) / step.rampMs) * 100;

    phase = 'hold';
    await relayStats(); // collects the ramp-up's garbage and restarts the relay's loop-delay histogram
    const measured = Promise.all(generators.map((g) => nextMessage<Extract<LoadReport, { t: 'measured' }>>(g, 'measured')));
    const traffic: LoadCommand = { t: 'traffic', eventBytes: EVENT_BYTES, warmupMs: WARMUP_MS, holdMs: HOLD_MS, drainMs: DRAIN_MS };
    const cpuBeforeTraffic = readCpuMs(relay.pid);
    const machineBefore = readMachineCpuMs();
    const ownBefore = process.cpuUsage();
    const trafficStart = performance.now();
    generators.forEach((g) => g.send(traffic));
    const reports = await withTimeout(measured, TIMEOUT_MS.traffic, phase);
    const wallMs = performance.now() - trafficStart;
    const relayCpu = readCpuMs(relay.pid) - cpuBeforeTraffic;
    const generatorsCpu = reports.reduce((sum, r) => sum + r.cpuMs, 0);
    const own = process.cpuUsage(ownBefore);
    const machine = readMachineCpuMs();
    step.relayCpuPercentTraffic = (relayCpu / wallMs) * 100;
    step.generatorsCpuPercentTraffic = (generatorsCpu / wallMs) * 100;
    step.otherCpuPercentTraffic = Math.max(0, ((machine.processes - machineBefore.processes - relayCpu - generatorsCpu - (own.user + own.system) / 1000) / wallMs) * 100);
    step.irqCpuPercentTraffic = ((machine.irq - machineBefore.irq) / wallMs) * 100;

    phase = 'measurement';
    step.loadedRssBeforeGcKb = readRssKb(relay.pid);
    const stats = await relayStats();
    step.loadedRssKb = readRssKb(relay.pid);
    step.relayFds = countOpenFds(relay.pid);
    step.relaySessions = stats.sessions;
    step.relayCounters = stats.counters;
    step.liveSessions = reports.reduce((sum, r) => sum + r.live, 0);
    step.kbPerSession = step.liveSessions ? (step.loadedRssKb - step.idleRssKb) / step.liveSessions : NaN;
    const bytesIn = stats.counters['bytesIn'];
    if (bytesIn !== undefined && stats.sessions) step.cachedKbPerSession = bytesIn / stats.sessions / 1024;
    step.sent = reports.reduce((sum, r) => sum + r.sent, 0);
    step.delivered = reports.reduce((sum, r) => sum + r.delivered, 0);
    const latencies = reports.flatMap((r) => r.latenciesMs).sort((a, b) => a - b);
    step.p50Ms = percentile(latencies, 0.5);
    step.p99Ms = percentile(latencies, 0.99);
    step.maxMs = latencies.at(-1) ?? NaN;
    step.p99OutsideSweepMs = percentile(reports.flatMap((r) => r.latenciesOutsideSweepMs).sort((a, b) => a - b), 0.99);
    step.relayLoopDelayMaxMs = stats.loop?.maxMs;
    step.relayLoopDelayP99Ms = stats.loop?.p99Ms;
    step.generatorLagMaxMs = Math.max(...reports.map((r) => r.timerLagMaxMs));
    step.pingsInHold = reports.reduce((sum, r) => sum + r.pingsInHold, 0);
    step.failures = {};
    for (const r of reports) mergeCounts(step.failures, r.failures);
  } catch (err) {
    if (!(err instanceof StepError) && !(err instanceof Error)) throw err;
    step.error = relayExit || (err as Error).message;
    const tail = relay?.stderrTail().trim();
    if (tail) step.error += ` · relay stderr: ${tail.split('\n').slice(-3).join(' / ').slice(0, 300)}`;
  } finally {
    phase = 'teardown';
    await Promise.all(
      generators.map((g) =>
        g.exitCode !== null || g.signalCode !== null
          ? Promise.resolve()
          : withTimeout(new Promise<void>((resolve) => {
              g.once('exit', () => resolve());
              g.send({ t: 'close' } satisfies LoadCommand);
            }), TIMEOUT_MS.close, 'load generator exit').catch(() => {
              g.kill('SIGKILL');
            }),
      ),
    );
    relay?.stop();
  }
}

/** Runs the capacity steps one after another; see CapacityStep for what each reports. */
export async function measureCapacity(targets: number[] = [1_000, 5_000, 10_000]): Promise<{ fdLimit: number; steps: CapacityStep[] }> {
  const fdLimit = readOpenFilesLimit('self');
  const steps: CapacityStep[] = [];
  for (const sessions of targets) {
    // The relay holds 2 sockets per session; each generator half of that.
    const needed = 2 * sessions + FD_RESERVE;
    if (needed > fdLimit) {
      steps.push({ sessions, skipped: `fd limit ${fdLimit} (needs ${needed})` });
      const capped = Math.floor((fdLimit - FD_RESERVE) / 2 / 100) * 100;
      const largestRun = Math.max(0, ...steps.filter((s) => !s.skipped).map((s) => s.sessions));
      if (capped > largestRun) {
        const step: CapacityStep = { sessions: capped, cappedFrom: sessions };
        console.log(`capacity: ${capped} sessions (capped from ${sessions} by fd limit ${fdLimit})…`);
        await runStep(capped, step);
        steps.push(step);
      }
      continue;
    }
    const step: CapacityStep = { sessions };
    console.log(`capacity: ${sessions} sessions…`);
    await runStep(sessions, step);
    steps.push(step);
  }
  return { fdLimit, steps };
}
