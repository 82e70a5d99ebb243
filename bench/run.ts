/**
 * `npm run bench`: bundle sizes against budgets, envelope cost, and relay throughput and
 * latency against a bare-ws baseline measured in the same run. Writes bench/report.md and
 * bench/results.json. Medians of repeated runs; the machines are shared and noisy.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { gzipSync } from 'node:zlib';
import { decodeFrame, encodeFrame, FrameKind } from '../protocol/envelope';
import { measureLatency, measureThroughput, median } from './relayMeasurements';
import { lookalongTarget, rawWsTarget, type RelayTarget } from './relayTargets';

const REPEATS = 3;
const lines: string[] = [];
const results: Record<string, unknown> = { date: new Date().toISOString(), node: process.version, cpus: cpus().length };
const log = (line = ''): void => {
  console.log(line);
  lines.push(line);
};

function bundleSizes(): void {
  const budgets: Array<[string, string, number | null]> = [
    ['loader (/sdk.js)', 'dist/sdk.js', 6 * 1024],
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

async function relayCases(targets: RelayTarget[]): Promise<void> {
  const cases: Array<{ bytes: number; viewers: number; count: number }> = [
    { bytes: 1024, viewers: 1, count: 20_000 },
    { bytes: 1024, viewers: 3, count: 20_000 },
    { bytes: 20 * 1024, viewers: 1, count: 4_000 },
    { bytes: 20 * 1024, viewers: 3, count: 4_000 },
  ];
  const throughput: Record<string, Record<string, number>> = {};
  for (const target of targets) {
    const warmup = await target.openRoom(1);
    await measureThroughput(warmup, 1024, 20_000);
    warmup.close();
  }
  log('## Relay throughput (frames/s delivered to each viewer, median of 3)\n');
  log(`| frame | viewers | ${targets.map((t) => t.name).join(' | ')} | Lookalong / raw ws |`);
  log(`|---|---:|${targets.map(() => '---:').join('|')}|---:|`);
  for (const c of cases) {
    const key = `${c.bytes / 1024}KB x${c.viewers}`;
    const runs = new Map<string, number[]>(targets.map((t) => [t.name, []]));
    // Interleave targets run by run, so background noise hits both alike.
    for (let r = 0; r < REPEATS; r++) {
      for (const target of targets) {
        const room = await target.openRoom(c.viewers);
        runs.get(target.name)!.push(await measureThroughput(room, c.bytes, c.count));
        room.close();
      }
    }
    throughput[key] = Object.fromEntries([...runs].map(([name, values]) => [name, median(values)]));
    const row = throughput[key]!;
    const ratio = row['Lookalong relay']! / row['raw ws broadcast']!;
    log(`| ${c.bytes / 1024} KB | ${c.viewers} | ${targets.map((t) => Math.round(row[t.name]!)).join(' | ')} | ${ratio.toFixed(2)} |`);
  }
  results['throughput'] = throughput;

  log('\n## Relay latency (1 KB frames at 500/s for 3 s, 1 viewer, loopback, ms)\n');
  log('| relay | p50 | p99 | samples |');
  log('|---|---:|---:|---:|');
  const latency: Record<string, unknown> = {};
  for (const target of targets) {
    const room = await target.openRoom(1);
    const result = await measureLatency(room, 500, 3000);
    room.close();
    latency[target.name] = result;
    log(`| ${target.name} | ${result.p50.toFixed(3)} | ${result.p99.toFixed(3)} | ${result.samples} |`);
  }
  results['latencyMs'] = latency;
}

log(`# Lookalong benchmark report\n\n${results['date']} · Node ${process.version} · ${cpus().length} CPUs · relays run in their own processes, the load generator in this one.\n`);
bundleSizes();
envelopeCost();
const targets = [await rawWsTarget(), await lookalongTarget()];
try {
  await relayCases(targets);
} finally {
  targets.forEach((t) => t.stop());
}
writeFileSync('bench/report.md', lines.join('\n') + '\n');
writeFileSync('bench/results.json', JSON.stringify(results, null, 2) + '\n');
console.log('\nwrote bench/report.md and bench/results.json');
process.exit(0);
