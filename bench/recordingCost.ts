/**
 * What keeping a recording costs the relay, with the shopper's recording switch off and on (file
 * store, AES-256-GCM, every chunk hashed into the audit chain), same relay build, same run:
 * - flood: throughput of 20 KB frames to one viewer, as fast as the viewer takes them;
 * - heavy session: 10 s at 100 frames/s of 20 KB (2 MB/s, past any real page), the relay
 *   process's CPU time per MB forwarded, and the bytes stored per byte forwarded.
 * Payloads are random (as incompressible as the SDK's already gzip-compressed frames).
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { encodeFrame, FrameKind } from '../protocol/envelope';
import { signAgentToken } from '../server/src/auth/agentToken';
import { directoryBytes } from '../test/helpers/directoryBytes';
import { readCpuMs } from './capacity/procStats';
import { admitAgent, fetchTicket, nextText, openShopper, openSocket, type ShopperSession } from './lookalongClient';
import { median, measureThroughput } from './relayMeasurements';
import { BENCH_SECRET, SECTION_RELAY_ENV, spawnLookalongRelay, type RelayProcess } from './relayProcess';
import type WebSocket from 'ws';

const FRAME_BYTES = 20 * 1024;
const FLOOD_FRAMES = 2000;
const PACED_RATE = 100;
const PACED_MS = 10_000;
const REPEATS = 3;

/** The figures of one switch position. */
export interface SwitchCost {
  floodFramesPerSecond: number;
  /** Relay CPU ms per MB forwarded in the heavy session. */
  cpuMsPerMb: number;
  /** Sealed bytes stored ÷ frame bytes forwarded in the heavy session (0 with the switch off). */
  storedPerForwarded: number;
}

/** Both positions. */
export interface RecordingCost {
  off: SwitchCost;
  on: SwitchCost;
}

/** A consented session with one viewer, its recording switch at `record`. */
async function openSession(relay: RelayProcess, record: boolean, n: number): Promise<{ shopper: ShopperSession; agent: WebSocket; frame(seq: number, payload: Buffer): Buffer; stop(): Promise<void> }> {
  const shopper = await openShopper(relay.wsBase, relay.origin);
  const agent = await openSocket(`${relay.wsBase}/ws/agent`, relay.origin);
  const recording = record ? nextText(shopper.ws, (m) => m['t'] === 'recording') : null;
  await admitAgent(agent, shopper, await fetchTicket(relay.origin, signAgentToken({ sub: `bench-${n}`, name: 'Bench' }, BENCH_SECRET)), record);
  await recording;
  return {
    shopper,
    agent,
    frame: (seq, payload) => Buffer.from(encodeFrame({ kind: seq === 0 ? FrameKind.checkpoint : FrameKind.event, stream: shopper.stream, seq }, payload)),
    stop: async () => {
      const ended = nextText(agent, (m) => m['t'] === 'ended');
      shopper.ws.send(JSON.stringify({ t: 'stop' }));
      await ended;
      shopper.ws.close();
      agent.close();
    },
  };
}

/** 10 s at PACED_RATE frames/s; returns the relay's CPU ms per MB forwarded. */
async function pacedSession(relay: RelayProcess, record: boolean): Promise<number> {
  const session = await openSession(relay, record, 99);
  const payload = randomBytes(FRAME_BYTES);
  const count = (PACED_RATE * PACED_MS) / 1000;
  let received = 0;
  session.agent.on('message', (_data: Buffer, isBinary: boolean) => void (isBinary && (received += 1)));
  const cpuBefore = readCpuMs(relay.pid);
  const start = Date.now();
  for (let seq = 0; seq < count; seq++) {
    const due = start + (seq * 1000) / PACED_RATE;
    if (due > Date.now()) await new Promise((resolve) => setTimeout(resolve, due - Date.now()));
    session.shopper.ws.send(session.frame(seq, payload));
  }
  while (received < count && Date.now() - start < PACED_MS + 10_000) await new Promise((resolve) => setTimeout(resolve, 20));
  await session.stop();
  // The last chunk is sealed and stored right after Stop.
  await new Promise((resolve) => setTimeout(resolve, 500));
  const cpuMs = readCpuMs(relay.pid) - cpuBefore;
  return cpuMs / ((count * FRAME_BYTES) / (1024 * 1024));
}

/** One switch position: flood medians, then the heavy session (measured alone in its own store). */
async function measureSwitch(record: boolean, recordingsDir: string): Promise<SwitchCost> {
  const env = { ...SECTION_RELAY_ENV.throughput, LOOKALONG_RECORDINGS: 'demo=30', LOOKALONG_RECORDING_KEY: randomBytes(32).toString('hex'), LOOKALONG_RECORDINGS_DIR: join(recordingsDir, 'flood') };
  const flood = await spawnLookalongRelay({ env });
  const rates: number[] = [];
  try {
    for (let run = 0; run < REPEATS; run++) {
      const session = await openSession(flood, record, run);
      const room = {
        send: (frame: Buffer) => session.shopper.ws.send(frame),
        sinks: [{ onFrame: (cb: (data: Buffer) => void) => session.agent.on('message', (data: Buffer, isBinary: boolean) => isBinary && cb(data)) }],
        frame: session.frame,
        close: () => undefined,
      };
      rates.push(await measureThroughput(room, FRAME_BYTES, FLOOD_FRAMES));
      await session.stop();
    }
  } finally {
    flood.stop();
  }
  const pacedDir = join(recordingsDir, 'paced');
  const paced = await spawnLookalongRelay({ env: { ...env, LOOKALONG_RECORDINGS_DIR: pacedDir } });
  try {
    const cpuMsPerMb = await pacedSession(paced, record);
    const forwarded = ((PACED_RATE * PACED_MS) / 1000) * (FRAME_BYTES + 10);
    return { floodFramesPerSecond: median(rates), cpuMsPerMb, storedPerForwarded: directoryBytes(pacedDir) / forwarded };
  } finally {
    paced.stop();
  }
}

/** Measures the relay with the recording switch off, then on. */
export async function measureRecordingCost(recordingsDir: string): Promise<RecordingCost> {
  return { off: await measureSwitch(false, join(recordingsDir, 'off')), on: await measureSwitch(true, join(recordingsDir, 'on')) };
}

/** The report's lines. */
export function recordingCostReport({ off, on }: RecordingCost): string[] {
  return [
    '## Recording cost (relay, 20 KB frames, 1 viewer)\n',
    '| recording switch | flood frames/s (median of 3) | ratio to off | heavy session: relay CPU ms per MB | ratio to off | stored bytes per byte forwarded |',
    '|---|---:|---:|---:|---:|---:|',
    `| off (baseline, same build) | ${off.floodFramesPerSecond.toFixed(0)} | 1.00 | ${off.cpuMsPerMb.toFixed(1)} | 1.00 | ${off.storedPerForwarded.toFixed(2)} |`,
    `| on (file store, AES-256-GCM, chunk hashes audited) | ${on.floodFramesPerSecond.toFixed(0)} | ${(on.floodFramesPerSecond / off.floodFramesPerSecond).toFixed(2)} | ${on.cpuMsPerMb.toFixed(1)} | ${(on.cpuMsPerMb / off.cpuMsPerMb).toFixed(2)} | ${on.storedPerForwarded.toFixed(2)} |`,
    '',
    `The heavy session sends ${PACED_RATE} frames/s of 20 KB for ${PACED_MS / 1000} s (2 MB/s, far past a real page). A flood past what the store takes (more than 32 MB waiting) stops keeping that session's recording (audited as \`recording.truncated\`), never the relay.`,
    '',
  ];
}
