/**
 * Opens a recording's `frame` items: base64 → envelope (protocol/envelope.ts) → payload,
 * inflated when gzip (bounded, protocol/recordedPayload.ts) → JSON → an rrweb event whose
 * outer shape is checked. A frame that fails any step is skipped and counted: the relay kept
 * what the shopper's page sent, and the page trusts none of it. No DOM.
 */
import type { eventWithTime } from '@rrweb/types';
import { decodeFrame, FrameKind } from '../../../protocol/envelope';
import { recordedJsonBytes } from '../../../protocol/recordedPayload';
import type { RecordingItem } from '../../../protocol/recording';

/** One recorded event with where and when the relay kept it. */
export interface RecordedFrame {
  /** When the relay handled the frame (server clock, ms). */
  at: number;
  /** The recording stream (page load) of the envelope. */
  stream: number;
  /** True for the first frame of a checkpoint (Meta, then a FullSnapshot). */
  checkpoint: boolean;
  /** The rrweb event; its timestamp is the shopper's clock. */
  event: eventWithTime;
}

/** Frames in item order, and how many frame items could not be read. */
export interface DecodedFrames {
  frames: RecordedFrame[];
  skipped: number;
}

/** Highest rrweb EventType (Plugin = 6). */
const MAX_EVENT_TYPE = 6;

/** Base64 → bytes; throws on characters atob refuses. */
export function base64Bytes(text: string): Uint8Array {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i += 1) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** The parsed value as an rrweb event when its outer shape is one (type, finite timestamp, data object); else null. */
export function asRecordedEvent(value: unknown): eventWithTime | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  const { type, timestamp, data } = value as Record<string, unknown>;
  if (typeof type !== 'number' || !Number.isInteger(type) || type < 0 || type > MAX_EVENT_TYPE) return null;
  if (typeof timestamp !== 'number' || !Number.isFinite(timestamp) || timestamp < 0) return null;
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return null;
  return value as eventWithTime;
}

/** Decodes one frame item; null when any step fails. */
async function decodeOne(item: Extract<RecordingItem, { kind: 'frame' }>, decoder: TextDecoder): Promise<RecordedFrame | null> {
  try {
    const decoded = decodeFrame(base64Bytes(item.data));
    if (!decoded.ok) return null;
    const json = await recordedJsonBytes(decoded.frame.payload);
    const event = asRecordedEvent(JSON.parse(decoder.decode(json)));
    if (!event) return null;
    return { at: item.at, stream: decoded.frame.stream, checkpoint: decoded.frame.kind === FrameKind.checkpoint, event };
  } catch {
    return null;
  }
}

/** Decodes every frame item of a recording (other items are ignored), keeping their order. */
export async function decodeRecordedFrames(items: readonly RecordingItem[]): Promise<DecodedFrames> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const frames: RecordedFrame[] = [];
  let skipped = 0;
  // One at a time: inflating every checkpoint at once could hold many large snapshots in memory together.
  for (const item of items) {
    if (item.kind !== 'frame') continue;
    const frame = await decodeOne(item, decoder);
    if (frame) frames.push(frame);
    else skipped += 1;
  }
  return { frames, skipped };
}
