/** Reads an upstream response body into memory, decoded, never past the size cap. */
import type { IncomingMessage } from 'node:http';
import { PassThrough, type Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import { AssetRefusal } from './assetRefusal';

/** Decoder of a Content-Encoding; a fresh stream per body. */
const DECODERS: ReadonlyMap<string, () => Transform> = new Map([
  ['identity', () => new PassThrough()],
  ['gzip', createGunzip],
  ['x-gzip', createGunzip],
  ['deflate', createInflate],
  ['br', createBrotliDecompress],
]);

/**
 * The body of `response`, decoded per its Content-Encoding. Refused (502) as soon as it is
 * known to exceed `maxBytes` (declared length or decoded bytes so far); `onBytes` hears the size
 * of every chunk received from upstream.
 */
export async function readUpstreamBody(response: IncomingMessage, maxBytes: number, onBytes: (bytes: number) => void): Promise<Buffer> {
  const tooLarge = (): AssetRefusal => new AssetRefusal(502, `asset larger than ${maxBytes} bytes`);
  const encoding = (response.headers['content-encoding'] ?? 'identity').trim().toLowerCase();
  const decoder = DECODERS.get(encoding);
  if (!decoder) {
    response.destroy();
    throw new AssetRefusal(502, `unsupported content encoding "${encoding.slice(0, 40)}"`);
  }
  if (encoding === 'identity' && Number(response.headers['content-length']) > maxBytes) {
    response.destroy();
    throw tooLarge();
  }
  const chunks: Buffer[] = [];
  let size = 0;
  await pipeline(
    response,
    async function* countReceived(source: AsyncIterable<Buffer>) {
      for await (const chunk of source) {
        onBytes(chunk.length);
        yield chunk;
      }
    },
    decoder(),
    async (decoded: AsyncIterable<Buffer>) => {
      for await (const chunk of decoded) {
        size += chunk.length;
        if (size > maxBytes) throw tooLarge();
        chunks.push(chunk);
      }
    },
  );
  return Buffer.concat(chunks, size);
}
