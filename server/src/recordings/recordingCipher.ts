/**
 * Recordings at rest: each chunk sealed with AES-256-GCM under its own random 96-bit IV. The
 * recording's id and the chunk's index are the additional data, so a chunk moved to another
 * place (reordered, or copied from another recording) fails to open just like an edited one.
 * Layout of a sealed chunk: iv (12 bytes) · tag (16 bytes) · ciphertext.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

const IV_BYTES = 12;
const TAG_BYTES = 16;

/** Raised when a sealed chunk fails authentication (edited, moved, wrong key) or is too short. */
export class ChunkSealBroken extends Error {
  constructor(readonly index: number) {
    super(`chunk ${index} fails its integrity check (edited, moved or sealed under another key)`);
    this.name = 'ChunkSealBroken';
  }
}

function additionalData(recording: string, index: number): Buffer {
  return Buffer.from(`lookalong-recording:${recording}:${index}`);
}

/** Encrypts chunk `index` of `recording`. */
export function sealChunk(key: Buffer, recording: string, index: number, plain: Buffer): Buffer {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(additionalData(recording, index));
  const body = Buffer.concat([cipher.update(plain), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]);
}

/** Decrypts chunk `index` of `recording`, or throws ChunkSealBroken. */
export function openChunk(key: Buffer, recording: string, index: number, sealed: Buffer): Buffer {
  if (sealed.length < IV_BYTES + TAG_BYTES) throw new ChunkSealBroken(index);
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, IV_BYTES));
    decipher.setAAD(additionalData(recording, index));
    decipher.setAuthTag(sealed.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
    return Buffer.concat([decipher.update(sealed.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]);
  } catch {
    throw new ChunkSealBroken(index);
  }
}

/** SHA-256 (hex) of a sealed chunk: what the audit chain records, checkable without the key. */
export function chunkDigest(sealed: Buffer): string {
  return createHash('sha256').update(sealed).digest('hex');
}
