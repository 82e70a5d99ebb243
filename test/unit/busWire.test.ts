/** What nodes say to each other: a frame travels byte for byte, once per node, naming its viewers; control messages as JSON; junk is ignored. */
import { describe, expect, it } from 'vitest';
import { decodeNodeMessage, encodeControl, encodeNodeFrame } from '../../server/src/bus/busWire';
import { encodeFrame, FrameKind } from '../../protocol/envelope';

describe('bus wire', () => {
  it('carries a recorded frame untouched, with its viewers and their numbers, kind and allowance', () => {
    const frame = Buffer.from(encodeFrame({ kind: FrameKind.pointer, stream: 3, seq: 41 }, Buffer.from([0, 255, 10, 13, 0])));
    const targets = [{ viewer: 'v-Abc_123', n: 2 ** 32 - 1 }, { viewer: 'other', n: 1 }];
    const decoded = decodeNodeMessage(encodeNodeFrame(targets, FrameKind.pointer, 8_388_608, frame));
    expect(decoded).toEqual({ t: 'frames', targets, transientKind: FrameKind.pointer, allowanceBytes: 8_388_608, frame });
  });

  it('carries control messages both ways', () => {
    const join = { t: 'join', viewer: 'v1', from: 'node-b', session: 's1', agent: { id: 'alice', name: 'Alice', exp: 1, role: 'agent' } } as const;
    expect(decodeNodeMessage(encodeControl(join))).toEqual(join);
    const ended = { t: 'end', viewer: 'v1', n: 7, reason: 'shopper-stopped' } as const;
    expect(decodeNodeMessage(encodeControl(ended))).toEqual(ended);
  });

  it('ignores what no node would send', () => {
    expect(decodeNodeMessage(Buffer.alloc(0))).toBeNull();
    expect(decodeNodeMessage(Buffer.from([9, 1, 2]))).toBeNull();
    expect(decodeNodeMessage(Buffer.from([1, 0, 0]))).toBeNull();
    expect(decodeNodeMessage(Buffer.concat([Buffer.from([2]), Buffer.from('{"no":"type"}')]))).toBeNull();
    expect(decodeNodeMessage(Buffer.concat([Buffer.from([2]), Buffer.from('not json')]))).toBeNull();
    const header = encodeNodeFrame([{ viewer: 'viewer-id', n: 1 }], 0, 0, Buffer.alloc(0));
    expect(decodeNodeMessage(header.subarray(0, header.length - 3))).toBeNull();
    expect(decodeNodeMessage(header.subarray(0, 9))).toBeNull();
  });
});
