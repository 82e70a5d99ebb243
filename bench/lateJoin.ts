/**
 * Late join: a viewer joins a live session whose relay already caches a large checkpoint
 * (Meta + ~2 MB FullSnapshot + small events). Measures the time from the viewer receiving
 * `consent{allow:true}` to it holding every cached frame.
 */
import type WebSocket from 'ws';
import { encodeFrame, FrameKind } from '../protocol/envelope';
import { signAgentToken } from '../server/src/auth/agentToken';
import { admitAgent, fetchTicket, openShopper, openSocket, type ShopperSession } from './lookalongClient';
import { median } from './relayMeasurements';
import { BENCH_SECRET, SECTION_RELAY_ENV, spawnLookalongRelay } from './relayProcess';
import { fullSnapshotEvent, incrementalEvents, metaEvent } from './rrwebLikePayloads';

/** Result of the late-join runs. */
export interface LateJoinResult {
  checkpointFrames: number;
  checkpointBytes: number;
  /** Consent received → last cached frame received, per run, ms. */
  runsMs: number[];
  medianMs: number;
}

const RUNS = 5;
const FRAME_TIMEOUT_MS = 30_000;

/** Counts binary frames on `ws` and resolves when `count` have arrived since the consent message. */
function timeCheckpoint(ws: WebSocket, count: number): Promise<number> {
  let consentAt = 0;
  let frames = 0;
  return new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`late join: ${frames} of ${count} frames after ${FRAME_TIMEOUT_MS} ms`)), FRAME_TIMEOUT_MS);
    ws.on('message', (data: Buffer, isBinary: boolean) => {
      if (!isBinary) {
        if (consentAt === 0 && (JSON.parse(data.toString()) as { t?: string }).t === 'consent') consentAt = performance.now();
        return;
      }
      frames += 1;
      if (frames === count) {
        clearTimeout(timer);
        resolve(performance.now() - consentAt);
      }
    });
  });
}

function checkpointFrames(shopper: ShopperSession): Buffer[] {
  const payloads = [metaEvent(), fullSnapshotEvent(2 * 1024 * 1024), ...incrementalEvents(200)];
  return payloads.map((event, seq) =>
    Buffer.from(encodeFrame({ kind: seq === 0 ? FrameKind.checkpoint : FrameKind.event, stream: shopper.stream, seq }, Buffer.from(JSON.stringify(event)))),
  );
}

/** Runs RUNS late joins against a fresh relay child and returns the median. */
export async function measureLateJoin(): Promise<LateJoinResult> {
  const relay = await spawnLookalongRelay({ env: SECTION_RELAY_ENV.lateJoin });
  const sockets: WebSocket[] = [];
  try {
    const shopper = await openShopper(relay.wsBase, relay.origin);
    sockets.push(shopper.ws);
    const ticket = (i: number): Promise<string> => fetchTicket(relay.origin, signAgentToken({ sub: `late-${i}`, name: `Late ${i}` }, BENCH_SECRET));
    // A first viewer makes the session live, so the relay accepts and caches the checkpoint.
    const first = await openSocket(`${relay.wsBase}/ws/agent`, relay.origin);
    sockets.push(first);
    const frames = checkpointFrames(shopper);
    const firstTicket = await ticket(0);
    const firstDone = timeCheckpoint(first, frames.length);
    await admitAgent(first, shopper, firstTicket);
    for (const frame of frames) shopper.ws.send(frame);
    await firstDone;

    const runsMs: number[] = [];
    for (let run = 1; run <= RUNS; run++) {
      const late = await openSocket(`${relay.wsBase}/ws/agent`, relay.origin);
      sockets.push(late);
      const lateTicket = await ticket(run);
      const timing = timeCheckpoint(late, frames.length);
      await admitAgent(late, shopper, lateTicket);
      runsMs.push(await timing);
      late.close();
    }
    return { checkpointFrames: frames.length, checkpointBytes: frames.reduce((sum, f) => sum + f.length, 0), runsMs, medianMs: median(runsMs) };
  } finally {
    sockets.forEach((ws) => ws.terminate());
    relay.stop();
  }
}
