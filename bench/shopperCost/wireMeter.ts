/**
 * Counts what a page sends over its WebSockets, from CDP's Network.webSocketFrameSent (message
 * payloads as the application sent them; neither relay nor sink negotiates compression, so
 * that is what crosses the wire, less the 2–14 bytes of WebSocket framing per message).
 */
import type { CDPSession } from 'playwright-core';
import { carriesFullSnapshot } from './snapshotFrame';

/** The first FullSnapshot frame the page sent. */
export interface SnapshotSent {
  /** Its payload bytes. */
  bytes: number;
  /** Bytes the page sent from the meter's start up to and including it (the Meta event before it, …). */
  bytesUpTo: number;
}

/** Running totals of the frames a page sent. */
export interface WireMeter {
  /** Payload bytes sent since the meter started. */
  sentBytes(): number;
  /** The first FullSnapshot frame sent after the meter started. */
  firstSnapshot: Promise<SnapshotSent>;
}

interface FrameSent {
  response: { opcode: number; payloadData: string };
}

/** Starts counting the frames sent by the page behind `cdp` (enables its Network domain). */
export async function meterSentFrames(cdp: CDPSession): Promise<WireMeter> {
  let sent = 0;
  let found: (snapshot: SnapshotSent) => void = () => undefined;
  let seen = false;
  const firstSnapshot = new Promise<SnapshotSent>((resolve) => (found = resolve));
  cdp.on('Network.webSocketFrameSent', ({ response }: FrameSent) => {
    const binary = response.opcode === 2;
    const payload = binary ? Buffer.from(response.payloadData, 'base64') : Buffer.from(response.payloadData, 'utf8');
    sent += payload.byteLength;
    if (!seen && carriesFullSnapshot(payload, binary)) {
      seen = true;
      found({ bytes: payload.byteLength, bytesUpTo: sent });
    }
  });
  await cdp.send('Network.enable');
  return { sentBytes: () => sent, firstSnapshot };
}
