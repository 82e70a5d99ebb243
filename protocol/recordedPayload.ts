/**
 * How a recorded event travels inside the envelope: UTF-8 JSON, gzip-compressed by the SDK when
 * it is big (the first snapshot, large mutations), with the platform's CompressionStream. The
 * relay never looks inside (invariant 5); the console tells the two apart by gzip's magic bytes
 * (JSON starts with `{`) and inflates with DecompressionStream, bounded against bombs.
 */

/** Payloads at least this big are compressed; smaller ones travel as they are (latency, CPU). */
export const COMPRESS_FROM_BYTES = 512;
/** Largest inflated payload the console accepts. */
export const MAX_INFLATED_BYTES = 64 * 1024 * 1024;

/** True when `payload` is gzip data (magic bytes 1f 8b). */
export function isGzip(payload: Uint8Array): boolean {
  return payload.byteLength >= 2 && payload[0] === 0x1f && payload[1] === 0x8b;
}

/** True when this platform has CompressionStream (every current browser; Node 18+). */
export function canCompress(): boolean {
  return typeof CompressionStream === 'function';
}

/** Collects a byte stream into one array; rejects past `maxBytes`. */
async function collect(stream: ReadableStream<Uint8Array>, maxBytes: number): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let total = 0;
  const reader = stream.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel();
      throw new RangeError(`inflated payload over ${maxBytes} bytes`);
    }
    chunks.push(value);
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.byteLength;
  }
  return out;
}

/** Pipes `bytes` through a transform stream (no copy of the input). */
function through(bytes: Uint8Array, transform: CompressionStream | DecompressionStream, maxBytes: number): Promise<Uint8Array> {
  const source = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(bytes);
      controller.close();
    },
  });
  return collect(source.pipeThrough(transform as unknown as ReadableWritablePair<Uint8Array, Uint8Array>), maxBytes);
}

/** gzip-compresses a payload. */
export function gzipPayload(bytes: Uint8Array): Promise<Uint8Array> {
  return through(bytes, new CompressionStream('gzip'), Number.MAX_SAFE_INTEGER);
}

/** The JSON bytes of a payload: inflated when gzip (rejects on corrupt data or past MAX_INFLATED_BYTES), else as it is. */
export async function recordedJsonBytes(payload: Uint8Array): Promise<Uint8Array> {
  return isGzip(payload) ? through(payload, new DecompressionStream('gzip'), MAX_INFLATED_BYTES) : payload;
}
