/**
 * What relay nodes say to each other over the bus, and its binary-safe encoding: a 1-byte type,
 * then either a recorded frame behind a small header (the frame's bytes untouched) or a JSON
 * control message. Each node listens on one channel of its own (clusterKeys.nodeChannel).
 */
import type { EndReason } from '../../../protocol/messages';
import type { AgentIdentity } from '../auth/agentToken';
import type { SeatedAgentMessage } from '../relay/agentSeat';

/** To a session's home node: an agent on the sending node and its session. */
export type ToHomeMessage =
  /** An agent signed in on node `from` asks to watch session `session`. */
  | { t: 'join'; viewer: string; from: string; session: string; agent: AgentIdentity }
  /** A message the agent sent after its join (already validated on its node; validated again at home). */
  | { t: 'agent'; viewer: string; message: SeatedAgentMessage }
  /** The agent's socket closed, or was dropped as too slow. */
  | { t: 'leave'; viewer: string; reason: 'closed' | 'too-slow' }
  /** The agent's node saw a gap in what it got: send the state again and a fresh checkpoint. */
  | { t: 'recover'; viewer: string }
  /** End this session now (REST end on another node); `actor` is who the audit names. */
  | { t: 'end-session'; session: string; actor: string }
  /** Another node took the session over: its shopper page reconnected there (`resumed`), or it adopted the sessions of this node, taken for dead. */
  | { t: 'release'; session: string; why: 'resumed' | 'adopted' };

/** To an agent's node, for one of its agents; `n` counts messages per viewer so a loss shows. */
export type ToViewerMessage =
  | { t: 'json'; viewer: string; n: number; message: object }
  | { t: 'end'; viewer: string; n: number; reason: EndReason }
  | { t: 'close'; viewer: string; n: number; code: number; reason: string }
  /** The home node does not know this viewer (session moved or ended): find the session again. */
  | { t: 'gone'; viewer: string };

/** A recorded frame for one viewer on the agent's node. */
export interface ViewerFrame {
  t: 'frame';
  viewer: string;
  n: number;
  /** The envelope kind when the frame is transient (may be coalesced), 0 for a regular frame. */
  transientKind: number;
  /** Extra send-buffer allowance (a late joiner's checkpoint), 0 otherwise. */
  allowanceBytes: number;
  frame: Buffer;
}

/** Anything a node receives on its channel. */
export type NodeMessage = ToHomeMessage | ToViewerMessage | ViewerFrame;

const FRAME_TYPE = 1;
const CONTROL_TYPE = 2;
/** type u8 · n u32 · transientKind u8 · allowance u32 · viewer length u8 */
const FRAME_HEADER_BYTES = 11;

/** Encodes a frame for one viewer; the frame's bytes are copied once, never parsed. */
export function encodeViewerFrame(viewer: string, n: number, transientKind: number, allowanceBytes: number, frame: Buffer): Buffer {
  const id = Buffer.from(viewer, 'latin1');
  const header = Buffer.allocUnsafe(FRAME_HEADER_BYTES);
  header.writeUInt8(FRAME_TYPE, 0);
  header.writeUInt32BE(n >>> 0, 1);
  header.writeUInt8(transientKind, 5);
  header.writeUInt32BE(allowanceBytes >>> 0, 6);
  header.writeUInt8(id.length, 10);
  return Buffer.concat([header, id, frame]);
}

/** Encodes a control message. */
export function encodeControl(message: ToHomeMessage | ToViewerMessage): Buffer {
  return Buffer.concat([Buffer.of(CONTROL_TYPE), Buffer.from(JSON.stringify(message), 'utf8')]);
}

/** Decodes what arrived on a node channel; null for anything malformed (ignored by the caller). */
export function decodeNodeMessage(data: Buffer): NodeMessage | null {
  if (data.length === 0) return null;
  if (data[0] === FRAME_TYPE) {
    if (data.length < FRAME_HEADER_BYTES) return null;
    const idEnd = FRAME_HEADER_BYTES + data.readUInt8(10);
    if (data.length < idEnd) return null;
    return {
      t: 'frame',
      n: data.readUInt32BE(1),
      transientKind: data.readUInt8(5),
      allowanceBytes: data.readUInt32BE(6),
      viewer: data.toString('latin1', FRAME_HEADER_BYTES, idEnd),
      frame: data.subarray(idEnd),
    };
  }
  if (data[0] !== CONTROL_TYPE) return null;
  try {
    const parsed: unknown = JSON.parse(data.toString('utf8', 1));
    if (typeof parsed !== 'object' || parsed === null || typeof (parsed as { t?: unknown }).t !== 'string') return null;
    return parsed as ToHomeMessage | ToViewerMessage;
  } catch {
    return null;
  }
}
