/** Reads recorded frames as the agent's console does, for tests that search them for text. */
import { gunzipSync } from 'node:zlib';
import { decodeFrame } from '../../protocol/envelope';
import { isGzip } from '../../protocol/recordedPayload';

/** The event JSON of a recorded payload (inflated when the SDK compressed it). */
export function recordedText(payload: Uint8Array): string {
  return (isGzip(payload) ? gunzipSync(payload) : Buffer.from(payload)).toString('utf8');
}

/** A binary WebSocket message as text: its event JSON (inflated) without the envelope header; a non-frame as UTF-8. */
export function binaryFrameText(bytes: Uint8Array): string {
  const decoded = decodeFrame(bytes);
  return decoded.ok ? recordedText(decoded.frame.payload) : Buffer.from(bytes).toString('utf8');
}
