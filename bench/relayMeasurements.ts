/** Throughput and latency measurements on a RelayRoom (one source, N sinks). */
import { randomBytes } from 'node:crypto';
import type { RelayRoom, RelaySink } from './relayTargets';

/** Frames the source may have in flight ahead of the slowest viewer (application-level flow control). */
const WINDOW_FRAMES = 512;
const MEASUREMENT_TIMEOUT_MS = 60_000;

function countBinary(sinks: RelaySink[], onFrame: (sinkIndex: number, data: Buffer) => void): void {
  sinks.forEach((sink, index) => sink.onFrame((data) => onFrame(index, data)));
}

/**
 * Sends `count` frames of `bytes`, never more than WINDOW_FRAMES ahead of the slowest viewer
 * (so neither relay is pushed into its overload path), and returns delivered frames/s per viewer.
 */
export async function measureThroughput(room: RelayRoom, bytes: number, count: number): Promise<number> {
  const payload = randomBytes(bytes);
  const received = room.sinks.map(() => 0);
  let wake: () => void = () => {};
  countBinary(room.sinks, (i) => {
    received[i]! += 1;
    wake();
  });
  const slowest = (): number => Math.min(...received);
  const waitFor = async (condition: () => boolean): Promise<void> => {
    while (!condition()) {
      if (Date.now() > deadline) throw new Error(`throughput run stalled: viewers got ${received.join(', ')} of ${count}`);
      await new Promise<void>((resolve) => {
        wake = resolve;
        setTimeout(resolve, 100);
      });
    }
  };
  // Frames are built before the clock starts: the load generator shares the CPU with the
  // relay, and building envelopes on the fly would charge the envelope to the relay's score.
  const frames = Array.from({ length: count }, (_, seq) => room.frame(seq, payload));
  const deadline = Date.now() + MEASUREMENT_TIMEOUT_MS;
  const start = process.hrtime.bigint();
  for (let seq = 0; seq < count; seq++) {
    if (seq - slowest() >= WINDOW_FRAMES) await waitFor(() => seq - slowest() < WINDOW_FRAMES / 2);
    room.send(frames[seq]!);
  }
  await waitFor(() => slowest() >= count);
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  return count / seconds;
}

/** Sends 1 KB frames at `rate`/s for `durationMs`; returns delivery latency percentiles in ms. */
export async function measureLatency(room: RelayRoom, rate: number, durationMs: number): Promise<{ p50: number; p99: number; samples: number }> {
  const samples: number[] = [];
  countBinary(room.sinks, (_i, data) => {
    const sent = data.readBigUInt64BE(data.length - 8);
    samples.push(Number(process.hrtime.bigint() - sent) / 1e6);
  });
  const total = Math.round((rate * durationMs) / 1000);
  const intervalNs = 1e9 / rate;
  const start = process.hrtime.bigint();
  for (let seq = 0; seq < total; seq++) {
    const due = start + BigInt(Math.round(seq * intervalNs));
    while (process.hrtime.bigint() < due) await new Promise((r) => setImmediate(r));
    const payload = randomBytes(1024);
    payload.writeBigUInt64BE(process.hrtime.bigint(), payload.length - 8);
    room.send(room.frame(seq, payload));
  }
  const deadline = Date.now() + 2000;
  while (samples.length < total * room.sinks.length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
  return { p50: percentile(samples, 0.5), p99: percentile(samples, 0.99), samples: samples.length };
}

/** Median of a list of numbers. */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** The q-quantile (0..1) of a list of numbers, nearest-rank; NaN for an empty list. */
export function percentile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
}
