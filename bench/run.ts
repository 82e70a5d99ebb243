/**
 * `npm run bench`: bundle sizes against budgets, envelope cost, relay throughput and latency
 * against a bare-ws and a socket.io baseline measured in the same run, late-join time,
 * perMessageDeflate decision data, capacity steps, replay fidelity on the shop-page corpus and
 * the shopper's cost (main thread, long tasks, bytes, first view) against plain rrweb.
 * Writes bench/report.md and bench/results.json. Medians of repeated runs; the machines are
 * shared and noisy.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cpus } from 'node:os';
import { gzipSync } from 'node:zlib';
import { decodeFrame, encodeFrame, FrameKind } from '../protocol/envelope';
import { measureBrowserLatency } from './browserLatency';
import { capacityReport } from './capacity/capacityReport';
import { measureCapacity } from './capacity/capacityRun';
import { deflateConclusion, measureDeflate } from './deflateCost';
import { fidelityReport, measureFidelity } from './fidelity';
import { measureLateJoin } from './lateJoin';
import { measureMutationStorm, mutationStormReport } from './mutationStorm';
import { measureRecordingCost, recordingCostReport } from './recordingCost';
import { measureLatency, measureThroughput, median } from './relayMeasurements';
import { measureShopperCost } from './shopperCost';
import { shopperCostReport } from './shopperCost/report';
import { lookalongTarget, rawWsTarget, socketIoTarget, TARGET_NAMES, type RelayTarget } from './relayTargets';
import { measureTwoNodes, twoNodeReport } from './twoNode';

const REPEATS = 3;
const startedAt = performance.now();
/** Goals for Lookalong against the baselines, as throughput ratios (higher is better). */
const GOALS = { vsRawWs: 0.9, vsSocketIo: 2 };
const lines: string[] = [];
const results: Record<string, unknown> = { date: new Date().toISOString(), node: process.version, cpus: cpus().length };
const log = (line = ''): void => {
  console.log(line);
  lines.push(line);
};

function bundleSizes(): void {
  const budgets: Array<[string, string, number | null]> = [
    ['loader (/sdk.js)', 'dist/sdk.js', 6 * 1024],
    ['UI chunk (/sdk-ui.js)', 'dist/sdk-ui.js', 4 * 1024],
    ['recorder chunk (/sdk-recorder.js)', 'dist/sdk-recorder.js', 35 * 1024],
    ['agent console', 'dist/agent-console.js', null],
  ];
  log('## Bundle sizes (gzip -9)\n');
  log('| bundle | raw bytes | gzipped bytes | budget | ratio to budget |');
  log('|---|---:|---:|---:|---:|');
  const sizes: Record<string, number> = {};
  for (const [name, file, budget] of budgets) {
    const raw = readFileSync(file);
    const gz = gzipSync(raw, { level: 9 }).length;
    sizes[file] = gz;
    log(`| ${name} | ${raw.length} | ${gz} | ${budget ?? '—'} | ${budget ? (gz / budget).toFixed(2) : '—'} |`);
  }
  results['bundleGzipBytes'] = sizes;
  log();
}

function envelopeCost(): void {
  const payload = Buffer.alloc(1024, 7);
  const rounds = 200_000;
  const time = (fn: () => void): number => {
    const runs: number[] = [];
    for (let r = 0; r < REPEATS; r++) {
      const start = process.hrtime.bigint();
      for (let i = 0; i < rounds; i++) fn();
      runs.push(Number(process.hrtime.bigint() - start) / rounds);
    }
    return median(runs);
  };
  const copyNs = time(() => Buffer.from(payload));
  const encodeNs = time(() => encodeFrame({ kind: FrameKind.event, stream: 1, seq: 42 }, payload));
  const frame = encodeFrame({ kind: FrameKind.event, stream: 1, seq: 42 }, payload);
  const decodeNs = time(() => decodeFrame(frame));
  log('## Envelope cost (1 KB payload, median ns per frame)\n');
  log(`| operation | ns | ratio to a plain 1 KB copy |`);
  log('|---|---:|---:|');
  log(`| Buffer copy (baseline) | ${copyNs.toFixed(0)} | 1.00 |`);
  log(`| encodeFrame (SDK) | ${encodeNs.toFixed(0)} | ${(encodeNs / copyNs).toFixed(2)} |`);
  log(`| decodeFrame header (relay) | ${decodeNs.toFixed(0)} | ${(decodeNs / copyNs).toFixed(2)} |`);
  log(`\nEnvelope overhead on the wire: 10 bytes per frame (${((10 / 1024) * 100).toFixed(1)}% of a 1 KB frame).\n`);
  results['envelopeNs'] = { copyNs, encodeNs, decodeNs };
}

/** `0.93 ✓` when `ratio` meets the goal, `0.71 ✗` when not. */
function judged(ratio: number, goal: number, higherIsBetter = true): string {
  const met = higherIsBetter ? ratio >= goal : ratio <= goal;
  return `${ratio.toFixed(2)} ${met ? '✓' : '✗'}`;
}

async function relayCases(targets: RelayTarget[]): Promise<void> {
  const cases: Array<{ bytes: number; viewers: number; count: number }> = [
    { bytes: 1024, viewers: 1, count: 20_000 },
    { bytes: 1024, viewers: 3, count: 20_000 },
    { bytes: 20 * 1024, viewers: 1, count: 4_000 },
    { bytes: 20 * 1024, viewers: 3, count: 4_000 },
  ];
  const { rawWs, lookalong, socketIo } = TARGET_NAMES;
  const throughput: Record<string, Record<string, number>> = {};
  for (const target of targets) {
    const warmup = await target.openRoom(1);
    await measureThroughput(warmup, 1024, 20_000);
    warmup.close();
  }
  const ratioHeads = `Lookalong / raw ws (goal ≥ ${GOALS.vsRawWs.toFixed(2)}) | Lookalong / socket.io (goal ≥ ${GOALS.vsSocketIo.toFixed(2)})`;
  log('## Relay throughput (frames/s delivered to each viewer, median of 3)\n');
  log(`| frame | viewers | ${targets.map((t) => t.name).join(' | ')} | ${ratioHeads} |`);
  log(`|---|---:|${targets.map(() => '---:').join('|')}|---:|---:|`);
  for (const c of cases) {
    const key = `${c.bytes / 1024}KB x${c.viewers}`;
    const runs = new Map<string, number[]>(targets.map((t) => [t.name, []]));
    // Interleave targets run by run, so background noise hits all alike.
    for (let r = 0; r < REPEATS; r++) {
      for (const target of targets) {
        const room = await target.openRoom(c.viewers);
        runs.get(target.name)!.push(await measureThroughput(room, c.bytes, c.count));
        room.close();
      }
    }
    throughput[key] = Object.fromEntries([...runs].map(([name, values]) => [name, median(values)]));
    const row = throughput[key]!;
    const cells = targets.map((t) => Math.round(row[t.name]!)).join(' | ');
    log(`| ${c.bytes / 1024} KB | ${c.viewers} | ${cells} | ${judged(row[lookalong]! / row[rawWs]!, GOALS.vsRawWs)} | ${judged(row[lookalong]! / row[socketIo]!, GOALS.vsSocketIo)} |`);
  }
  results['throughput'] = throughput;

  const latencyGoalRaw = 1 / GOALS.vsRawWs;
  const latencyGoalSio = 1 / GOALS.vsSocketIo;
  log('\n## Relay latency (1 KB frames at 500/s for 3 s, 1 viewer, loopback, ms)\n');
  log(`| percentile | ${targets.map((t) => t.name).join(' | ')} | Lookalong / raw ws (goal ≤ ${latencyGoalRaw.toFixed(2)}) | Lookalong / socket.io (goal ≤ ${latencyGoalSio.toFixed(2)}) |`);
  log(`|---|${targets.map(() => '---:').join('|')}|---:|---:|`);
  const latency: Record<string, { p50: number; p99: number; samples: number }> = {};
  for (const target of targets) {
    const room = await target.openRoom(1);
    latency[target.name] = await measureLatency(room, 500, 3000);
    room.close();
  }
  for (const q of ['p50', 'p99'] as const) {
    const cells = targets.map((t) => latency[t.name]![q].toFixed(3)).join(' | ');
    const vsRaw = latency[lookalong]![q] / latency[rawWs]![q];
    const vsSio = latency[lookalong]![q] / latency[socketIo]![q];
    log(`| ${q} | ${cells} | ${judged(vsRaw, latencyGoalRaw, false)} | ${judged(vsSio, latencyGoalSio, false)} |`);
  }
  log(`\nSamples: ${targets.map((t) => `${t.name} ${latency[t.name]!.samples}`).join(', ')}. Latency goals are the throughput goals inverted (at least 0.9× as fast as raw ws, 2× as fast as socket.io). p99 of one 3 s run is noisy.\n`);
  results['latencyMs'] = latency;
}

async function lateJoin(): Promise<void> {
  const result = await measureLateJoin();
  log('## Late join (consent granted → complete cached checkpoint at the new viewer, median of 5)\n');
  log('| checkpoint | frames | bytes | median ms | runs ms |');
  log('|---|---:|---:|---:|---|');
  log(`| Meta + ~2 MB FullSnapshot + 200 events | ${result.checkpointFrames} | ${result.checkpointBytes} | ${result.medianMs.toFixed(1)} | ${result.runsMs.map((ms) => ms.toFixed(1)).join(', ')} |`);
  log('');
  results['lateJoin'] = result;
}

async function deflateDecision(): Promise<void> {
  const rows = await measureDeflate();
  // The relay's whole forwarding cost, from the throughput runs to 1 viewer (wall time).
  const throughput = results['throughput'] as Record<string, Record<string, number>>;
  const relay = {
    nsPerByteLarge: 1e9 / (throughput['20KB x1']![TARGET_NAMES.lookalong]! * 20 * 1024),
    usPerSmallFrame: 1e6 / throughput['1KB x1']![TARGET_NAMES.lookalong]!,
  };
  log('## perMessageDeflate decision data (zlib deflateRaw on rrweb-like JSON)\n');
  log('| payload | mode | level | compressed / uncompressed | CPU ns per byte (≈ ms per MB) | CPU µs per message |');
  log('|---|---|---:|---:|---:|---:|');
  for (const r of rows) log(`| ${r.payload} | ${r.mode} | ${r.level} | ${r.ratio.toFixed(3)} | ${r.nsPerByte.toFixed(2)} | ${r.usPerMessage.toFixed(1)} |`);
  const conclusion = deflateConclusion(rows, relay);
  log(`\nDone as \`ws\` does with perMessageDeflate on: one deflate stream per socket, a sync flush per message, the window kept (context takeover, the default) or reset after each message. CPU is the median of 5 runs, all threads.\n`);
  log(`**Conclusion:** ${conclusion}\n`);
  results['deflate'] = { rows, relayForwardingCost: relay, conclusion };
}

/** Goals for the in-browser latencies (p99, ms). */
const BROWSER_GOALS = { mutationToReplayP99: 50, annotationToOverlayP99: 30 };

async function browserLatency(): Promise<void> {
  const result = await measureBrowserLatency();
  log('## In-browser latency (Chromium, loopback, shopper and agent in two contexts of one browser, ms)\n');
  log('| path | p50 | p99 | goal p99 | samples |');
  log('|---|---:|---:|---:|---:|');
  const row = (name: string, r: { p50: number; p99: number; samples: number }, goal: number | null): void =>
    log(`| ${name} | ${r.p50.toFixed(1)} | ${r.p99.toFixed(1)} | ${goal === null ? '—' : `≤ ${goal} ${r.p99 <= goal ? '✓' : '✗'}`} | ${r.samples} |`);
  row('DOM mutation on the shopper page → node in the agent’s replay', result.mutationToReplay, BROWSER_GOALS.mutationToReplayP99);
  row('Highlight drawn (mouse up) → mark in the shopper’s overlay', result.annotationToOverlay, BROWSER_GOALS.annotationToOverlayP99);
  row('Highlight drawn (mouse up) → next frame painted with the mark', result.annotationToPaint, null);
  log('\nOne clock for both pages (`performance.timeOrigin + performance.now()` in one browser); a mutation every 40 ms; each highlight waits for the previous one to show.\n');
  results['browserLatency'] = result;
}

async function twoNodes(): Promise<void> {
  const result = await measureTwoNodes();
  for (const line of twoNodeReport(result)) log(line);
  results['twoNodes'] = result;
}

async function capacity(): Promise<void> {
  const result = await measureCapacity();
  for (const line of capacityReport(result)) log(line);
  results['capacity'] = result;
}

async function mutationStorm(): Promise<void> {
  const result = await measureMutationStorm();
  for (const line of mutationStormReport(result)) log(line);
  results['mutationStorm'] = result;
}

async function fidelity(): Promise<void> {
  const result = await measureFidelity();
  for (const line of fidelityReport(result)) log(line);
  results['fidelity'] = result.map(({ page, picture, words, details }) => ({ page, picture, words, leaks: details.leaks, placeholderLabelled: details.placeholderLabelled, unmaskedEchoShown: details.unmaskedEchoShown }));
}

async function recordingCost(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'lookalong-bench-recordings-'));
  try {
    const result = await measureRecordingCost(dir);
    for (const line of recordingCostReport(result)) log(line);
    results['recordingCost'] = result;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function shopperCost(): Promise<void> {
  const result = await measureShopperCost();
  for (const line of shopperCostReport(result)) log(line);
  results['shopperCost'] = result;
}

// `npm run bench -- --only two-node` (or `fidelity`, `shopper-cost`, `storm`, `recording`) runs that section alone and writes no report.
if (process.argv.includes('--only') && process.argv.includes('two-node')) {
  await twoNodes();
  process.exit(0);
}
if (process.argv.includes('--only') && process.argv.includes('fidelity')) {
  await fidelity();
  process.exit(0);
}
if (process.argv.includes('--only') && process.argv.includes('storm')) {
  await mutationStorm();
  process.exit(0);
}
if (process.argv.includes('--only') && process.argv.includes('recording')) {
  await recordingCost();
  process.exit(0);
}
if (process.argv.includes('--only') && process.argv.includes('shopper-cost')) {
  await shopperCost();
  process.exit(0);
}

log(`# Lookalong benchmark report\n\n${results['date']} · Node ${process.version} · ${cpus().length} CPUs · relays run in their own processes; the throughput and latency load generator in this one, the capacity load generators in two more.\n`);
bundleSizes();
envelopeCost();
const targets = [await rawWsTarget(), await lookalongTarget(), await socketIoTarget()];
try {
  await relayCases(targets);
} finally {
  targets.forEach((t) => t.stop());
}
await twoNodes();
await recordingCost();
await lateJoin();
await browserLatency();
await mutationStorm();
await fidelity();
await shopperCost();
await deflateDecision();
await capacity();
const seconds = (performance.now() - startedAt) / 1000;
log(`---\nBench run time: ${seconds.toFixed(0)} s (bundle build excluded).`);
results['runSeconds'] = seconds;
writeFileSync('bench/report.md', lines.join('\n') + '\n');
writeFileSync('bench/results.json', JSON.stringify(results, null, 2) + '\n');
console.log('\nwrote bench/report.md and bench/results.json');
process.exit(0);
