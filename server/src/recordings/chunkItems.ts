/**
 * What one chunk holds before it is sealed: the kept items (protocol/recording.ts), as
 * gzip-compressed JSON. Frames stay opaque: their bytes are base64-encoded, never parsed.
 */
import { gunzipSync, gzipSync } from 'node:zlib';
import type { RecordingItem } from '../../../protocol/recording';

/** Largest inflated chunk accepted when reading (bounds a corrupt or hostile chunk). */
const MAX_CHUNK_PLAIN_BYTES = 512 * 1024 * 1024;

/** Encodes a chunk's items. */
export function encodeChunkItems(items: readonly RecordingItem[]): Buffer {
  return gzipSync(JSON.stringify(items), { level: 6 });
}

/** Decodes a chunk's items (already authenticated by its seal). */
export function decodeChunkItems(plain: Buffer): RecordingItem[] {
  const parsed: unknown = JSON.parse(gunzipSync(plain, { maxOutputLength: MAX_CHUNK_PLAIN_BYTES }).toString('utf8'));
  if (!Array.isArray(parsed)) throw new Error('chunk items must be an array');
  return parsed as RecordingItem[];
}
