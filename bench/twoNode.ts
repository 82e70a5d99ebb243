/**
 * Two-node bench: the shopper on relay node A, its viewers on node B, the nodes sharing a
 * private redis-server, against the single-node relay in the same run. Throughput (frames/s
 * delivered to each viewer) and latency (1 KB frames at 500/s), each relay in its own process.
 */
import type WebSocket from 'ws';
import { encodeFrame, FrameKind } from '../protocol/envelope';
import { signAgentToken } from '../server/src/auth/agentToken';
import { startRedisServer } from '../test/helpers/redisServer';
import { admitAgent, fetchTicket, openShopper, openSocket } from './lookalongClient';
import { measureLatency, measureThroughput, median } from './relayMeasurements';
import { BENCH_SECRET, SECTION_RELAY_ENV, spawnLookalongRelay, type RelayProcess } from './relayProcess';
import type { RelayRoom, RelaySink } from './relayTargets';

const REPEATS = 3;

/** One case's medians, single node and two nodes. */
export interface TwoNodeRow {
  case: string;
  singleNode: number;
  twoNodes: number;
}

/** Results of the two-node section. */
export interface TwoNodeResult {
  /** Frames/s per viewer. */
  throughput: TwoNodeRow[];
  /** ms, 1 KB at 500/s, one viewer. */
  latency: { p50: TwoNodeRow; p99: TwoNodeRow };
}

/** Opens a shopper on `shopperNode` and `viewers` consented agents on `viewerNode`. */
async function openRoom(shopperNode: RelayProcess, viewerNode: RelayProcess, viewers: number): Promise<RelayRoom> {
  const shopper = await openShopper(shopperNode.wsBase, shopperNode.origin);
  const sinks: WebSocket[] = [];
  for (let i = 0; i < viewers; i++) {
    const agent = await openSocket(`${viewerNode.wsBase}/ws/agent`, viewerNode.origin);
    const token = signAgentToken({ sub: `bench-${i}`, name: `Agent ${i}` }, BENCH_SECRET);
    await admitAgent(agent, shopper, await fetchTicket(viewerNode.origin, token));
    sinks.push(agent);
  }
  const sinkOf = (ws: WebSocket): RelaySink => ({ onFrame: (cb) => ws.on('message', (data: Buffer, isBinary: boolean) => isBinary && cb(data)) });
  return {
    send: (frame) => shopper.ws.send(frame),
    sinks: sinks.map(sinkOf),
    frame: (seq, payload) => Buffer.from(encodeFrame({ kind: seq === 0 ? FrameKind.checkpoint : FrameKind.event, stream: shopper.stream, seq }, payload)),
    close: () => [shopper.ws, ...sinks].forEach((ws) => ws.close()),
  };
}

/** Runs the two-node measurements next to the single-node relay. */
export async function measureTwoNodes(): Promise<TwoNodeResult> {
  const redis = await startRedisServer();
  const cluster = (node: string): Record<string, string> => ({
    ...SECTION_RELAY_ENV.throughput,
    LOOKALONG_REDIS_URL: redis.url,
    LOOKALONG_REDIS_PREFIX: 'bench:',
    LOOKALONG_NODE_ID: node,
    LOOKALONG_LOG_LEVEL: 'warn',
  });
  const single = await spawnLookalongRelay({ env: SECTION_RELAY_ENV.throughput });
  const nodeA = await spawnLookalongRelay({ env: cluster('bench-a') });
  const nodeB = await spawnLookalongRelay({ env: cluster('bench-b') });
  const layouts = { singleNode: [single, single], twoNodes: [nodeA, nodeB] } as const;
  try {
    for (const [from, to] of Object.values(layouts)) {
      const warmup = await openRoom(from, to, 1);
      await measureThroughput(warmup, 1024, 10_000);
      warmup.close();
    }
    const cases = [
      { bytes: 1024, viewers: 1, count: 20_000 },
      { bytes: 1024, viewers: 3, count: 20_000 },
      { bytes: 20 * 1024, viewers: 1, count: 4_000 },
    ];
    const throughput: TwoNodeRow[] = [];
    for (const c of cases) {
      const runs = { singleNode: [] as number[], twoNodes: [] as number[] };
      for (let r = 0; r < REPEATS; r++) {
        for (const [name, [from, to]] of Object.entries(layouts) as Array<[keyof typeof layouts, readonly [RelayProcess, RelayProcess]]>) {
          const room = await openRoom(from, to, c.viewers);
          runs[name].push(await measureThroughput(room, c.bytes, c.count));
          room.close();
        }
      }
      throughput.push({ case: `${c.bytes / 1024} KB × ${c.viewers}`, singleNode: median(runs.singleNode), twoNodes: median(runs.twoNodes) });
    }
    const latency: Record<keyof typeof layouts, { p50: number; p99: number }> = { singleNode: { p50: 0, p99: 0 }, twoNodes: { p50: 0, p99: 0 } };
    for (const [name, [from, to]] of Object.entries(layouts) as Array<[keyof typeof layouts, readonly [RelayProcess, RelayProcess]]>) {
      const room = await openRoom(from, to, 1);
      latency[name] = await measureLatency(room, 500, 3000);
      room.close();
    }
    return {
      throughput,
      latency: {
        p50: { case: 'p50', singleNode: latency.singleNode.p50, twoNodes: latency.twoNodes.p50 },
        p99: { case: 'p99', singleNode: latency.singleNode.p99, twoNodes: latency.twoNodes.p99 },
      },
    };
  } finally {
    for (const relay of [single, nodeA, nodeB]) relay.stop();
    await redis.close();
  }
}

/** The section's report lines. */
export function twoNodeReport(result: TwoNodeResult): string[] {
  const lines = [
    '## Two nodes (shopper on node A, viewers on node B, one Redis; medians of 3)\n',
    '| measure | single node | two nodes | two / single |',
    '|---|---:|---:|---:|',
  ];
  for (const row of result.throughput) lines.push(`| throughput, ${row.case} (frames/s per viewer) | ${Math.round(row.singleNode)} | ${Math.round(row.twoNodes)} | ${(row.twoNodes / row.singleNode).toFixed(2)} |`);
  for (const row of [result.latency.p50, result.latency.p99]) lines.push(`| latency ${row.case}, 1 KB at 500/s (ms) | ${row.singleNode.toFixed(2)} | ${row.twoNodes.toFixed(2)} | ${(row.twoNodes / row.singleNode).toFixed(2)} |`);
  lines.push('\nEach frame crosses Redis pub/sub once per remote viewer (PUBLISH on node A, delivery on node B), so two nodes add one loopback hop and Redis to the path; the same relay code runs on both sides.\n');
  return lines;
}
