/** Captures a page's WebSocket traffic through CDP, for tests that look for leaks on the wire. */
import type { Page } from 'playwright-core';
import { binaryFrameText } from './recordedText';

/** Captures every WebSocket frame of a page (both directions), as text (recorded frames inflated, as the console reads them). */
export async function captureFrames(page: Page): Promise<string[]> {
  const frames: string[] = [];
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  const record = ({ response }: { response: { opcode: number; payloadData: string } }): void => {
    frames.push(response.opcode === 2 ? binaryFrameText(Buffer.from(response.payloadData, 'base64')) : response.payloadData);
  };
  cdp.on('Network.webSocketFrameSent', record);
  cdp.on('Network.webSocketFrameReceived', record);
  return frames;
}
