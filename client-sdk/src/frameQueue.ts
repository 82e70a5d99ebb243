/**
 * Sends recorded frames in order. Big payloads (the first snapshot, most mutations) are
 * gzip-compressed first with the browser's CompressionStream, which is asynchronous, so every
 * frame after one waits for it; while nothing waits, a small frame goes out at once. What waits
 * is bounded: past the bound it is dropped and the recorder resyncs (invariant 6).
 */
import { encodeFrame, type FrameHeader } from '../../protocol/envelope';
import { createOrderedSteps } from '../../protocol/orderedSteps';
import { canCompress, COMPRESS_FROM_BYTES, gzipPayload } from '../../protocol/recordedPayload';

/** Most uncompressed bytes waiting to be sent. */
export const MAX_WAITING_BYTES = 32 * 1024 * 1024;

/** The ordered sender of one recording. */
export interface FrameQueue {
  /** Queues one event's JSON under `header`. */
  push(header: FrameHeader, json: string): void;
  /** Drops every frame not sent yet (sharing stopped). */
  clear(): void;
}

/** `send` returns false when the socket dropped the frame (too far behind); `onDropped` is called then, and when the queue overflows. */
export function createFrameQueue(send: (frame: Uint8Array) => boolean, onDropped: () => void): FrameQueue {
  const encoder = new TextEncoder();
  const steps = createOrderedSteps();
  let waitingBytes = 0;
  const clear = (): void => {
    steps.clear();
    waitingBytes = 0;
  };
  return {
    push(header, json) {
      const bytes = encoder.encode(json);
      const compress = bytes.byteLength >= COMPRESS_FROM_BYTES && canCompress();
      const waits = compress || steps.waiting > 0;
      if (waits && waitingBytes + bytes.byteLength > MAX_WAITING_BYTES) {
        // Regular frames already counted their seq: the viewers see the gap and wait for the resync.
        clear();
        return onDropped();
      }
      if (waits) waitingBytes += bytes.byteLength;
      // Compression of several payloads runs side by side; delivery follows the queue's order.
      steps.run(compress ? gzipPayload(bytes).catch(() => bytes) : bytes, (payload) => {
        if (waits) waitingBytes -= bytes.byteLength;
        if (!send(encodeFrame(header, payload))) onDropped();
      });
    },
    clear,
  };
}
