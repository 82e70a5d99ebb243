/** Node mail: what one tick sends goes out at its end, in order per node; a frame for several viewers of one node travels once. */
import { describe, expect, it } from 'vitest';
import { decodeNodeMessage } from '../../server/src/bus/busWire';
import { clusterKeys } from '../../server/src/bus/clusterKeys';
import type { MessageBus } from '../../server/src/bus/messageBus';
import { NodeMail } from '../../server/src/bus/nodeMail';

/** A bus that records what is published. */
function recordingBus(): MessageBus & { published: Array<{ channel: string; message: Buffer }> } {
  const published: Array<{ channel: string; message: Buffer }> = [];
  return { published, dropped: 0, publish: (channel, message) => void published.push({ channel, message }), subscribe: async () => undefined };
}

describe('node mail', () => {
  it('publishes at the end of the tick, a frame once per node for all its viewers, in order with control messages', async () => {
    const bus = recordingBus();
    const mail = new NodeMail(bus, clusterKeys('t:'));
    const frame = Buffer.from('frame-1');
    mail.sendFrame('b', 'v1', 1, 0, 0, frame);
    mail.sendFrame('c', 'v2', 1, 0, 0, frame);
    mail.sendFrame('b', 'v3', 4, 0, 0, frame);
    mail.send('b', { t: 'end', viewer: 'v1', n: 2, reason: 'shopper-stopped' });
    mail.sendFrame('b', 'v3', 5, 0, 0, Buffer.from('frame-2'));
    expect(bus.published).toHaveLength(0);
    await new Promise((r) => process.nextTick(r));
    const seen = bus.published.map(({ channel, message }) => ({ channel, message: decodeNodeMessage(message) }));
    expect(seen).toEqual([
      { channel: 't:node:b', message: { t: 'frames', targets: [{ viewer: 'v1', n: 1 }, { viewer: 'v3', n: 4 }], transientKind: 0, allowanceBytes: 0, frame } },
      { channel: 't:node:b', message: { t: 'end', viewer: 'v1', n: 2, reason: 'shopper-stopped' } },
      { channel: 't:node:b', message: { t: 'frames', targets: [{ viewer: 'v3', n: 5 }], transientKind: 0, allowanceBytes: 0, frame: Buffer.from('frame-2') } },
      { channel: 't:node:c', message: { t: 'frames', targets: [{ viewer: 'v2', n: 1 }], transientKind: 0, allowanceBytes: 0, frame } },
    ]);
  });
});
