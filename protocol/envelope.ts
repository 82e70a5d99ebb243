/**
 * Binary envelope for recorded frames. The relay reads only this header and forwards the
 * payload (an rrweb event, UTF-8 JSON) as opaque bytes — invariant 5.
 *
 * Layout (big endian): version u8 · kind u8 · stream u32 · seq u32 · payload bytes.
 * The session is not repeated in every frame: a socket is bound to one session at the relay.
 */

/** Envelope format version carried in byte 0. */
export const ENVELOPE_VERSION = 1;

/** Size in bytes of the fixed envelope header. */
export const ENVELOPE_HEADER_BYTES = 10;

/** What a frame is, as far as the relay needs to know. */
export const FrameKind = {
  /** An ordinary recorded event, appended to the current checkpoint. */
  event: 1,
  /** The first event of a checkpoint (rrweb Meta, followed by a FullSnapshot): resets the cache. */
  checkpoint: 2,
  /**
   * Transient position updates that a newer one of the same kind supersedes: pointer moves
   * and page scrolls. A congested viewer may get only the latest; `seq` is the seq of the
   * last regular frame (transient frames never advance it, so skipping one is not a gap).
   */
  pointer: 3,
  pageScroll: 4,
} as const;

/** Numeric frame kind. */
export type FrameKind = (typeof FrameKind)[keyof typeof FrameKind];

/** The envelope fields of one frame. */
export interface FrameHeader {
  kind: FrameKind;
  /** Recording stream (one per page load within a session), 1-based. */
  stream: number;
  /** Sequence number within the stream, 0-based, no gaps. */
  seq: number;
}

/** A decoded frame: header plus a view on the payload bytes (not a copy). */
export interface DecodedFrame extends FrameHeader {
  payload: Uint8Array;
}

/** Result of decoding untrusted bytes. */
export type DecodeResult = { ok: true; frame: DecodedFrame } | { ok: false; error: string };

const MAX_U32 = 0xffffffff;

/** Encodes a frame header and payload into one buffer. */
export function encodeFrame(header: FrameHeader, payload: Uint8Array): Uint8Array {
  if (!isU32(header.stream) || !isU32(header.seq)) throw new RangeError('stream and seq must be u32 integers');
  const out = new Uint8Array(ENVELOPE_HEADER_BYTES + payload.byteLength);
  const view = new DataView(out.buffer);
  view.setUint8(0, ENVELOPE_VERSION);
  view.setUint8(1, header.kind);
  view.setUint32(2, header.stream);
  view.setUint32(6, header.seq);
  out.set(payload, ENVELOPE_HEADER_BYTES);
  return out;
}

/** True for frame kinds a newer frame of the same kind supersedes (pointer, page scroll). */
export function isTransientKind(kind: FrameKind): boolean {
  return kind === FrameKind.pointer || kind === FrameKind.pageScroll;
}

/** Decodes and validates the header of untrusted bytes; the payload is left unparsed. */
export function decodeFrame(bytes: Uint8Array): DecodeResult {
  if (bytes.byteLength < ENVELOPE_HEADER_BYTES) return { ok: false, error: 'frame shorter than envelope header' };
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = view.getUint8(0);
  if (version !== ENVELOPE_VERSION) return { ok: false, error: `unsupported envelope version ${version}` };
  const kind = view.getUint8(1);
  if (kind < FrameKind.event || kind > FrameKind.pageScroll) return { ok: false, error: `unknown frame kind ${kind}` };
  const stream = view.getUint32(2);
  if (stream === 0) return { ok: false, error: 'stream must be at least 1' };
  return {
    ok: true,
    frame: { kind: kind as FrameKind, stream, seq: view.getUint32(6), payload: bytes.subarray(ENVELOPE_HEADER_BYTES) },
  };
}

function isU32(n: number): boolean {
  return Number.isInteger(n) && n >= 0 && n <= MAX_U32;
}
