/**
 * A shop's privacy controls, seen from the agent's side: Lookalong.init({ privacy }) masks
 * and blocks extra elements, data-lookalong-unmask opts one field back in, strict masks all
 * text, a bad selector is reported without breaking anything; and the agent's End session.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { withServerAndBrowser } from '../helpers/browserTest';

describe('shop privacy controls', () => {
  const ctx = withServerAndBrowser();

  /** Opens checkout with one item, applies `prepare` in the page, shares it with an agent console. */
  async function shareCheckout(prepare: () => void): Promise<{ shopper: Page; agent: Page; errors: string[] }> {
    const shopper = await (await ctx.browser.newContext()).newPage();
    const errors: string[] = [];
    shopper.on('console', (message) => message.type() === 'error' && errors.push(message.text()));
    await shopper.goto(`${ctx.server.url}/demo/`);
    await shopper.locator('.add-to-cart').first().click();
    await shopper.goto(`${ctx.server.url}/demo/checkout.html`);
    await shopper.waitForFunction(() => typeof window.Lookalong?.init === 'function');
    await shopper.evaluate(prepare);
    const { code } = await shopper.evaluate(() => window.Lookalong!.requestHelp());
    const agent = await (await ctx.browser.newContext()).newPage();
    await agent.goto(`${ctx.server.url}/agent/?code=${code}#token=${ctx.server.token()}`);
    await shopper.getByRole('alertdialog').getByRole('button', { name: 'Allow' }).click();
    await agent.frameLocator('#replay-root iframe').locator('#place-order').waitFor({ timeout: 10_000 });
    return { shopper, agent, errors };
  }

  it('masks and blocks what init() names, shows an unmasked field, and reports a bad selector', async () => {
    const { shopper, agent, errors } = await shareCheckout(() => {
      window.Lookalong!.init({ privacy: { maskTextSelector: '#cart-heading', blockSelector: '.cart-total' } });
      window.Lookalong!.init({ privacy: { maskTextSelector: '[[not a selector' } });
      document.querySelector('#notes')!.setAttribute('data-lookalong-unmask', '');
    });
    expect(errors.some((e) => e.includes('privacy.maskTextSelector must be a valid CSS selector'))).toBe(true);
    const replay = agent.frameLocator('#replay-root iframe');
    expect(await replay.locator('#cart-heading').textContent()).toBe('****' + ' ' + '****');
    const blocked = replay.locator('[data-lookalong-masked="block"].cart-total');
    expect(await blocked.count()).toBe(1);
    expect(await blocked.textContent()).toBe('');
    const hatch = await blocked.evaluate((e) => getComputedStyle(e).backgroundImage);
    expect(hatch).toContain('repeating-linear-gradient');

    await shopper.fill('#notes', 'Leave it with the neighbour');
    await shopper.fill('#name', 'Ada Lovelace');
    await expect.poll(() => replay.locator('#notes').inputValue(), { timeout: 5000 }).toBe('Leave it with the neighbour');
    await expect.poll(() => replay.locator('#name').inputValue()).toBe('************');

    // The agent ends the session: the shopper's sharing stops and the indicator goes away.
    await agent.getByRole('button', { name: 'End session' }).click();
    await expect.poll(() => agent.locator('#status').textContent(), { timeout: 5000 }).toBe('You ended the session');
    await expect.poll(() => shopper.getByRole('button', { name: 'Stop sharing' }).count(), { timeout: 5000 }).toBe(0);
    expect(await shopper.locator('[data-lookalong-ui] [role=status]').first().textContent()).toBe('Sharing stopped.');
  });

  it('masks all text in strict mode', async () => {
    const { agent } = await shareCheckout(() => window.Lookalong!.init({ privacy: { strict: true } }));
    const replay = agent.frameLocator('#replay-root iframe');
    const text = (await replay.locator('body').textContent()) ?? '';
    expect(text).not.toContain('Delivery details');
    expect(text).not.toContain('Place order');
    expect(text).toMatch(/\*{5,}/);
  });
});
