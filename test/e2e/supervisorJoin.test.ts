/**
 * A supervisor joins a live session in Chromium: the shopper consents to each watcher
 * separately, sees both named, each console names the other watcher, each agent's marks carry
 * their name and their own colour, and refusing a third agent leaves the other two watching.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { withServerAndBrowser } from '../helpers/browserTest';
import { highlightElement } from '../helpers/consoleDrawing';

const MARK = '[data-lookalong-ui] [data-mark="rect"]';

/** Label text, label background and border colour of every highlight on the shopper's page. */
function drawnHighlights(shopper: Page): Promise<{ label: string; labelColor: string; borderColor: string }[]> {
  return shopper.locator(MARK).evaluateAll((marks) =>
    marks.map((mark) => {
      const label = mark.querySelector('.mark-label')!;
      return {
        label: label.textContent ?? '',
        labelColor: getComputedStyle(label).backgroundColor,
        borderColor: getComputedStyle(mark).borderTopColor,
      };
    }),
  );
}

/** `#rrggbb` as a computed style reports it. */
function rgb(hex: string): string {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
  return `rgb(${r}, ${g}, ${b})`;
}

describe('a supervisor joins a live session', () => {
  const ctx = withServerAndBrowser();

  it('asks the shopper again, names both watchers everywhere, keeps marks apart by name and colour, and survives a refused third agent', { timeout: 60_000 }, async () => {
    const shopper = await (await ctx.browser.newContext({ viewport: { width: 1280, height: 720 } })).newPage();
    await shopper.goto(`${ctx.server.url}/demo/`);
    await shopper.waitForFunction(() => typeof window.Lookalong?.requestHelp === 'function');
    const { code } = await shopper.evaluate(() => window.Lookalong!.requestHelp());
    const dialog = shopper.getByRole('alertdialog');
    const indicator = shopper.locator('[data-lookalong-ui] .live');

    /** Opens a console for `token` on the session; returns the page once its replay shows the shop. */
    const openConsole = async (token: string): Promise<Page> => {
      const page = await (await ctx.browser.newContext({ viewport: { width: 1100, height: 800 } })).newPage();
      await page.goto(`${ctx.server.url}/agent/?code=${code}#token=${token}`);
      return page;
    };
    const allowNamed = async (label: string): Promise<void> => {
      await expect.poll(() => dialog.textContent(), { timeout: 10_000 }).toContain(`${label} wants to see this page`);
      await dialog.getByRole('button', { name: 'Allow' }).click();
      await expect.poll(() => dialog.count()).toBe(0);
    };
    const replayShown = (page: Page): Promise<void> => page.frameLocator('#replay-root iframe').getByText('Linen Throw Blanket').waitFor({ timeout: 10_000 });

    // The agent joins and the shopper allows.
    const alice = await openConsole(ctx.server.token());
    await allowNamed('Alice (Support)');
    await replayShown(alice);
    await expect.poll(() => indicator.textContent()).toBe('Sharing this page with Alice (Support)');
    await expect.poll(() => alice.locator('#other-viewers').textContent()).toBe('only you');

    // The supervisor joins the live session: a new dialog names the supervisor, not the agent.
    const sam = await openConsole(ctx.server.token({ sub: 'supervisor-sam', name: 'Sam', role: 'supervisor' }));
    await expect.poll(() => dialog.textContent(), { timeout: 10_000 }).toContain('Sam (Support) wants to see this page');
    expect(await dialog.textContent()).not.toContain('Alice');
    // While the shopper reads that dialog, the admitted agent keeps watching the page live.
    await shopper.evaluate(() => document.body.append(Object.assign(document.createElement('p'), { id: 'while-asking', textContent: 'changed while asking' })));
    await alice.frameLocator('#replay-root iframe').locator('#while-asking').waitFor({ timeout: 5000 });
    await allowNamed('Sam (Support)');
    await replayShown(sam);

    // Both watchers are named to the shopper, and each console names the other one.
    await expect.poll(() => indicator.textContent()).toBe('Sharing this page with Alice (Support), Sam (Support)');
    await expect.poll(() => alice.locator('#other-viewers').textContent(), { timeout: 5000 }).toBe('you and Sam (Support)');
    await expect.poll(() => sam.locator('#other-viewers').textContent(), { timeout: 5000 }).toBe('you and Alice (Support)');

    // Each draws a Highlight in their own default colour; the shopper sees whose mark is whose.
    const colorOf = (page: Page): Promise<string> => page.locator('input[type="color"]').inputValue();
    const [aliceColor, samColor] = await Promise.all([colorOf(alice), colorOf(sam)]);
    expect(aliceColor).not.toBe(samColor);
    await highlightElement(alice, 'h1');
    await expect.poll(() => shopper.locator(MARK).count(), { timeout: 5000 }).toBe(1);
    await highlightElement(sam, '.add-to-cart');
    await expect.poll(() => shopper.locator(MARK).count(), { timeout: 5000 }).toBe(2);
    const marks = await drawnHighlights(shopper);
    const byName = new Map(marks.map((m) => [m.label, m]));
    expect([...byName.keys()].sort()).toEqual(['Alice', 'Sam']);
    expect(byName.get('Alice')).toMatchObject({ labelColor: rgb(aliceColor), borderColor: rgb(aliceColor) });
    expect(byName.get('Sam')).toMatchObject({ labelColor: rgb(samColor), borderColor: rgb(samColor) });

    // A third agent is refused: only that console is told; the other two keep watching.
    const carol = await openConsole(ctx.server.token({ sub: 'agent-carol', name: 'Carol' }));
    await expect.poll(() => dialog.textContent(), { timeout: 10_000 }).toContain('Carol (Support) wants to see this page');
    await dialog.getByRole('button', { name: 'Deny' }).click();
    await expect.poll(() => carol.locator('#status').textContent(), { timeout: 5000 }).toContain('The shopper declined');
    expect(await indicator.textContent()).toBe('Sharing this page with Alice (Support), Sam (Support)');
    expect(await alice.locator('#other-viewers').textContent()).toBe('you and Sam (Support)');
    expect(await sam.locator('#other-viewers').textContent()).toBe('you and Alice (Support)');
    expect(await shopper.locator(MARK).count()).toBe(2);

    // The page is still streamed to both: a cart update reaches each replay.
    await shopper.locator('.add-to-cart').first().click();
    for (const page of [alice, sam]) {
      await expect.poll(() => page.frameLocator('#replay-root iframe').locator('#cart-count').textContent(), { timeout: 5000 }).toBe('1');
      expect(await page.locator('#status').textContent()).toContain('Live');
    }
  });
});
