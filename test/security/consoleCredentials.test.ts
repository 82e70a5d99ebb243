/**
 * Attack suite, "Identity" in the browser: the agent console (Chromium, real server) never puts
 * its JWT in a URL sent to the server and never sends it over the WebSocket — it trades the JWT
 * for a one-time ticket with `POST /api/tickets` (Authorization header) and joins with that.
 */
import { describe, expect, it } from 'vitest';
import { withServerAndBrowser } from '../helpers/browserTest';

describe('attack suite: identity in the console', () => {
  const ctx = withServerAndBrowser();

  it('the console never puts its JWT in a URL or a WebSocket frame', async () => {
    const shopper = await (await ctx.browser.newContext()).newPage();
    await shopper.goto(`${ctx.server.url}/demo/`);
    await shopper.waitForFunction(() => typeof window.Lookalong?.requestHelp === 'function');
    const { code } = await shopper.evaluate(() => window.Lookalong!.requestHelp());

    const token = ctx.server.token();
    const signature = token.split('.')[2]!;
    const agent = await (await ctx.browser.newContext()).newPage();
    const urls: string[] = [];
    const bearerRequests: string[] = [];
    const framesSent: string[] = [];
    agent.on('request', (request) => {
      urls.push(request.url());
      if (request.headers()['authorization'] === `Bearer ${token}`) bearerRequests.push(`${request.method()} ${new URL(request.url()).pathname}`);
    });
    agent.on('websocket', (ws) => {
      urls.push(ws.url());
      ws.on('framesent', ({ payload }) => framesSent.push(String(payload)));
    });

    // The queue, then the session (the token arrives in the fragment, as helpdesks pass it).
    await agent.goto(`${ctx.server.url}/agent/#token=${token}`);
    await agent.getByText(code.replace(/^(\d{3})(\d{3})$/, '$1 $2')).first().waitFor({ timeout: 10_000 });
    await agent.goto(`${ctx.server.url}/agent/?code=${code}`);
    await shopper.getByRole('alertdialog').getByRole('button', { name: 'Allow' }).click({ timeout: 10_000 });
    await agent.frameLocator('#replay-root iframe').locator('body').waitFor({ timeout: 10_000 });

    for (const url of urls) {
      // Playwright reports the navigation with its fragment; a fragment never leaves the browser.
      const sentPart = url.split('#')[0]!;
      expect(sentPart).not.toContain(signature);
    }
    expect(framesSent.length).toBeGreaterThan(0);
    for (const frame of framesSent) expect(frame).not.toContain(signature);
    const join = JSON.parse(framesSent.find((f) => f.includes('"t":"join"'))!) as Record<string, unknown>;
    expect(Object.keys(join).sort()).toEqual(['code', 't', 'ticket']);
    expect(join['ticket']).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(bearerRequests).toContain('POST /api/tickets');
    expect(bearerRequests).toContain('GET /api/sessions');
  });
});
