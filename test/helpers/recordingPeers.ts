/**
 * Test stand-ins for the SDK's recorder and the console's replay, over real sockets: a shopper
 * that streams numbered frames and answers `snapshot` with a fresh checkpoint, and a viewer
 * that orders frames as the console does (FrameSequencer) and sends `resync` on a gap.
 */
import { FrameSequencer, type FrameVerdict } from '../../agent-viewer/src/frameSequencer';
import { decodeFrame, encodeFrame, FrameKind } from '../../protocol/envelope';
import type { RelayClient } from './relayClient';

/** A shopper streaming frames at a steady pace. */
export interface StreamingShopper {
  /** Next seq to send. */
  readonly seq: number;
  /** Checkpoints sent because the relay asked for a snapshot. */
  readonly snapshotsSent: number;
  /** Switches to another stream (after a resume) and starts with a checkpoint. */
  restart(stream: number): void;
  stop(): void;
}

/** Starts streaming on `client` (`stream`, from seq 0 with a checkpoint) every `everyMs`. */
export function streamFrames(client: RelayClient, stream: number, everyMs = 2): StreamingShopper {
  let seq = 0;
  let snapshots = 0;
  let current = stream;
  const send = (kind: FrameKind): void => {
    if (client.ws.readyState !== client.ws.OPEN) return;
    client.ws.send(encodeFrame({ kind, stream: current, seq }, Buffer.from(JSON.stringify({ type: kind === FrameKind.checkpoint ? 4 : 3, data: { seq } }))));
    seq += 1;
  };
  client.ws.on('message', (data, isBinary) => {
    if (isBinary) return;
    if ((JSON.parse((data as Buffer).toString()) as { t?: string }).t !== 'snapshot') return;
    snapshots += 1;
    send(FrameKind.checkpoint);
  });
  send(FrameKind.checkpoint);
  const timer = setInterval(() => send(FrameKind.event), everyMs);
  return {
    get seq() {
      return seq;
    },
    get snapshotsSent() {
      return snapshots;
    },
    restart(next) {
      current = next;
      seq = 0;
      send(FrameKind.checkpoint);
    },
    stop: () => clearInterval(timer),
  };
}

/** A viewer replaying in order. */
export interface OrderedViewer {
  /** Every verdict, in arrival order, with the frame's seq. */
  readonly verdicts: Array<{ verdict: FrameVerdict; seq: number; stream: number }>;
  /** Resyncs sent after a gap. */
  readonly resyncs: number;
}

/** Orders the frames `client` receives and asks for a resync on every gap. */
export function replayInOrder(client: RelayClient): OrderedViewer {
  const sequencer = new FrameSequencer();
  const verdicts: OrderedViewer['verdicts'] = [];
  let resyncs = 0;
  client.ws.on('message', (data, isBinary) => {
    if (!isBinary) return;
    const decoded = decodeFrame(data as Buffer);
    if (!decoded.ok) return;
    const verdict = sequencer.accept(decoded.frame);
    verdicts.push({ verdict, seq: decoded.frame.seq, stream: decoded.frame.stream });
    if (verdict === 'gap') {
      resyncs += 1;
      client.sendJson({ t: 'resync' });
    }
  });
  return {
    verdicts,
    get resyncs() {
      return resyncs;
    },
  };
}
