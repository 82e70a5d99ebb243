/**
 * Consent cannot be forged and can be refused: page script clicking Allow does nothing,
 * Esc denies, the agent is told politely. Also covers the console's sign-in box, join by
 * typed code, and the Simplified Chinese dialog.
 */
import { describe, expect, it } from 'vitest';
import { withServerAndBrowser } from '../helpers/browserTest';

describe('consent refused', () => {
  const ctx = withServerAndBrowser();

  it('ignores synthetic clicks on Allow, denies on Esc, and tells the agent', async () => {
    const shopper = await (await ctx.browser.newContext({ locale: 'zh-CN' })).newPage();
    const requests: string[] = [];
    shopper.on('request', (request) => requests.push(request.url()));
    await shopper.goto(`${ctx.server.url}/demo/returns.html`);
    await shopper.waitForFunction(() => typeof window.Lookalong?.requestHelp === 'function');
    const states: string[] = [];
    await shopper.exposeFunction('recordState', (state: string) => states.push(state));
    const { code, announced } = await shopper.evaluate(async () => {
      let announced = '';
      window.Lookalong!.on('state', (state) => (window as unknown as { recordState(s: string): void }).recordState(state));
      window.Lookalong!.on('code', (c) => (announced = c));
      const result = await window.Lookalong!.requestHelp();
      return { code: result.code, announced };
    });
    expect(announced).toBe(code);
    expect(states).toEqual(['waiting']);
    await expect.poll(() => shopper.locator('[data-lookalong-ui] .code').textContent()).toBe(`${code.slice(0, 3)} ${code.slice(3)}`);

    // The agent signs in through the sign-in box and types the code.
    const agent = await (await ctx.browser.newContext()).newPage();
    await agent.goto(`${ctx.server.url}/agent/`);
    await agent.getByLabel('Agent token').fill(ctx.server.token({ sub: 'agent-li', name: 'Li Wei', org: '客服' }));
    await agent.getByRole('button', { name: 'Sign in' }).click();
    await agent.getByLabel('Session code').fill(`${code.slice(0, 3)} ${code.slice(3)}`);
    await agent.getByRole('button', { name: 'Join' }).click();
    expect(new URL(agent.url()).searchParams.get('code')).toBe(code);
    await expect.poll(() => agent.locator('#status').textContent(), { timeout: 5000 }).toContain('Waiting for the shopper');

    // The dialog is in Simplified Chinese and names the agent and organisation.
    const dialog = shopper.getByRole('alertdialog');
    await expect.poll(() => dialog.textContent(), { timeout: 5000 }).toContain('Li Wei (客服) 想查看此页面');
    expect(states).toContain('consent');

    // Page script cannot grant consent: a synthetic click on Allow is ignored.
    await shopper.evaluate(() => {
      const root = document.querySelector('[data-lookalong-ui] > div')!.shadowRoot!;
      (root.querySelector('.dialog button.primary') as HTMLButtonElement).click();
    });
    await shopper.waitForTimeout(300);
    expect(await dialog.count()).toBe(1);
    expect(requests.some((url) => url.includes('sdk-recorder'))).toBe(false);

    // Esc denies; the agent is told politely and the shopper is back to waiting.
    await shopper.keyboard.press('Escape');
    await expect.poll(() => agent.locator('#status').textContent(), { timeout: 5000 }).toContain('The shopper declined');
    expect(await dialog.count()).toBe(0);
    await expect.poll(() => states.at(-1)).toBe('waiting');
    expect(requests.some((url) => url.includes('sdk-recorder'))).toBe(false);
    expect(ctx.server.counters.framesIn).toBe(0);

    // Lookalong.stop() ends the request; the agent's socket is closed by the relay.
    await shopper.evaluate(() => window.Lookalong!.stop());
    await expect.poll(() => states.at(-1)).toBe('ended');
    await expect.poll(() => ctx.server.registry.size).toBe(0);
  });
});
