/**
 * The whole product in Chromium with two browser contexts: a shopper on the demo shop and an
 * agent in the console. Steps 2–7 of the foundation issue, with the wire captured.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { withServerAndBrowser } from '../helpers/browserTest';
import { intersectionOverUnion } from '../helpers/chromium';
import { highlightElement } from '../helpers/consoleDrawing';
import { binaryFrameText } from '../helpers/recordedText';

interface CapturedFrame {
  at: number;
  binary: boolean;
  text: string;
}

const SECRETS = {
  card: '4111111111111111',
  cvv: '918',
  password: 'Sup3r-Secret-pw!',
  email: 'ada.lovelace@example.org',
  name: 'Ada Lovelace',
};

function capture(page: Page, direction: 'framesent' | 'framereceived'): CapturedFrame[] {
  const frames: CapturedFrame[] = [];
  page.on('websocket', (ws) => {
    const record = ({ payload }: { payload: string | Buffer }): void => {
      const binary = typeof payload !== 'string';
      frames.push({ at: Date.now(), binary, text: binary ? binaryFrameText(Buffer.from(payload)) : payload });
    };
    if (direction === 'framesent') ws.on('framesent', record);
    else ws.on('framereceived', record);
  });
  return frames;
}

describe('foundation: one tag → consent → live view → highlight → stop', () => {
  const ctx = withServerAndBrowser();

  it('runs the full flow with masking on the wire and nothing after Stop', async () => {
    // Two browser contexts, with different viewports: the shopper's and the agent's.
    const shopper = await (await ctx.browser.newContext({ viewport: { width: 1280, height: 720 } })).newPage();
    const sent = capture(shopper, 'framesent');
    const requests: string[] = [];
    shopper.on('request', (request) => requests.push(request.url()));
    await shopper.goto(`${ctx.server.url}/demo/`);
    await shopper.waitForFunction(() => typeof window.Lookalong?.requestHelp === 'function');

    // Step 3: Get help → 6-digit code, no page data sent.
    await shopper.click('#get-help');
    const codeText = await shopper.locator('[data-lookalong-ui] .code').textContent({ timeout: 10_000 });
    const code = (codeText ?? '').replace(/\s/g, '');
    expect(code).toMatch(/^\d{6}$/);
    expect(sent.filter((f) => f.binary)).toHaveLength(0);
    expect(requests.some((url) => url.includes('sdk-recorder'))).toBe(false);

    // Step 4: the agent opens the console; the shopper gets a consent dialog naming the agent.
    const agent = await (await ctx.browser.newContext({ viewport: { width: 1100, height: 800 } })).newPage();
    const received = capture(agent, 'framereceived');
    await agent.goto(`${ctx.server.url}/agent/?code=${code}#token=${ctx.server.token()}`);
    const dialog = shopper.getByRole('alertdialog');
    await expect.poll(() => dialog.textContent(), { timeout: 10_000 }).toContain('Alice (Support) wants to see this page');
    expect(sent.filter((f) => f.binary)).toHaveLength(0);
    expect(requests.some((url) => url.includes('sdk-recorder'))).toBe(false);
    expect(new URL(agent.url()).hash).toBe('');

    // Step 5: Allow → live replay with the shop's product names.
    await dialog.getByRole('button', { name: 'Allow' }).click();
    const replay = agent.frameLocator('#replay-root iframe');
    await replay.getByText('Linen Throw Blanket').waitFor({ timeout: 10_000 });
    await replay.getByText('Brass Table Lamp').waitFor();
    await expect.poll(() => agent.locator('#status').textContent()).toContain('Live');
    const sandbox = await agent.locator('#replay-root iframe').getAttribute('sandbox');
    expect(sandbox ?? '').not.toContain('allow-scripts');

    // Typing in the account box is followed, masked.
    await shopper.fill('#account-email', SECRETS.email);
    await shopper.fill('#account-password', SECRETS.password);
    await expect.poll(() => replay.locator('#account-email').inputValue(), { timeout: 5000 }).toBe('*'.repeat(SECRETS.email.length));
    await expect.poll(() => replay.locator('#account-password').inputValue()).toBe('••••••');

    // Navigation to another demo page is followed without a new consent.
    await shopper.locator('.add-to-cart').first().click();
    await shopper.getByRole('link', { name: 'Checkout' }).first().click();
    await shopper.waitForURL(/checkout\.html/);
    await replay.locator('#place-order').waitFor({ timeout: 10_000 });
    expect(await shopper.getByRole('alertdialog').count()).toBe(0);

    await shopper.fill('#name', SECRETS.name);
    await shopper.fill('#card-number', SECRETS.card);
    await shopper.fill('#card-cvv', SECRETS.cvv);
    await expect.poll(() => replay.locator('#name').inputValue(), { timeout: 5000 }).toBe('*'.repeat(SECRETS.name.length));
    await expect.poll(() => replay.locator('#card-number').inputValue()).toBe('••••••');

    // Scrolling is followed.
    await shopper.locator('#place-order').scrollIntoViewIfNeeded();
    await shopper.waitForTimeout(300);
    const shopperScroll = await shopper.evaluate(() => window.scrollY);
    expect(shopperScroll).toBeGreaterThan(0);
    await expect
      .poll(() => agent.locator('#replay-root iframe').evaluate((f) => (f as HTMLIFrameElement).contentWindow?.scrollY ?? 0), { timeout: 5000 })
      .toBe(shopperScroll);

    // Step 6: the agent highlights "Place order"; the mark appears over the shopper's button.
    expect(await agent.getByRole('button', { name: 'Highlight' }).count()).toBe(1);
    await highlightElement(agent, '#place-order');
    const mark = shopper.locator('[data-lookalong-ui] [data-mark="rect"]');
    await mark.waitFor({ timeout: 5000 });
    const markBox = await mark.boundingBox();
    const buttonBox = await shopper.locator('#place-order').boundingBox();
    expect(intersectionOverUnion(markBox!, buttonBox!)).toBeGreaterThan(0.7);

    // The typed secrets never appear in any frame, in either direction; nor does our own UI.
    const wire = [...sent, ...received].map((f) => f.text).join('\n');
    for (const secret of Object.values(SECRETS)) {
      // A 3-digit CVV can occur inside any number (timestamps, ids): look for it as a value.
      expect(wire).not.toContain(secret.length > 4 ? secret : `"${secret}"`);
    }
    expect(wire).not.toContain('41111111');
    const recorded = [...sent, ...received].filter((f) => f.binary).map((f) => f.text).join('\n');
    for (const ownUi of ['Stop sharing', 'wants to see this page', 'What can they see', 'mark-label', 'Your help code']) {
      expect(recorded).not.toContain(ownUi);
    }

    // Step 7: Stop sharing → the agent is told, nothing more is sent.
    await shopper.getByRole('button', { name: 'Stop sharing' }).click();
    await expect.poll(() => agent.locator('#status').textContent(), { timeout: 5000 }).toBe('The shopper stopped sharing');
    const stopIndex = sent.findIndex((f) => !f.binary && f.text.includes('"t":"stop"'));
    expect(stopIndex).toBeGreaterThan(0);
    const receivedAtStop = received.filter((f) => f.binary).length;
    await shopper.fill('#notes', 'typed after stop');
    await shopper.mouse.wheel(0, 300);
    await shopper.waitForTimeout(800);
    expect(sent.slice(stopIndex).filter((f) => f.binary)).toHaveLength(0);
    expect(received.filter((f) => f.binary).length).toBe(receivedAtStop);
    expect(await mark.count()).toBe(0);
    expect(ctx.server.registry.size).toBe(0);
  });
});
