/**
 * What relay nodes say to each other over the bus, and its binary-safe encoding: a 1-byte type,
 * then either a recorded frame behind a small header naming every viewer on the receiving node
 * it is for (the frame's bytes untouched, sent once per node) or a JSON control message. Each
 * node listens on one channel of its own (clusterKeys.nodeChannel).
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

/** One viewer a frame is for, with its message number. */
export interface FrameTarget {
  viewer: string;
  n: number;
}

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

/** A recorded frame for one or more viewers on the same node, as it travels. */
export interface NodeFrame {
  t: 'frames';
  targets: FrameTarget[];
  transientKind: number;
  allowanceBytes: number;
  frame: Buffer;
}

/** Anything a node receives on its channel. */
export type NodeMessage = ToHomeMessage | ToViewerMessage | NodeFrame;

const FRAME_TYPE = 1;
const CONTROL_TYPE = 2;
/** type u8 · transientKind u8 · allowance u32 · target count u8 */
const FRAME_HEADER_BYTES = 7;
/** Most viewers one encoded frame names (the count is one byte). */
export const MAX_FRAME_TARGETS = 255;

/** Encodes a frame for up to 255 viewers of one node; the frame's bytes are copied once, never parsed. */
export function encodeNodeFrame(targets: readonly FrameTarget[], transientKind: number, allowanceBytes: number, frame: Buffer): Buffer {
  const header = Buffer.allocUnsafe(FRAME_HEADER_BYTES);
  header.writeUInt8(FRAME_TYPE, 0);
  header.writeUInt8(transientKind, 1);
  header.writeUInt32BE(allowanceBytes >>> 0, 2);
  header.writeUInt8(targets.length, 6);
  const parts: Buffer[] = [header];
  for (const { viewer, n } of targets) {
    const id = Buffer.from(viewer, 'latin1');
    const entry = Buffer.allocUnsafe(5);
    entry.writeUInt8(id.length, 0);
    entry.writeUInt32BE(n >>> 0, 1);
    parts.push(entry, id);
  }
  parts.push(frame);
  return Buffer.concat(parts);
}

function decodeNodeFrame(data: Buffer): NodeFrame | null {
  if (data.length < FRAME_HEADER_BYTES) return null;
  const targets: FrameTarget[] = [];
  let at = FRAME_HEADER_BYTES;
  for (let i = 0; i < data.readUInt8(6); i++) {
    if (data.length < at + 5) return null;
    const idEnd = at + 5 + data.readUInt8(at);
    if (data.length < idEnd) return null;
    targets.push({ viewer: data.toString('latin1', at + 5, idEnd), n: data.readUInt32BE(at + 1) });
    at = idEnd;
  }
  return { t: 'frames', targets, transientKind: data.readUInt8(1), allowanceBytes: data.readUInt32BE(2), frame: data.subarray(at) };
}

/** Encodes a control message. */
export function encodeControl(message: ToHomeMessage | ToViewerMessage): Buffer {
  return Buffer.concat([Buffer.of(CONTROL_TYPE), Buffer.from(JSON.stringify(message), 'utf8')]);
}

/** Decodes what arrived on a node channel; null for anything malformed (ignored by the caller). */
export function decodeNodeMessage(data: Buffer): NodeMessage | null {
  if (data.length === 0) return null;
  if (data[0] === FRAME_TYPE) return decodeNodeFrame(data);
  if (data[0] !== CONTROL_TYPE) return null;
  try {
    const parsed: unknown = JSON.parse(data.toString('utf8', 1));
    if (typeof parsed !== 'object' || parsed === null || typeof (parsed as { t?: unknown }).t !== 'string') return null;
    return parsed as ToHomeMessage | ToViewerMessage;
  } catch {
    return null;
  }
}
