import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { decodeFrame, FrameKind } from '../../protocol/envelope';
import { COMPRESS_FROM_BYTES, gzipPayload, isGzip, MAX_INFLATED_BYTES, recordedJsonBytes } from '../../protocol/recordedPayload';
import { createFrameQueue, MAX_WAITING_BYTES } from '../../client-sdk/src/frameQueue';

const text = (bytes: Uint8Array): string => new TextDecoder().decode(bytes);
const bigJson = (n: number): string => JSON.stringify({ type: 2, data: { node: 'x'.repeat(n) } });

describe('recorded payloads', () => {
  it('round-trips a compressed payload, much smaller than the JSON', async () => {
    const json = new TextEncoder().encode(bigJson(200_000));
    const packed = await gzipPayload(json);
    expect(isGzip(packed)).toBe(true);
    expect(packed.byteLength).toBeLessThan(json.byteLength / 50);
    expect(text(await recordedJsonBytes(packed))).toBe(text(json));
  });

  it('passes plain JSON through untouched', async () => {
    const json = new TextEncoder().encode('{"type":3}');
    expect(isGzip(json)).toBe(false);
    expect(await recordedJsonBytes(json)).toBe(json);
  });

  it('refuses corrupt gzip and a decompression bomb', async () => {
    await expect(recordedJsonBytes(new Uint8Array([0x1f, 0x8b, 8, 0, 1, 2, 3]))).rejects.toThrow();
    const bomb = gzipSync(Buffer.alloc(MAX_INFLATED_BYTES + 1024));
    expect(bomb.byteLength).toBeLessThan(200_000);
    await expect(recordedJsonBytes(bomb)).rejects.toThrow(/inflated payload over/);
  });
});

describe('frame queue', () => {
  it('compresses big payloads, keeps small ones plain, and delivers in the order pushed', async () => {
    const sent: Uint8Array[] = [];
    const queue = createFrameQueue((frame) => (sent.push(frame), true), () => {});
    const big = bigJson(COMPRESS_FROM_BYTES * 4);
    queue.push({ kind: FrameKind.checkpoint, stream: 1, seq: 0 }, '{"type":4}');
    queue.push({ kind: FrameKind.event, stream: 1, seq: 1 }, big);
    queue.push({ kind: FrameKind.event, stream: 1, seq: 2 }, '{"type":3}');
    queue.push({ kind: FrameKind.event, stream: 1, seq: 3 }, big);
    // The first, small frame went out at once; the rest wait for the compression before them.
    expect(sent).toHaveLength(1);
    await expect.poll(() => sent.length).toBe(4);
    const frames = sent.map((bytes) => {
      const decoded = decodeFrame(bytes);
      if (!decoded.ok) throw new Error(decoded.error);
      return decoded.frame;
    });
    expect(frames.map((f) => f.seq)).toEqual([0, 1, 2, 3]);
    expect(frames.map((f) => isGzip(f.payload))).toEqual([false, true, false, true]);
    expect(text(await recordedJsonBytes(frames[3]!.payload))).toBe(big);
  });

  it('drops what is still waiting when cleared (sharing stopped), and reports refused sends', async () => {
    const sent: Uint8Array[] = [];
    let refused = 0;
    const queue = createFrameQueue((frame) => (sent.push(frame), false), () => (refused += 1));
    queue.push({ kind: FrameKind.event, stream: 1, seq: 0 }, bigJson(COMPRESS_FROM_BYTES * 4));
    queue.push({ kind: FrameKind.event, stream: 1, seq: 1 }, '{"type":3}');
    queue.clear();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(sent).toEqual([]);
    queue.push({ kind: FrameKind.event, stream: 1, seq: 2 }, '{"type":3}');
    expect(sent).toHaveLength(1);
    expect(refused).toBe(1);
  });

  it('drops what waits and asks for a resync once more than its bound is waiting, then starts afresh', async () => {
    const sent: Uint8Array[] = [];
    let dropped = 0;
    const queue = createFrameQueue((frame) => (sent.push(frame), true), () => (dropped += 1));
    const half = bigJson(MAX_WAITING_BYTES / 2 + 1024);
    queue.push({ kind: FrameKind.event, stream: 1, seq: 0 }, half);
    queue.push({ kind: FrameKind.event, stream: 1, seq: 1 }, half);
    expect(dropped).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(sent).toEqual([]);
    queue.push({ kind: FrameKind.checkpoint, stream: 1, seq: 2 }, '{"type":4}');
    expect(sent).toHaveLength(1);
  });
});
