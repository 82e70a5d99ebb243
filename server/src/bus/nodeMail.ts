/**
 * Messages to other nodes, by name, over the bus. What is sent within one tick is published at
 * the end of it, in order, per node; a frame fanned out to several viewers of the same node
 * (consecutive sends of the same buffer) travels once, naming all of them (busWire.ts).
 */
import {
  decodeNodeMessage,
  encodeControl,
  encodeNodeFrame,
  MAX_FRAME_TARGETS,
  type FrameTarget,
  type NodeMessage,
  type ToHomeMessage,
  type ToViewerMessage,
} from './busWire';
import type { ClusterKeys } from './clusterKeys';
import type { MessageBus } from './messageBus';

/** One message waiting for the end of the tick. */
type Outgoing = { control: Buffer } | { frame: Buffer; transientKind: number; allowanceBytes: number; targets: FrameTarget[] };

/** Sending to nodes and receiving on this node's channel. */
export class NodeMail {
  /** Per node, what this tick sends there, in order. */
  private readonly outbox = new Map<string, Outgoing[]>();
  private flushing = false;

  constructor(
    private readonly bus: MessageBus,
    private readonly keys: ClusterKeys,
  ) {}

  /** Sends a control message to `node`. */
  send(node: string, message: ToHomeMessage | ToViewerMessage): void {
    this.queueFor(node).push({ control: encodeControl(message) });
  }

  /** Sends a recorded frame to viewer `viewer` on `node`; `transientKind` 0 marks a regular frame. */
  sendFrame(node: string, viewer: string, n: number, transientKind: number, allowanceBytes: number, frame: Buffer): void {
    const queue = this.queueFor(node);
    const last = queue[queue.length - 1];
    const sameFrame = last && 'frame' in last && last.frame === frame && last.transientKind === transientKind && last.allowanceBytes === allowanceBytes;
    if (sameFrame && last.targets.length < MAX_FRAME_TARGETS) last.targets.push({ viewer, n });
    else queue.push({ frame, transientKind, allowanceBytes, targets: [{ viewer, n }] });
  }

  /** Hands every well-formed message on `node`'s channel to `onMessage`; resolves once listening. */
  listen(node: string, onMessage: (message: NodeMessage) => void): Promise<void> {
    return this.bus.subscribe(this.keys.nodeChannel(node), (data) => {
      const message = decodeNodeMessage(data);
      if (message) onMessage(message);
    });
  }

  private queueFor(node: string): Outgoing[] {
    let queue = this.outbox.get(node);
    if (!queue) this.outbox.set(node, (queue = []));
    if (!this.flushing) {
      this.flushing = true;
      process.nextTick(() => this.flush());
    }
    return queue;
  }

  private flush(): void {
    this.flushing = false;
    for (const [node, queue] of this.outbox) {
      const channel = this.keys.nodeChannel(node);
      for (const item of queue) this.bus.publish(channel, 'control' in item ? item.control : encodeNodeFrame(item.targets, item.transientKind, item.allowanceBytes, item.frame));
    }
    this.outbox.clear();
  }
}
