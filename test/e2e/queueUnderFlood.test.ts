/**
 * The agents' queue in the console when it is capped and when a page goes away (issue 14): with
 * LOOKALONG_QUEUE_MAX=2 and three shoppers, two are listed and the console says one more is not;
 * the oldest shopper's page closes, its entry shows "page away", then leaves and the third
 * shopper takes its place.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { withServerAndBrowser } from '../helpers/browserTest';
import { connectClient, type RelayClient } from '../helpers/relayClient';

describe('the console queue under a flood', () => {
  const ctx = withServerAndBrowser({ LOOKALONG_QUEUE_MAX: '2', LOOKALONG_QUEUE_AWAY_MS: '2500' });
  const pages: RelayClient[] = [];
  afterAll(() => {
    for (const page of pages) page.close();
  });

  /** A shopper page that asked for help and stays connected; resolves with its code. */
  async function asking(): Promise<string> {
    const page = await connectClient(ctx.server.wsUrl('/ws/shopper?site=demo'), ctx.server.url);
    pages.push(page);
    page.sendJson({ t: 'hello', lang: 'en', title: `Checkout ${pages.length}` });
    return (await page.nextJson('session'))['code'] as string;
  }

  it('lists the cap, says how many are left out, marks a page away, then lets the next shopper in', async () => {
    const codes = [await asking(), await asking(), await asking()];
    const agent = await (await ctx.browser.newContext({ viewport: { width: 1200, height: 900 } })).newPage();
    await agent.goto(`${ctx.server.url}/agent/#token=${ctx.server.token()}`);
    const listed = (): Promise<Array<string | null>> => agent.locator('.queue-entry').evaluateAll((items) => items.map((item) => item.getAttribute('data-code')));
    await expect.poll(listed, { timeout: 5000 }).toEqual(codes.slice(0, 2));
    expect(await agent.locator('#queue-status').textContent()).toBe('1 more help requests are not listed: each site gets its turn, longest waiting first.');

    pages[0]!.close();
    const oldest = agent.locator(`.queue-entry[data-code="${codes[0]}"]`);
    await expect.poll(() => oldest.locator('.entry-away').textContent(), { timeout: 5000 }).toBe('page away');
    await expect.poll(listed, { timeout: 8000 }).toEqual(codes.slice(1));
    expect(await agent.locator('#queue-status').textContent()).toBe('');
  });
});
