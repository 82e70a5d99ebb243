/**
 * What one chunk holds before it is sealed: the kept items, one after another, each
 * `kind u8 · at f64 (ms since the epoch) · length u32 · body`. A frame's body is the frame as
 * the relay forwarded it (opaque bytes, never parsed, already gzip-compressed by the SDK when
 * big); a mark's or audit event's body is its JSON. Binary, so keeping a frame costs the relay
 * no base64 and no compression; the review API turns items into protocol/recording.ts's JSON.
 */
import type { AnnotationMessage } from '../../../protocol/messages';
import type { RecordedAuditEvent, RecordingItem } from '../../../protocol/recording';

const KIND = { frame: 1, mark: 2, audit: 3 } as const;
const HEADER_BYTES = 13;

/** One kept item, as held in memory until its chunk is sealed. */
export interface KeptItem {
  kind: RecordingItem['kind'];
  at: number;
  body: Buffer;
}

/** A forwarded frame, kept as the bytes it is. */
export function keptFrame(frame: Buffer, at: number): KeptItem {
  return { kind: 'frame', at, body: frame };
}

/** A mark change as the shopper's page got it. */
export function keptMark(message: AnnotationMessage, at: number): KeptItem {
  return { kind: 'mark', at, body: Buffer.from(JSON.stringify(message)) };
}

/** One of the session's audit events. */
export function keptAuditEvent(event: RecordedAuditEvent, at: number): KeptItem {
  return { kind: 'audit', at, body: Buffer.from(JSON.stringify(event)) };
}

/** Encodes a chunk's items. */
export function encodeChunkItems(items: readonly KeptItem[]): Buffer {
  const parts: Buffer[] = [];
  for (const item of items) {
    const header = Buffer.allocUnsafe(HEADER_BYTES);
    header.writeUInt8(KIND[item.kind], 0);
    header.writeDoubleBE(item.at, 1);
    header.writeUInt32BE(item.body.length, 9);
    parts.push(header, item.body);
  }
  return Buffer.concat(parts);
}

/** Decodes a chunk's items (already authenticated by its seal) into the review API's shape; throws on a malformed chunk. */
export function decodeChunkItems(plain: Buffer): RecordingItem[] {
  const items: RecordingItem[] = [];
  for (let at = 0; at < plain.length; ) {
    if (at + HEADER_BYTES > plain.length) throw new Error('chunk ends inside an item header');
    const kind = plain.readUInt8(at);
    const time = plain.readDoubleBE(at + 1);
    const length = plain.readUInt32BE(at + 9);
    const body = plain.subarray(at + HEADER_BYTES, at + HEADER_BYTES + length);
    if (body.length !== length) throw new Error('chunk ends inside an item');
    at += HEADER_BYTES + length;
    if (kind === KIND.frame) items.push({ at: time, kind: 'frame', data: body.toString('base64') });
    else if (kind === KIND.mark) items.push({ at: time, kind: 'mark', message: JSON.parse(body.toString('utf8')) as AnnotationMessage });
    else if (kind === KIND.audit) items.push({ at: time, kind: 'audit', ...(JSON.parse(body.toString('utf8')) as RecordedAuditEvent) });
    else throw new Error(`unknown item kind ${kind}`);
  }
  return items;
}
