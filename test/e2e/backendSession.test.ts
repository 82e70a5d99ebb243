/**
 * A session opened by the shop's backend (`POST /api/sessions`, site secret) is picked up by the
 * real SDK with `Lookalong.requestHelp(shopperToken)`: same code, the agent's request reaches
 * the shopper's consent dialog, and nothing is shared before Allow.
 */
import { describe, expect, it } from 'vitest';
import { withServerAndBrowser } from '../helpers/browserTest';
import { connectClient } from '../helpers/relayClient';

const SITE_SECRET = 'demo-site-secret-for-the-e2e-test-0123456789';

describe('session opened by the shop backend', () => {
  const ctx = withServerAndBrowser({ LOOKALONG_SITE_SECRETS: `demo=${SITE_SECRET}` });

  it('is joined by the page with its shopperToken and asks the shopper before anything is shared', async () => {
    const created = await fetch(`${ctx.server.url}/api/sessions`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${SITE_SECRET}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ lang: 'en', title: 'Order 1042' }),
    });
    expect(created.status).toBe(201);
    const { code, shopperToken } = (await created.json()) as { code: string; shopperToken: string };

    const page = await (await ctx.browser.newContext({ locale: 'en-US' })).newPage();
    const requests: string[] = [];
    page.on('request', (request) => requests.push(request.url()));
    await page.goto(`${ctx.server.url}/demo/`);
    await page.waitForFunction(() => typeof window.Lookalong?.requestHelp === 'function');
    const joined = await page.evaluate((token) => window.Lookalong!.requestHelp(token), shopperToken);
    expect(joined.code).toBe(code);
    await expect.poll(() => page.locator('[data-lookalong-ui] .code').textContent()).toBe(`${code.slice(0, 3)} ${code.slice(3)}`);

    const agent = await connectClient(ctx.server.wsUrl('/ws/agent'), ctx.server.url);
    agent.sendJson(ctx.server.join(code));
    const dialog = page.getByRole('alertdialog');
    await expect.poll(() => dialog.textContent(), { timeout: 5000 }).toContain('Alice (Support) wants to see this page');
    expect(requests.some((url) => url.includes('sdk-recorder'))).toBe(false);
    expect(ctx.server.counters.framesIn).toBe(0);

    await dialog.getByRole('button', { name: 'Allow' }).click();
    const consent = await agent.nextJson('consent', 5000);
    expect(consent).toEqual({ t: 'consent', allow: true });
    await expect.poll(() => ctx.server.counters.framesIn, { timeout: 10_000 }).toBeGreaterThan(0);
    agent.close();
  });
});
