/** Messages to one node, by name, over the bus: control messages and recorded frames (busWire.ts). */
import { decodeNodeMessage, encodeControl, encodeViewerFrame, type NodeMessage, type ToHomeMessage, type ToViewerMessage } from './busWire';
import type { ClusterKeys } from './clusterKeys';
import type { MessageBus } from './messageBus';

/** Sending to nodes and receiving on this node's channel. */
export class NodeMail {
  constructor(
    private readonly bus: MessageBus,
    private readonly keys: ClusterKeys,
  ) {}

  /** Sends a control message to `node`. */
  send(node: string, message: ToHomeMessage | ToViewerMessage): void {
    this.bus.publish(this.keys.nodeChannel(node), encodeControl(message));
  }

  /** Sends a recorded frame to viewer `viewer` on `node`; `transientKind` 0 marks a regular frame. */
  sendFrame(node: string, viewer: string, n: number, transientKind: number, allowanceBytes: number, frame: Buffer): void {
    this.bus.publish(this.keys.nodeChannel(node), encodeViewerFrame(viewer, n, transientKind, allowanceBytes, frame));
  }

  /** Hands every well-formed message on `node`'s channel to `onMessage`; resolves once listening. */
  listen(node: string, onMessage: (message: NodeMessage) => void): Promise<void> {
    return this.bus.subscribe(this.keys.nodeChannel(node), (data) => {
      const message = decodeNodeMessage(data);
      if (message) onMessage(message);
    });
  }
}
