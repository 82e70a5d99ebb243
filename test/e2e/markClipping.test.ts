/**
 * A note the agent writes across the edge of a product card (`overflow: hidden` for its rounded
 * corners, nothing to scroll) reaches the shopper whole: only containers that can scroll the
 * anchor out of view clip a mark (nested scrolling is covered in annotationAnchoring.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { withServerAndBrowser } from '../helpers/browserTest';
import { pickTool, replayBox } from '../helpers/consoleDrawing';

const NOTE = 'Click here to add it to your cart';

describe('marks near a rounded card', () => {
  const ctx = withServerAndBrowser();

  it('shows a note that starts inside a card and runs past its edge unclipped', async () => {
    const shopper = await (await ctx.browser.newContext({ viewport: { width: 1280, height: 720 } })).newPage();
    await shopper.goto(`${ctx.server.url}/demo/`);
    await shopper.waitForFunction(() => typeof window.Lookalong?.requestHelp === 'function');
    const { code } = await shopper.evaluate(() => window.Lookalong!.requestHelp());
    const agent = await (await ctx.browser.newContext({ viewport: { width: 1100, height: 800 } })).newPage();
    await agent.goto(`${ctx.server.url}/agent/?code=${code}#token=${ctx.server.token()}`);
    await shopper.getByRole('alertdialog').getByRole('button', { name: 'Allow' }).click({ timeout: 10_000 });
    await agent.frameLocator('#replay-root iframe').getByText('Linen Throw Blanket').waitFor({ timeout: 10_000 });

    // The note starts over the middle card's picture, its centre still inside the card.
    const media = await replayBox(agent, '.product:nth-child(2) .product-media');
    await pickTool(agent, 'text');
    await agent.mouse.click(media.x + media.width * 0.35, media.y + media.height * 0.5);
    await agent.locator('.lookalong-note-input').waitFor();
    await agent.keyboard.type(NOTE);
    await agent.keyboard.press('Enter');

    const note = shopper.locator('[data-lookalong-ui] [data-mark="text"]');
    await note.waitFor({ timeout: 5000 });
    const card = (await shopper.locator('.product:nth-child(2)').boundingBox())!;
    const drawn = (await note.boundingBox())!;
    expect(drawn.x).toBeLessThan(card.x + card.width);
    expect(drawn.x + drawn.width).toBeGreaterThan(card.x + card.width);
    expect(await note.evaluate((el) => [getComputedStyle(el).clipPath, getComputedStyle(el).visibility])).toEqual(['none', 'visible']);
    expect(await note.locator('.mark-note-text').textContent()).toBe(NOTE);
  });
});
