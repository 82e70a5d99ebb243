/**
 * perMessageDeflate decision data: how much zlib deflateRaw shrinks rrweb-like payloads and
 * what it costs in CPU, done the way `ws` does it: one raw-deflate stream per socket and a
 * sync flush per message, either keeping the window across messages (context takeover, the
 * default) or resetting it after each message (no context takeover).
 */
import { constants, createDeflateRaw } from 'node:zlib';
import { median } from './relayMeasurements';
import { fullSnapshotEvent, incrementalEvents } from './rrwebLikePayloads';

/** One measured combination of payload, mode and level. */
export interface DeflateRow {
  payload: string;
  mode: 'no context takeover' | 'context takeover';
  level: number;
  messages: number;
  uncompressedBytes: number;
  compressedBytes: number;
  /** compressed / uncompressed. */
  ratio: number;
  /** CPU time (all threads) per uncompressed byte, median of the repeats. */
  nsPerByte: number;
  /** The same per message, µs. */
  usPerMessage: number;
}

const REPEATS = 5;
const LEVELS = [1, 6] as const;

/** Deflates `messages` as ws would; returns compressed bytes and CPU ns (all threads). */
async function deflateAsWs(messages: Buffer[], level: number, takeover: boolean): Promise<{ out: number; ns: number }> {
  const deflate = createDeflateRaw({ level, windowBits: 15, memLevel: 8 });
  let out = 0;
  deflate.on('data', (chunk: Buffer) => (out += chunk.length));
  const start = process.cpuUsage();
  for (const message of messages) {
    deflate.write(message);
    await new Promise<void>((resolve) => deflate.flush(constants.Z_SYNC_FLUSH, () => resolve()));
    // ws drops the 00 00 ff ff tail of every flushed message.
    out -= 4;
    if (!takeover) deflate.reset();
  }
  const used = process.cpuUsage(start);
  deflate.close();
  return { out, ns: (used.user + used.system) * 1000 };
}

/** Measures every payload × mode × level combination; ratios are exact, CPU is the median of 5 runs. */
export async function measureDeflate(): Promise<DeflateRow[]> {
  const snapshots = [1, 2, 3, 4].map((seed) => Buffer.from(JSON.stringify(fullSnapshotEvent(512 * 1024, seed))));
  const events = incrementalEvents(2000).map((event) => Buffer.from(JSON.stringify(event)));
  const sizes = events.map((e) => e.length).sort((a, b) => a - b);
  const cases: Array<{ payload: string; messages: Buffer[]; modes: DeflateRow['mode'][] }> = [
    { payload: `FullSnapshot (${snapshots.length} × ~${Math.round(snapshots[0]!.length / 1024)} KB)`, messages: snapshots, modes: ['no context takeover'] },
    { payload: `incremental events (${events.length}, median ${sizes[sizes.length >> 1]} B)`, messages: events, modes: ['no context takeover', 'context takeover'] },
  ];
  const rows: DeflateRow[] = [];
  for (const { payload, messages, modes } of cases) {
    const uncompressedBytes = messages.reduce((sum, m) => sum + m.length, 0);
    for (const mode of modes) {
      for (const level of LEVELS) {
        const runs: number[] = [];
        let compressedBytes = 0;
        for (let r = 0; r < REPEATS; r++) {
          const { out, ns } = await deflateAsWs(messages, level, mode === 'context takeover');
          compressedBytes = out;
          runs.push(ns / uncompressedBytes);
        }
        const nsPerByte = median(runs);
        rows.push({ payload, mode, level, messages: messages.length, uncompressedBytes, compressedBytes, ratio: compressedBytes / uncompressedBytes, nsPerByte, usPerMessage: (nsPerByte * uncompressedBytes) / messages.length / 1000 });
      }
    }
  }
  return rows;
}

/** The relay's measured forwarding cost (wall time in the throughput runs, 1 viewer). */
export interface RelayForwardingCost {
  /** Per byte at 20 KB frames, ns. */
  nsPerByteLarge: number;
  /** Per frame at 1 KB frames, µs. */
  usPerSmallFrame: number;
}

/**
 * One line drawn from the numbers: what level 1 saves, and what deflating each viewer's copy
 * at the relay would cost against the relay's own forwarding cost, for large frames (per
 * byte) and small ones (per message).
 */
export function deflateConclusion(rows: DeflateRow[], relay: RelayForwardingCost): string {
  const find = (payload: string, mode: DeflateRow['mode'], level: number): DeflateRow | undefined =>
    rows.find((r) => r.payload.startsWith(payload) && r.mode === mode && r.level === level);
  const snap1 = find('FullSnapshot', 'no context takeover', 1);
  const snap6 = find('FullSnapshot', 'no context takeover', 6);
  const ev1 = find('incremental', 'context takeover', 1);
  const evReset1 = find('incremental', 'no context takeover', 1);
  if (!snap1 || !snap6 || !ev1 || !evReset1) return 'incomplete measurements: no conclusion';
  const pct = (ratio: number): string => `${Math.round((1 - ratio) * 100)}%`;
  const large = snap1.nsPerByte / relay.nsPerByteLarge;
  const small = ev1.usPerMessage / relay.usPerSmallFrame;
  const head =
    `Level 1 saves ${pct(snap1.ratio)} of snapshot bytes and ${pct(ev1.ratio)} of event bytes (${pct(evReset1.ratio)} without context takeover); ` +
    `level 6 adds ${Math.round((snap1.ratio - snap6.ratio) * 100)} points for ${(snap6.nsPerByte / snap1.nsPerByte).toFixed(1)}× the CPU. ` +
    `Deflating each viewer's copy at level 1 would cost ${large.toFixed(1)}× the relay's forwarding cost for large frames ` +
    `(${snap1.nsPerByte.toFixed(1)} vs ${relay.nsPerByteLarge.toFixed(1)} ns/byte) and ${small.toFixed(1)}× for small events ` +
    `(${ev1.usPerMessage.toFixed(1)} vs ${relay.usPerSmallFrame.toFixed(1)} µs/message): `;
  let verdict: string;
  if (large > 1 && small > 1) verdict = 'too dear per viewer, keep it off at the relay; if bandwidth matters, compress once per frame in the SDK instead.';
  else if (large <= 1 && small <= 1) verdict = 'affordable, enabling it on viewer sockets is worth considering.';
  else if (large <= 1) verdict = 'worth it only for large frames (a size threshold), not for small events.';
  else verdict = 'worth it only for small events, not for large frames.';
  return head + verdict;
}
