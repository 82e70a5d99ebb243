/** Throughput and latency measurements on a RelayRoom (one source, N sinks). */
import { randomBytes } from 'node:crypto';
import type WebSocket from 'ws';
import type { RelayRoom } from './relayTargets';

const SOURCE_BUFFER_HIGH_WATER = 4 * 1024 * 1024;

function countBinary(sinks: WebSocket[], onFrame: (sinkIndex: number, data: Buffer) => void): void {
  sinks.forEach((ws, index) => ws.on('message', (data: Buffer, isBinary: boolean) => isBinary && onFrame(index, data)));
}

async function drain(ws: WebSocket): Promise<void> {
  while (ws.bufferedAmount > SOURCE_BUFFER_HIGH_WATER) await new Promise((r) => setImmediate(r));
}

/** Sends `count` frames of `bytes` as fast as backpressure allows; returns delivered frames/s per sink. */
export async function measureThroughput(room: RelayRoom, bytes: number, count: number): Promise<number> {
  const payload = randomBytes(bytes);
  const received = room.sinks.map(() => 0);
  let finish: () => void = () => {};
  const done = new Promise<void>((resolve) => (finish = resolve));
  countBinary(room.sinks, (i) => {
    received[i]! += 1;
    if (received.every((n) => n >= count)) finish();
  });
  const start = process.hrtime.bigint();
  for (let seq = 0; seq < count; seq++) {
    room.source.send(room.frame(seq, payload));
    if (seq % 64 === 0) await drain(room.source);
  }
  await done;
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
    room.source.send(room.frame(seq, payload));
  }
  const deadline = Date.now() + 2000;
  while (samples.length < total * room.sinks.length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
  samples.sort((a, b) => a - b);
  const pick = (q: number): number => samples[Math.min(samples.length - 1, Math.floor(q * samples.length))] ?? NaN;
  return { p50: pick(0.5), p99: pick(0.99), samples: samples.length };
}

/** Median of a list of numbers. */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
