/**
 * Backpressure: a congested viewer gets every regular frame in order but only the latest
 * pointer positions (coalesced), without a gap and without slowing the other viewer.
 */
import { readFileSync } from 'node:fs';
import type { Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeFrame, FrameKind } from '../../protocol/envelope';
import { joinConsented, openLiveSession } from '../helpers/liveSession';
import { connectClient, until } from '../helpers/relayClient';
import { startTestServer, type TestServer } from '../helpers/testServer';

const REGULAR = 1000;
const POINTERS_PER_REGULAR = 2;

describe('backpressure', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer({
      LOOKALONG_SEND_BUFFER_MAX_BYTES: String(24 * 1024 * 1024),
      LOOKALONG_SHOPPER_BYTES_PER_SECOND: String(200 * 1024 * 1024),
      LOOKALONG_SHOPPER_MESSAGES_PER_SECOND: String(100_000),
    });
  });
  afterAll(() => server.close());

  it('coalesces pointer frames for a congested viewer and delivers every regular frame in order', async () => {
    const shopper = await connectClient(server.wsUrl('/ws/shopper?site=demo'), server.url);
    shopper.sendJson({ t: 'hello', lang: 'en' });
    const session = await shopper.nextJson('session');
    const stream = session['stream'] as number;
    const slow = await joinConsented(server, shopper, session['code'] as string, 'slow');
    const fast = await joinConsented(server, shopper, session['code'] as string, 'fast');
    const slowSocket = (slow.ws as unknown as { _socket: Socket })._socket;
    slowSocket.pause();

    const filler = Buffer.alloc(20 * 1024, 97);
    let pointersSent = 0;
    shopper.ws.send(encodeFrame({ kind: FrameKind.checkpoint, stream, seq: 0 }, filler));
    for (let seq = 1; seq <= REGULAR; seq++) {
      shopper.ws.send(encodeFrame({ kind: FrameKind.event, stream, seq }, filler));
      for (let p = 0; p < POINTERS_PER_REGULAR; p++) {
        pointersSent += 1;
        shopper.ws.send(encodeFrame({ kind: FrameKind.pointer, stream, seq }, Buffer.from(`{"x":${pointersSent}}`)));
      }
    }
    await until(() => fast.frames().length === 1 + REGULAR + pointersSent, 10_000);
    slowSocket.resume();
    const lastPointer = `{"x":${pointersSent}}`;
    await until(() => slow.frames().some((f) => Buffer.from(f.payload).toString() === lastPointer), 10_000);

    const regular = slow.frames().filter((f) => f.kind !== FrameKind.pointer);
    expect(regular.map((f) => f.seq)).toEqual([...Array(REGULAR + 1).keys()]);
    const pointers = slow.frames().filter((f) => f.kind === FrameKind.pointer);
    console.log(`backpressure: ${pointersSent} pointer frames sent, congested viewer got ${pointers.length}, ${server.counters.framesCoalesced} coalesced; fast viewer got all ${fast.frames().length}`);
    expect(pointers.length).toBeLessThan(pointersSent);
    expect(server.counters.framesCoalesced).toBeGreaterThan(0);
    expect(server.counters.viewersDroppedSlow).toBe(0);
    // Every pointer frame the slow viewer got applies on top of the regular frame before it.
    let lastRegular = -1;
    for (const f of slow.frames()) {
      if (f.kind === FrameKind.pointer) expect(f.seq).toBe(lastRegular);
      else lastRegular = f.seq;
    }
    shopper.close();
    slow.close();
    fast.close();
  });

  it('delivers a single frame larger than the send-buffer cap, live and to a late joiner', async () => {
    const small = await startTestServer({ LOOKALONG_SEND_BUFFER_MAX_BYTES: String(1024 * 1024) });
    try {
      const shopper = await connectClient(small.wsUrl('/ws/shopper?site=demo'), small.url);
      shopper.sendJson({ t: 'hello', lang: 'en' });
      const session = await shopper.nextJson('session');
      const code = session['code'] as string;
      const stream = session['stream'] as number;
      const first = await joinConsented(small, shopper, code, 'first');
      const big = Buffer.alloc(3 * 1024 * 1024, 98);
      shopper.ws.send(encodeFrame({ kind: FrameKind.checkpoint, stream, seq: 0 }, big));
      await until(() => first.frames().length === 1, 10_000);
      const late = await joinConsented(small, shopper, code, 'late');
      await until(() => late.frames().length === 1, 10_000);
      expect(late.frames()[0]!.payload.byteLength).toBe(big.byteLength);
      expect(small.counters.viewersDroppedSlow).toBe(0);
      for (const c of [shopper, first, late]) c.close();
    } finally {
      await small.close();
    }
  });

  it('tells the shopper and the audit log when a slow viewer is dropped', async () => {
    const tiny = await startTestServer({ LOOKALONG_SEND_BUFFER_MAX_BYTES: String(256 * 1024), LOOKALONG_SHOPPER_BYTES_PER_SECOND: String(200 * 1024 * 1024) });
    try {
      const { shopper, agent, stream } = await openLiveSession(tiny);
      expect((await shopper.nextJson('viewers'))['viewers']).toHaveLength(1);
      (agent.ws as unknown as { _socket: Socket })._socket.pause();
      const filler = Buffer.alloc(16 * 1024, 99);
      for (let seq = 0; seq < 2000 && tiny.counters.viewersDroppedSlow === 0; seq++) {
        shopper.ws.send(encodeFrame({ kind: seq === 0 ? FrameKind.checkpoint : FrameKind.event, stream, seq }, filler));
        if (seq % 50 === 0) await new Promise((r) => setTimeout(r, 5));
      }
      await until(() => tiny.counters.viewersDroppedSlow === 1, 10_000);
      expect((await shopper.nextJson('viewers'))['viewers']).toEqual([]);
      await until(() => readFileSync(tiny.auditFile, 'utf8').includes('"type":"viewer.left"'));
      expect(readFileSync(tiny.auditFile, 'utf8')).toContain('"reason":"too-slow"');
      shopper.close();
      agent.ws.terminate();
    } finally {
      await tiny.close();
    }
  });
});

