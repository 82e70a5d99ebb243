/**
 * Recognises the frame that carries rrweb's first FullSnapshot among the WebSocket frames a
 * shopper's page sent: plain rrweb sends each event as JSON text; our SDK sends it inside the
 * binary envelope (protocol/envelope.ts), its JSON gzip-compressed when big.
 */
import { gunzipSync } from 'node:zlib';
import { decodeFrame } from '../../protocol/envelope';

/** rrweb's serialised FullSnapshot event begins like this (`type` is its first key). */
const FULL_SNAPSHOT_START = /^\{"type":2,/;

/** True when `bytes` start with gzip's magic bytes. */
function isGzip(bytes: Uint8Array): boolean {
  return bytes.byteLength >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/** The event JSON's first characters, or '' when the bytes hold none we can read. */
function jsonStart(bytes: Uint8Array): string {
  const json = isGzip(bytes) ? gunzipSync(bytes) : bytes;
  return Buffer.from(json.buffer, json.byteOffset, Math.min(json.byteLength, 32)).toString('utf8');
}

/** True when a sent frame (its payload, and whether it was binary) carries a FullSnapshot event. */
export function carriesFullSnapshot(payload: Uint8Array, binary: boolean): boolean {
  if (!binary) return FULL_SNAPSHOT_START.test(Buffer.from(payload.buffer, payload.byteOffset, Math.min(payload.byteLength, 32)).toString('utf8'));
  const decoded = decodeFrame(payload);
  if (!decoded.ok) return false;
  try {
    return FULL_SNAPSHOT_START.test(jsonStart(decoded.frame.payload));
  } catch {
    return false;
  }
}
