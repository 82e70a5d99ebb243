import { describe, expect, it } from 'vitest';
import {
  decodeFrame,
  encodeFrame,
  ENVELOPE_HEADER_BYTES,
  ENVELOPE_VERSION,
  FrameKind,
  isTransientKind,
  type DecodedFrame,
} from '../../protocol/envelope';

const utf8 = new TextEncoder();

function decodeOk(bytes: Uint8Array): DecodedFrame {
  const result = decodeFrame(bytes);
  if (!result.ok) throw new Error(`expected ok, got error: ${result.error}`);
  return result.frame;
}

function decodeError(bytes: Uint8Array): string {
  const result = decodeFrame(bytes);
  if (result.ok) throw new Error('expected decode to fail');
  return result.error;
}

/** A valid 10-byte header built by hand, so decode tests do not depend on encodeFrame. */
function rawHeader(version: number, kind: number, stream: number, seq: number): Uint8Array {
  const bytes = new Uint8Array(ENVELOPE_HEADER_BYTES);
  const view = new DataView(bytes.buffer);
  view.setUint8(0, version);
  view.setUint8(1, kind);
  view.setUint32(2, stream);
  view.setUint32(6, seq);
  return bytes;
}

describe('encodeFrame', () => {
  it('writes the header big endian: version u8, kind u8, stream u32, seq u32, then payload', () => {
    const out = encodeFrame({ kind: FrameKind.checkpoint, stream: 0x01020304, seq: 0x0a0b0c0d }, new Uint8Array([0xaa, 0xbb]));
    expect(Array.from(out)).toEqual([ENVELOPE_VERSION, 2, 0x01, 0x02, 0x03, 0x04, 0x0a, 0x0b, 0x0c, 0x0d, 0xaa, 0xbb]);
  });

  it('produces header-only output for an empty payload', () => {
    const out = encodeFrame({ kind: FrameKind.event, stream: 1, seq: 0 }, new Uint8Array(0));
    expect(out.byteLength).toBe(ENVELOPE_HEADER_BYTES);
    expect(out[0]).toBe(ENVELOPE_VERSION);
    expect(out[1]).toBe(FrameKind.event);
  });

  it('accepts the u32 extremes 0 and 0xffffffff', () => {
    const out = encodeFrame({ kind: FrameKind.event, stream: 0xffffffff, seq: 0 }, new Uint8Array(0));
    expect(Array.from(out.subarray(2, 10))).toEqual([0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0]);
  });

  it.each([
    ['negative stream', { stream: -1, seq: 0 }],
    ['stream above u32', { stream: 0x1_0000_0000, seq: 0 }],
    ['fractional stream', { stream: 1.5, seq: 0 }],
    ['NaN stream', { stream: Number.NaN, seq: 0 }],
    ['negative seq', { stream: 1, seq: -1 }],
    ['seq above u32', { stream: 1, seq: 2 ** 32 }],
    ['fractional seq', { stream: 1, seq: 0.1 }],
    ['Infinity seq', { stream: 1, seq: Number.POSITIVE_INFINITY }],
  ])('throws RangeError for %s', (_label, fields) => {
    expect(() => encodeFrame({ kind: FrameKind.event, ...fields }, new Uint8Array(0))).toThrow(RangeError);
  });
});

describe('decodeFrame', () => {
  it('round-trips header and payload through encodeFrame', () => {
    const payload = utf8.encode(JSON.stringify({ type: 2, data: { node: 'héllo ✓' } }));
    const frame = decodeOk(encodeFrame({ kind: FrameKind.checkpoint, stream: 7, seq: 4_000_000_000 }, payload));
    expect(frame.kind).toBe(FrameKind.checkpoint);
    expect(frame.stream).toBe(7);
    expect(frame.seq).toBe(4_000_000_000);
    expect(Array.from(frame.payload)).toEqual(Array.from(payload));
  });

  it('round-trips an event frame with an empty payload', () => {
    const frame = decodeOk(encodeFrame({ kind: FrameKind.event, stream: 1, seq: 0 }, new Uint8Array(0)));
    expect(frame).toMatchObject({ kind: FrameKind.event, stream: 1, seq: 0 });
    expect(frame.payload.byteLength).toBe(0);
  });

  it('rejects input shorter than the header, including empty input', () => {
    expect(decodeError(new Uint8Array(0))).toBe('frame shorter than envelope header');
    expect(decodeError(rawHeader(1, 1, 1, 0).subarray(0, ENVELOPE_HEADER_BYTES - 1))).toBe('frame shorter than envelope header');
  });

  it('accepts exactly a header with no payload', () => {
    expect(decodeFrame(rawHeader(1, 1, 1, 0)).ok).toBe(true);
  });

  it.each([0, 2, 255])('rejects envelope version %i', (version) => {
    expect(decodeError(rawHeader(version, 1, 1, 0))).toBe(`unsupported envelope version ${version}`);
  });

  it.each([0, 5, 255])('rejects unknown frame kind %i', (kind) => {
    expect(decodeError(rawHeader(1, kind, 1, 0))).toBe(`unknown frame kind ${kind}`);
  });

  it('rejects stream 0 (streams are 1-based)', () => {
    expect(decodeError(rawHeader(1, FrameKind.event, 0, 0))).toBe('stream must be at least 1');
  });

  it('reads u32 values above 2^31 as positive numbers', () => {
    const frame = decodeOk(rawHeader(1, 1, 0xffffffff, 0x80000000));
    expect(frame.stream).toBe(0xffffffff);
    expect(frame.seq).toBe(0x80000000);
  });

  it('returns the payload as a view on the input bytes, not a copy', () => {
    const bytes = encodeFrame({ kind: FrameKind.event, stream: 1, seq: 0 }, new Uint8Array([1, 2, 3]));
    const frame = decodeOk(bytes);
    expect(frame.payload.buffer).toBe(bytes.buffer);
    expect(frame.payload.byteOffset).toBe(bytes.byteOffset + ENVELOPE_HEADER_BYTES);
    bytes[ENVELOPE_HEADER_BYTES] = 99;
    expect(frame.payload[0]).toBe(99);
  });

  it('reads the header at the byteOffset of a Buffer that shares a larger ArrayBuffer', () => {
    const encoded = encodeFrame({ kind: FrameKind.checkpoint, stream: 42, seq: 9 }, utf8.encode('{"a":1}'));
    // Junk before and after the frame inside one shared backing store.
    const backing = new Uint8Array(5 + encoded.byteLength + 3).fill(0xee);
    backing.set(encoded, 5);
    const buf = Buffer.from(backing.buffer, 5, encoded.byteLength);
    expect(buf.byteOffset).toBe(5);

    const frame = decodeOk(buf);
    expect(frame).toMatchObject({ kind: FrameKind.checkpoint, stream: 42, seq: 9 });
    expect(new TextDecoder().decode(frame.payload)).toBe('{"a":1}');
    expect(frame.payload.byteOffset).toBe(5 + ENVELOPE_HEADER_BYTES);
    expect(frame.payload.byteLength).toBe(7);
  });

  it('reads a Buffer slice from Node\'s shared pool (non-zero byteOffset) correctly', () => {
    const encoded = encodeFrame({ kind: FrameKind.event, stream: 3, seq: 11 }, utf8.encode('xyz'));
    const pooled = Buffer.from(encoded); // small Buffers come from the shared pool
    const frame = decodeOk(pooled);
    expect(frame).toMatchObject({ kind: FrameKind.event, stream: 3, seq: 11 });
    expect(Buffer.from(frame.payload).toString('utf8')).toBe('xyz');
  });

  it('does not read header bytes from before the view\'s byteOffset', () => {
    // A valid-looking header sits at offset 0 of the backing buffer; the view starts later on a short frame.
    const backing = new Uint8Array(20);
    backing.set(rawHeader(1, 1, 1, 0), 0);
    const view = backing.subarray(12); // 8 bytes: too short
    expect(decodeError(view)).toBe('frame shorter than envelope header');
  });
});

describe('transient kinds', () => {
  it('accepts pointer and page-scroll frames and marks only them as transient', () => {
    for (const kind of [FrameKind.pointer, FrameKind.pageScroll]) {
      const decoded = decodeFrame(encodeFrame({ kind, stream: 1, seq: 7 }, new Uint8Array([1])));
      expect(decoded.ok && decoded.frame.kind).toBe(kind);
      expect(isTransientKind(kind)).toBe(true);
    }
    expect(isTransientKind(FrameKind.event)).toBe(false);
    expect(isTransientKind(FrameKind.checkpoint)).toBe(false);
  });
});
