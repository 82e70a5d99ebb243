/**
 * A frame lost between relay and agent (a seq gap) makes the console ask for a resync instead
 * of replaying a corrupt page; after it, the replayed page matches the shopper's DOM.
 * The loss is injected in the agent's browser: its WebSocket drops one binary message.
 */
import { describe, expect, it } from 'vitest';
import { withServerAndBrowser } from '../helpers/browserTest';

/** Runs in the console before its scripts: drops the next regular (kind 1) frame once armed. */
function installFrameDropper(): void {
  const Original = window.WebSocket;
  const state = window as unknown as { __dropNextFrame: boolean; __droppedFrames: number };
  state.__dropNextFrame = false;
  state.__droppedFrames = 0;
  class DroppingWebSocket extends Original {
    set onmessage(handler: ((event: MessageEvent) => void) | null) {
      super.onmessage = (event: MessageEvent) => {
        // Byte 1 of the envelope is the kind; pointer/scroll frames may be skipped anyway.
        if (state.__dropNextFrame && event.data instanceof ArrayBuffer && new Uint8Array(event.data)[1] === 1) {
          state.__dropNextFrame = false;
          state.__droppedFrames += 1;
          return;
        }
        handler?.(event);
      };
    }
  }
  window.WebSocket = DroppingWebSocket;
}

describe('frame loss', () => {
  const ctx = withServerAndBrowser();

  it('detects the seq gap, resyncs, and ends up showing the shopper’s DOM', async () => {
    const shopper = await (await ctx.browser.newContext()).newPage();
    await shopper.goto(`${ctx.server.url}/demo/`);
    await shopper.waitForFunction(() => typeof window.Lookalong?.requestHelp === 'function');
    const { code } = await shopper.evaluate(() => window.Lookalong!.requestHelp());

    const agentContext = await ctx.browser.newContext();
    await agentContext.addInitScript(installFrameDropper);
    const agent = await agentContext.newPage();
    const resyncs: string[] = [];
    agent.on('websocket', (ws) => ws.on('framesent', ({ payload }) => typeof payload === 'string' && payload.includes('"resync"') && resyncs.push(payload)));
    await agent.goto(`${ctx.server.url}/agent/?code=${code}#token=${ctx.server.token()}`);
    await shopper.getByRole('alertdialog').getByRole('button', { name: 'Allow' }).click();
    const replay = agent.frameLocator('#replay-root iframe');
    await replay.getByText('Linen Throw Blanket').waitFor({ timeout: 10_000 });
    await shopper.waitForTimeout(300);

    // Lose the frame that carries "add to cart"; later frames reveal the gap.
    await agent.evaluate(() => ((window as unknown as { __dropNextFrame: boolean }).__dropNextFrame = true));
    await shopper.locator('.add-to-cart').nth(2).click();
    for (let i = 0; i < 10; i++) await shopper.mouse.move(100 + i * 20, 300 + i * 10);
    await expect.poll(() => agent.evaluate(() => (window as unknown as { __droppedFrames: number }).__droppedFrames)).toBe(1);
    await expect.poll(() => resyncs.length, { timeout: 5000 }).toBeGreaterThan(0);

    // After the fresh checkpoint, the replay matches the shopper's page.
    const shopperCart = await shopper.locator('#cart-count').textContent();
    expect(shopperCart).toBe('1');
    await expect.poll(() => replay.locator('#cart-count').textContent(), { timeout: 5000 }).toBe(shopperCart);
    const shopperMain = await shopper.locator('main').innerText();
    await expect.poll(() => replay.locator('main').innerText(), { timeout: 5000 }).toBe(shopperMain);
  });
});
