/** The "Shopper cost" section of the bench report: the goals table, the per-recorder detail and how it was measured. */
import { RRWEB_RECORD_VERSION } from './fixtureShop';
import { FIRST_VIEW_TIMEOUT_MS } from './firstView';
import type { Uplink } from './pageEmulation';
import { STEADY_MS } from './recordingRun';
import { compareAdded, SHOPPER_COST_GOALS, type RateMedians } from './summary';

/** What the report is made from. */
export interface ShopperCostFigures {
  /** Elements of the storefront (the page alone). */
  elements: number;
  /** Runs per recorder and CPU rate, and per uplink. */
  repeats: number;
  /** Medians per CPU slowdown. */
  byRate: Array<{ cpuRate: number; medians: RateMedians }>;
  /** First view per uplink: goal, median (null: not shown in time) and every run. */
  firstView: Array<{ uplink: Uplink; goalMs: number; medianMs: number | null; runsMs: Array<number | null> }>;
  /** Runs that failed, with why (a failed first view counts as not shown). */
  failures: string[];
}

const GOALS = SHOPPER_COST_GOALS;

/** A number for the table: thousands separated, `—` when not measured. */
function num(value: number, digits = 0): string {
  return Number.isFinite(value) ? value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits }) : '—';
}

/** `✓` or `✗`, `—` when either side is missing. */
function met(value: number, limit: number): string {
  return Number.isFinite(value) ? (value <= limit ? '✓' : '✗') : '—';
}

/** One goals-table row. */
function row(figure: string, lookalong: string, rrweb: string, ratio: number, goal: string, verdict: string): string {
  return `| ${figure} | ${lookalong} | ${rrweb} | ${num(ratio, 2)} | ${goal} | ${verdict} |`;
}

/** The goals table's rows for one CPU slowdown. */
function rateRows(cpuRate: number, medians: RateMedians): string[] {
  const { lookalong, rrweb } = medians;
  const rows: string[] = [];
  // Under DevTools' throttling the thread's CPU time includes the throttler's spinning: task time only.
  for (const kind of cpuRate === 1 ? (['busy', 'cpu'] as const) : (['busy'] as const)) {
    const added = compareAdded(medians, kind);
    const what = kind === 'busy' ? 'main-thread task time added while shared (ms/s)' : 'main-thread CPU time added while shared (ms/s)';
    const goal = `ratio ≤ ${GOALS.addedMainThreadRatio} (rrweb's counted as ≥ ${num(added.floor, 1)}, the page alone's run spread)`;
    rows.push(row(`${what}, ${cpuRate}× CPU`, num(added.lookalong, 1), num(added.rrweb, 1), added.ratio, goal, met(added.ratio, GOALS.addedMainThreadRatio)));
  }
  const limit = GOALS.longestTaskMs[cpuRate] ?? Number.NaN;
  const aim = cpuRate === 1 ? ` (aim ${GOALS.longestTaskAimMs})` : '';
  rows.push(row(`longest task, click → first snapshot sent (ms), ${cpuRate}× CPU`, num(lookalong.longestTaskMs), num(rrweb.longestTaskMs), lookalong.longestTaskMs / rrweb.longestTaskMs, `Lookalong ≤ ${limit} ms${aim}`, met(lookalong.longestTaskMs, limit)));
  rows.push(row(`sum of tasks > 50 ms in that phase (ms), ${cpuRate}× CPU`, num(lookalong.over50SumMs), num(rrweb.over50SumMs), lookalong.over50SumMs / rrweb.over50SumMs, '—', ''));
  rows.push(row(`click → first snapshot seen sent (ms), ${cpuRate}× CPU`, num(lookalong.startPhaseMs), num(rrweb.startPhaseMs), lookalong.startPhaseMs / rrweb.startPhaseMs, '—', ''));
  return rows;
}

/** The wire rows (measured at 1× CPU). */
function wireRows(medians: RateMedians): string[] {
  const { lookalong, rrweb } = medians;
  const perMinute = lookalong.bytesPerMinute / rrweb.bytesPerMinute;
  return [
    row('first snapshot on the wire (bytes, 1× CPU; plain rrweb: its JSON)', num(lookalong.snapshotBytes), num(rrweb.snapshotBytes), lookalong.snapshotBytes / rrweb.snapshotBytes, '—', ''),
    row('bytes per minute while shared, steady window (1× CPU; plain rrweb: its JSON)', num(lookalong.bytesPerMinute), num(rrweb.bytesPerMinute), perMinute, `ratio ≤ ${GOALS.bytesPerMinuteRatio}`, met(perMinute, GOALS.bytesPerMinuteRatio)),
  ];
}

/** The first-view rows. */
function firstViewRows(firstView: ShopperCostFigures['firstView']): string[] {
  return firstView.map(({ uplink, goalMs, medianMs, runsMs }) => {
    const shown = medianOrTimeout(medianMs);
    const runs = runsMs.map(medianOrTimeout).join(', ');
    return row(`first view, Allow → page end in the replay (ms), shopper on ${uplink.name} (runs: ${runs})`, shown, '—', Number.NaN, `≤ ${num(goalMs)} ms`, medianMs === null ? '✗' : met(medianMs, goalMs));
  });
}

/** A first-view time, or `> 45,000` for one not shown in time. */
function medianOrTimeout(ms: number | null): string {
  return ms === null ? `> ${num(FIRST_VIEW_TIMEOUT_MS)}` : num(ms);
}

/** The per-recorder medians behind the goals table. */
function detailTable(byRate: ShopperCostFigures['byRate']): string[] {
  const lines = [
    '| CPU | recorder | runs | task ms/s (± half the runs\' spread) | CPU ms/s | script ms/s | style + layout ms/s | bytes/min sent | longest start task ms |',
    '|---:|---|---:|---:|---:|---:|---:|---:|---:|',
  ];
  const names = { none: 'page alone', rrweb: 'plain rrweb', lookalong: 'Lookalong' } as const;
  for (const { cpuRate, medians } of byRate) {
    for (const recorder of ['none', 'rrweb', 'lookalong'] as const) {
      const m = medians[recorder];
      const cpu = cpuRate === 1 ? num(m.cpuMsPerSecond, 1) : '(throttler)';
      lines.push(`| ${cpuRate}× | ${names[recorder]} | ${m.runs} | ${num(m.busyMsPerSecond, 1)} ± ${num(m.busySpread / 2, 1)} | ${cpu} | ${num(m.scriptMsPerSecond, 1)} | ${num(m.styleLayoutMsPerSecond, 1)} | ${num(m.bytesPerMinute)} | ${num(m.longestTaskMs)} |`);
    }
  }
  return lines;
}

/** The section's report lines: the goals table, the medians per recorder, how it was measured. */
export function shopperCostReport(figures: ShopperCostFigures): string[] {
  const atOne = figures.byRate.find((r) => r.cpuRate === 1)!.medians;
  const snapshot = num(atOne.rrweb.snapshotBytes);
  return [
    `## Shopper cost (our ${num(figures.elements)}-element storefront, first snapshot ${snapshot} bytes of rrweb JSON: Lookalong vs plain rrweb in the same run, medians of ${figures.repeats})\n`,
    '| figure | Lookalong | plain rrweb | Lookalong / rrweb | goal | |',
    '|---|---:|---:|---:|---|---|',
    ...figures.byRate.flatMap(({ cpuRate, medians }) => rateRows(cpuRate, medians)),
    ...wireRows(atOne),
    ...firstViewRows(figures.firstView),
    '',
    'Medians per recorder (steady window; the page alone is the baseline the "added" figures subtract):\n',
    ...detailTable(figures.byRate),
    '',
    `How: test/fixtures/shopper-cost/storefront.html (ours, built in the page from a seeded PRNG; two carousels move every 3 s), served on its own origin; each run in a fresh browser context, 1280×800, the recorders interleaved run by run. Lookalong: a real session (console in another context of the same browser, relay in its own process), recording starts at the click on Allow; plain rrweb: @rrweb/record ${RRWEB_RECORD_VERSION} UMD with \`maskAllInputs\`, started by a click on the page's Help button, each event's JSON sent as a text frame to a bare local WebSocket sink; the page alone: the same click, no recorder. CPU slowdown by CDP Emulation.setCPUThrottlingRate on the shopper's page, set after it loaded. Main thread: CDP Performance.getMetrics deltas over a ${STEADY_MS / 1000} s window (two periods of the carousels, so two moves of each wherever it starts) beginning ≥ 1 s after the snapshot was sent and ≥ 2.5 s after the click: task ms/s = TaskDuration (wall time in tasks; inflated when other processes take the CPU), CPU ms/s = ThreadTime (the thread's CPU time, 1× only: DevTools' throttling spins on the thread, idle or not). Added = a recorder's median − the page alone's median; in the ratio plain rrweb's added time counts as at least the page alone's run spread (below that it cannot be told from noise). Lookalong's runs also have the console replaying in another renderer and the relay in a process of its own on the same 2 CPUs: that contention is in its task times, not in its CPU time. CDP's Network domain is on in every run (to see the frames); its per-frame cost on the page is in both recorders' figures. Long tasks: PerformanceObserver('longtask') in the page, tasks ending after the click and beginning before the FullSnapshot frame was seen on the wire (CDP Network.webSocketFrameSent; the envelope read and gzip inflated to recognise it). Bytes: payloads of the WebSocket frames the shopper's page sent (no permessage-deflate on either server), WebSocket framing not counted. First view (1× CPU): CDP Network.emulateNetworkConditions on the shopper's page only (its HTTP and WebSocket traffic), from the click on Allow until the console's replay iframe holds #colophon (the footer's last line), one browser clock, polled every 20 ms. The machine is shared (2 CPUs, other builds and tests running): single runs vary by 2× or more, read the medians and ratios.\n`,
    ...(figures.failures.length > 0 ? [`Failed runs (left out of the medians): ${figures.failures.join('; ')}\n`] : []),
  ];
}
