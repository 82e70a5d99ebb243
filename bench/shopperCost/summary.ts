/**
 * Medians of the shopper-cost runs (each figure's median over the runs of one recorder at one
 * CPU rate) and the figures issue 12's goals are about: main-thread time *added* while shared
 * (recorder's median − the page alone's median), Lookalong against plain rrweb.
 */
import { median } from '../relayMeasurements';
import type { Recorder } from './fixtureShop';
import type { RecordingRun } from './recordingRun';

/** Issue 12's goals. */
export const SHOPPER_COST_GOALS = {
  /** Main-thread time added while shared, Lookalong / plain rrweb, at most. */
  addedMainThreadRatio: 1.2,
  /** Longest task from the click until the first snapshot was sent, ms, at most, per CPU slowdown. */
  longestTaskMs: { 1: 100, 4: 400 } as Record<number, number>,
  /** What to aim for at 1×, ms. */
  longestTaskAimMs: 50,
  /** Bytes per minute while shared, Lookalong's wire / plain rrweb's uncompressed JSON, at most. */
  bytesPerMinuteRatio: 0.35,
} as const;

/** Medians of one recorder's runs at one rate (NaN where no run measured it). */
export interface RecorderMedians {
  runs: number;
  busyMsPerSecond: number;
  cpuMsPerSecond: number;
  /** Largest minus smallest run of each (how far single runs disagree). */
  busySpread: number;
  cpuSpread: number;
  scriptMsPerSecond: number;
  styleLayoutMsPerSecond: number;
  bytesPerMinute: number;
  startPhaseMs: number;
  longestTaskMs: number;
  over50SumMs: number;
  snapshotBytes: number;
}

/** Medians at one CPU rate, per recorder. */
export type RateMedians = Record<Recorder, RecorderMedians>;

/** Median, NaN for none. */
function medianOrNaN(values: number[]): number {
  return values.length === 0 ? Number.NaN : median(values);
}

/** The medians of `recorder`'s runs at `cpuRate`. */
export function recorderMedians(runs: readonly RecordingRun[], recorder: Recorder, cpuRate: number): RecorderMedians {
  const mine = runs.filter((r) => r.recorder === recorder && r.cpuRate === cpuRate);
  const values = (pick: (run: RecordingRun) => number | undefined): number[] => mine.map(pick).filter((v): v is number => v !== undefined);
  const of = (pick: (run: RecordingRun) => number | undefined): number => medianOrNaN(values(pick));
  const spread = (pick: (run: RecordingRun) => number): number => (mine.length === 0 ? Number.NaN : Math.max(...values(pick)) - Math.min(...values(pick)));
  return {
    runs: mine.length,
    busyMsPerSecond: of((r) => r.steady.busyMsPerSecond),
    cpuMsPerSecond: of((r) => r.steady.cpuMsPerSecond),
    busySpread: spread((r) => r.steady.busyMsPerSecond),
    cpuSpread: spread((r) => r.steady.cpuMsPerSecond),
    scriptMsPerSecond: of((r) => r.steady.scriptMsPerSecond),
    styleLayoutMsPerSecond: of((r) => r.steady.styleLayoutMsPerSecond),
    bytesPerMinute: of((r) => r.steady.bytesPerMinute),
    startPhaseMs: of((r) => r.start?.phaseMs),
    longestTaskMs: of((r) => r.start?.longestMs),
    over50SumMs: of((r) => r.start?.over50SumMs),
    snapshotBytes: of((r) => r.snapshot?.bytes),
  };
}

/** Medians of every recorder at `cpuRate`. */
export function rateMedians(runs: readonly RecordingRun[], cpuRate: number): RateMedians {
  return {
    none: recorderMedians(runs, 'none', cpuRate),
    rrweb: recorderMedians(runs, 'rrweb', cpuRate),
    lookalong: recorderMedians(runs, 'lookalong', cpuRate),
  };
}

/** Which main-thread time: `busy` = task wall time, `cpu` = the thread's CPU time. */
export type MainThreadKind = 'busy' | 'cpu';

/** Main-thread time a recorder adds to the page alone, ms/s. */
export function addedMainThread(medians: RateMedians, recorder: 'rrweb' | 'lookalong', kind: MainThreadKind): number {
  const key = kind === 'busy' ? 'busyMsPerSecond' : 'cpuMsPerSecond';
  return medians[recorder][key] - medians.none[key];
}

/** Lookalong's added time against plain rrweb's, and the floor that denominator was held to. */
export interface AddedComparison {
  lookalong: number;
  rrweb: number;
  /** The page alone's run spread: an added time below it cannot be told from nothing. */
  floor: number;
  /** lookalong / max(rrweb, floor). */
  ratio: number;
}

/**
 * Lookalong's added main-thread time over plain rrweb's. Plain rrweb may add less than the
 * runs' noise (a carousel move costs it well under a millisecond), and a ratio to a near-zero
 * or negative difference means nothing: its added time counts as at least the spread of the
 * page-alone runs.
 */
export function compareAdded(medians: RateMedians, kind: MainThreadKind): AddedComparison {
  const lookalong = addedMainThread(medians, 'lookalong', kind);
  const rrweb = addedMainThread(medians, 'rrweb', kind);
  const floor = kind === 'busy' ? medians.none.busySpread : medians.none.cpuSpread;
  return { lookalong, rrweb, floor, ratio: lookalong / Math.max(rrweb, floor) };
}

/** Median of first-view times, a timed-out run (null) counting as slower than any; null when that is the median. */
export function firstViewMedian(runsMs: ReadonlyArray<number | null>): number | null {
  if (runsMs.length === 0) return null;
  const value = median(runsMs.map((ms) => ms ?? Number.POSITIVE_INFINITY));
  return Number.isFinite(value) ? value : null;
}
