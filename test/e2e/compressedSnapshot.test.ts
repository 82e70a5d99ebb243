/**
 * Big recorded frames travel compressed: on a real 4,000-element storefront the first snapshot
 * leaves the shopper's browser gzip-compressed (CompressionStream), the relay forwards it as
 * opaque bytes, and the agent's console inflates and replays it; events under the threshold stay plain.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeFrame } from '../../protocol/envelope';
import { COMPRESS_FROM_BYTES, isGzip } from '../../protocol/recordedPayload';
import { withServerAndBrowser } from '../helpers/browserTest';
import { CORPUS_SERVER_ENV, startFidelityCorpusServer, type FidelityCorpusServer } from '../helpers/fidelityCorpusServer';
import { recordedText } from '../helpers/recordedText';
import { openSharedSession } from '../helpers/sharedBrowserSession';

describe('compressed snapshot', () => {
  const ctx = withServerAndBrowser({ ...CORPUS_SERVER_ENV });
  let corpus: FidelityCorpusServer;

  beforeAll(async () => {
    corpus = await startFidelityCorpusServer(ctx.server.url);
  });
  afterAll(() => corpus?.close());

  it('sends the first snapshot gzip-compressed, events under the threshold plain, and the console replays it', async () => {
    const sent: Uint8Array[] = [];
    const { shopper, agent, close } = await openSharedSession({
      browser: ctx.browser,
      lookalongUrl: ctx.server.url,
      agentToken: ctx.server.token(),
      pageUrl: `${corpus.shopUrl}/storefront-4000.html`,
      shopperViewport: { width: 1024, height: 720 },
      agentViewport: { width: 1500, height: 1100 },
      // The frames as sent (compressed or not), not as the console reads them: the recording starts at Allow.
      beforeAllow: async ({ shopper }) => {
        const cdp = await shopper.context().newCDPSession(shopper);
        await cdp.send('Network.enable');
        cdp.on('Network.webSocketFrameSent', ({ response }) => response.opcode === 2 && sent.push(Buffer.from(response.payloadData, 'base64')));
      },
    });
    const lastProduct = await shopper.locator('footer').last().innerText();
    await agent.frameLocator('#replay-root iframe').getByText(lastProduct.split('\n')[0]!.trim()).first().waitFor({ timeout: 15_000 });

    const payloads = sent.map((bytes) => {
      const decoded = decodeFrame(bytes);
      if (!decoded.ok) throw new Error(decoded.error);
      return decoded.frame.payload;
    });
    const snapshot = payloads.reduce((a, b) => (b.byteLength > a.byteLength ? b : a));
    const json = recordedText(snapshot);
    expect(isGzip(snapshot)).toBe(true);
    expect(JSON.parse(json)).toMatchObject({ type: 2 });
    console.log(`first snapshot: ${json.length} bytes of JSON sent as ${snapshot.byteLength} (${(snapshot.byteLength / json.length).toFixed(3)}×)`);
    expect(snapshot.byteLength).toBeLessThan(json.length / 4);
    // Below the threshold a frame travels as it is; from it on, compressed.
    for (const payload of payloads) {
      expect(recordedText(payload).length >= COMPRESS_FROM_BYTES, `${payload.byteLength}-byte payload`).toBe(isGzip(payload));
    }
    await close();
  });
});
