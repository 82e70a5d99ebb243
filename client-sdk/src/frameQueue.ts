/**
 * Sends recorded frames in order. Big payloads (the first snapshot, large mutations) are
 * gzip-compressed first with the browser's CompressionStream, which is asynchronous, so every
 * frame after one waits for it; while nothing waits, a small frame goes out at once.
 */
import { encodeFrame, type FrameHeader } from '../../protocol/envelope';
import { canCompress, COMPRESS_FROM_BYTES, gzipPayload } from '../../protocol/recordedPayload';

/** The ordered sender of one recording. */
export interface FrameQueue {
  /** Queues one event's JSON under `header`. */
  push(header: FrameHeader, json: string): void;
  /** Drops every frame not sent yet (sharing stopped). */
  clear(): void;
}

/** `send` returns false when the socket dropped the frame (too far behind): `onDropped` is called. */
export function createFrameQueue(send: (frame: Uint8Array) => boolean, onDropped: () => void): FrameQueue {
  const encoder = new TextEncoder();
  let tail: Promise<void> = Promise.resolve();
  let waiting = 0;
  let generation = 0;
  const deliver = (header: FrameHeader, payload: Uint8Array): void => {
    if (!send(encodeFrame(header, payload))) onDropped();
  };
  return {
    push(header, json) {
      const bytes = encoder.encode(json);
      const compress = bytes.byteLength >= COMPRESS_FROM_BYTES && canCompress();
      if (!compress && waiting === 0) return deliver(header, bytes);
      const queuedIn = generation;
      waiting += 1;
      // Compression of several payloads runs side by side; delivery follows the queue's order.
      const payload = compress ? gzipPayload(bytes).catch(() => bytes) : Promise.resolve(bytes);
      tail = tail
        .then(() => payload)
        .then((ready) => {
          if (queuedIn === generation) {
            waiting -= 1;
            deliver(header, ready);
          }
        });
    },
    clear() {
      generation += 1;
      waiting = 0;
    },
  };
}
