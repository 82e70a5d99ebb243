/**
 * Main-thread time of one page from CDP's Performance.getMetrics, cumulative seconds read
 * against the metrics' own Timestamp:
 * - TaskDuration: wall time of every task the renderer's main thread ran (script, style,
 *   layout, paint, parsing, GC…) — what the shopper feels; a throttled CPU shows its slowness,
 *   and so does a busy machine (a task descheduled mid-way counts in full);
 * - ThreadTime: CPU time of that thread — DevTools' CPU throttling spins on it, so it grows
 *   with the rate too, but time other processes take the CPU away does not count;
 * - ScriptDuration, RecalcStyleDuration + LayoutDuration: where the time goes.
 */
import type { CDPSession } from 'playwright-core';

/** Cumulative totals at one moment. */
export interface MainThreadReading {
  /** CDP's monotonic clock, seconds. */
  at: number;
  taskSeconds: number;
  cpuSeconds: number;
  scriptSeconds: number;
  styleLayoutSeconds: number;
}

/** Per-second load of a window between two readings. */
export interface MainThreadLoad {
  seconds: number;
  /** Main-thread task time (wall), ms per second. */
  busyMsPerSecond: number;
  /** Main-thread CPU time, ms per second. */
  cpuMsPerSecond: number;
  /** Script, ms per second. */
  scriptMsPerSecond: number;
  /** Style recalculation and layout, ms per second. */
  styleLayoutMsPerSecond: number;
}

/** Turns the Performance domain on (its counters start then). */
export async function startMainThreadMetrics(cdp: CDPSession): Promise<void> {
  await cdp.send('Performance.enable', { timeDomain: 'timeTicks' });
}

/** Reads the page's cumulative totals now. */
export async function readMainThread(cdp: CDPSession): Promise<MainThreadReading> {
  const { metrics } = await cdp.send('Performance.getMetrics');
  const value = (name: string): number => {
    const metric = metrics.find((m) => m.name === name);
    if (!metric) throw new Error(`Performance.getMetrics has no ${name}`);
    return metric.value;
  };
  return {
    at: value('Timestamp'),
    taskSeconds: value('TaskDuration'),
    cpuSeconds: value('ThreadTime'),
    scriptSeconds: value('ScriptDuration'),
    styleLayoutSeconds: value('RecalcStyleDuration') + value('LayoutDuration'),
  };
}

/** The load between two readings of one page. */
export function mainThreadLoad(from: MainThreadReading, to: MainThreadReading): MainThreadLoad {
  const seconds = to.at - from.at;
  const perSecond = (key: Exclude<keyof MainThreadReading, 'at'>): number => ((to[key] - from[key]) * 1000) / seconds;
  return {
    seconds,
    busyMsPerSecond: perSecond('taskSeconds'),
    cpuMsPerSecond: perSecond('cpuSeconds'),
    scriptMsPerSecond: perSecond('scriptSeconds'),
    styleLayoutMsPerSecond: perSecond('styleLayoutSeconds'),
  };
}
