/**
 * The agent console in Chromium: sign-in by `#token=`, the live queue, joining by click,
 * the session facts (URL, viewport, latency), zh-CN (also for the relay's refusals), sign-out
 * and refused tokens, the fidelity warning (a missing stylesheet, a web font that 404s), and
 * one Replayer per checkpoint across reloads.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { withServerAndBrowser } from '../helpers/browserTest';
import { startStaticShop, type StaticShop } from '../helpers/staticShop';

const TOKEN_KEY = 'lookalong:agent-token';

describe('agent console', () => {
  const ctx = withServerAndBrowser();
  let shop: StaticShop;
  beforeAll(async () => {
    shop = await startStaticShop(join(import.meta.dirname, '../fixtures/fidelity-shop'), ctx.server.url);
  });
  afterAll(() => shop?.close());

  /** A shopper page at `url` that has asked for help; resolves with the page and its code. */
  async function shopperAsking(url: string, viewport = { width: 1280, height: 720 }): Promise<{ shopper: Page; code: string }> {
    const shopper = await (await ctx.browser.newContext({ viewport })).newPage();
    await shopper.goto(url);
    await shopper.waitForFunction(() => typeof window.Lookalong?.requestHelp === 'function');
    const { code } = await shopper.evaluate(() => window.Lookalong!.requestHelp());
    return { shopper, code };
  }

  /** A fresh agent tab opened at `path` with a token in the fragment. */
  async function agentAt(path: string, token = ctx.server.token()): Promise<Page> {
    const agent = await (await ctx.browser.newContext({ viewport: { width: 1200, height: 900 } })).newPage();
    await agent.goto(`${ctx.server.url}${path}#token=${token}`);
    return agent;
  }

  const allow = (shopper: Page): Promise<void> => shopper.getByRole('alertdialog').getByRole('button', { name: 'Allow' }).click();

  it('signs in by #token=, lists the waiting shopper with the page title, joins by click and shows URL, viewport and latency', async () => {
    const { shopper, code } = await shopperAsking(`${ctx.server.url}/demo/`);
    const token = ctx.server.token();
    const agent = await agentAt('/agent/', token);

    // The token left the address bar for tab-only storage.
    expect(new URL(agent.url()).hash).toBe('');
    expect(await agent.evaluate((key) => sessionStorage.getItem(key), TOKEN_KEY)).toBe(token);
    await expect.poll(() => agent.locator('#signed-in-as').textContent()).toBe('Signed in as Alice');

    // The queue lists the shopper with the page title, site, language and a ticking waiting time.
    const entry = agent.locator(`.queue-entry[data-code="${code}"]`);
    await entry.waitFor({ timeout: 5000 });
    expect(await entry.locator('.entry-title').textContent()).toBe('Lantern & Loom — Products');
    expect(await entry.locator('.entry-state').textContent()).toBe('Waiting');
    expect(await entry.locator('.entry-site').textContent()).toBe('demo');
    expect(await entry.locator('.entry-lang').textContent()).toBe('English');
    const firstTime = await entry.locator('.entry-time').textContent();
    expect(firstTime).toMatch(/^waiting \d+:\d\d$/);
    await expect.poll(() => entry.locator('.entry-time').textContent(), { timeout: 3000 }).not.toBe(firstTime);

    // Click → ?code= → consent → live replay with the facts about the shopper's page.
    await entry.click();
    await agent.waitForURL((url) => url.searchParams.get('code') === code);
    await allow(shopper);
    await agent.frameLocator('#replay-root iframe').getByText('Linen Throw Blanket').waitFor({ timeout: 10_000 });
    await expect.poll(() => agent.locator('#page-url').textContent()).toBe(`${ctx.server.url}/demo/`);
    await expect.poll(() => agent.locator('#viewport-size').textContent()).toBe('1280 × 720');
    await expect.poll(() => agent.locator('#connection-meter').textContent(), { timeout: 5000 }).toMatch(/^latency \d+ ms · replay \d+\.\d s behind$/);

    // Another agent's queue now shows the session as live, with one agent watching.
    const other = await agentAt('/agent/', ctx.server.token({ sub: 'agent-bob', name: 'Bob' }));
    const live = other.locator(`.queue-entry[data-code="${code}"]`);
    await expect.poll(() => live.locator('.entry-state').textContent(), { timeout: 5000 }).toBe('Live');
    expect(await live.locator('.entry-viewers').textContent()).toBe('1 watching');
  });

  it('joins by a typed code from the keyboard', async () => {
    const { code } = await shopperAsking(`${ctx.server.url}/demo/`);
    const agent = await agentAt('/agent/');
    await agent.getByLabel('Session code').focus();
    await agent.keyboard.type(`${code.slice(0, 3)} ${code.slice(3)}`);
    await agent.keyboard.press('Enter');
    await agent.waitForURL((url) => url.searchParams.get('code') === code);
    await expect.poll(() => agent.locator('#status').textContent(), { timeout: 5000 }).toContain('Waiting for the shopper');
  });

  it('renders the console in Simplified Chinese with ?lang=zh-CN', async () => {
    const agent = await agentAt('/agent/?lang=zh-CN');
    expect(await agent.locator('html').getAttribute('lang')).toBe('zh-CN');
    await agent.getByRole('heading', { name: '正在求助的顾客' }).waitFor();
    expect(await agent.getByRole('button', { name: '加入', exact: true }).count()).toBe(1);
    expect(await agent.getByLabel('会话码').count()).toBe(1);
    expect(await agent.getByRole('button', { name: '退出登录' }).count()).toBe(1);
    expect(await agent.title()).toBe('Lookalong — 客服控制台');

    // A queue entry's link keeps the language.
    const { code } = await shopperAsking(`${ctx.server.url}/demo/`);
    const entry = agent.locator(`.queue-entry[data-code="${code}"]`);
    await entry.waitFor({ timeout: 5000 });
    expect(await entry.locator('.entry-state').textContent()).toBe('等待中');
    expect(await entry.locator('.entry-lang').textContent()).toBe('英语');
    await entry.click();
    await agent.waitForURL((url) => url.searchParams.get('code') === code && url.searchParams.get('lang') === 'zh-CN');
    await agent.getByRole('toolbar', { name: '绘图工具' }).getByRole('button', { name: '高亮' }).waitFor();
    expect(await agent.getByRole('button', { name: '结束会话' }).count()).toBe(1);
    await expect.poll(() => agent.locator('#status').textContent(), { timeout: 5000 }).toBe('正在等待顾客允许…');
  });

  it('says in Chinese that a zh-CN console joined an unknown code', async () => {
    const agent = await agentAt('/agent/?lang=zh-CN&code=000000');
    await expect.poll(() => agent.locator('#status').textContent(), { timeout: 5000 }).toBe('没有会话码为 000000 的等待中会话');
    expect(await agent.locator('#status').getAttribute('data-tone')).toBe('ended');
    expect(await agent.getByRole('button', { name: '结束会话' }).isDisabled()).toBe(true);
  });

  it('returns to sign-in with a message when the token is refused, and signs out', async () => {
    const refused = await agentAt('/agent/', 'not-a-valid-token');
    await expect.poll(() => refused.getByRole('alert').textContent(), { timeout: 5000 }).toBe('Your sign-in was refused or has expired. Please sign in again.');
    expect(await refused.locator('#sign-in').isVisible()).toBe(true);
    expect(await refused.evaluate((key) => sessionStorage.getItem(key), TOKEN_KEY)).toBeNull();

    await refused.getByLabel('Agent token').fill(ctx.server.token());
    await refused.getByRole('button', { name: 'Sign in' }).click();
    await refused.getByRole('heading', { name: 'Shoppers asking for help' }).waitFor();
    await refused.getByRole('button', { name: 'Sign out' }).click();
    await refused.getByRole('heading', { name: 'Sign in' }).waitFor();
    expect(await refused.evaluate((key) => sessionStorage.getItem(key), TOKEN_KEY)).toBeNull();
    expect(await refused.getByRole('alert').isVisible()).toBe(false);
  });

  it('shows the scrubbed page title (or none when the shop opts out) and warns about a stylesheet the replay lacks', async () => {
    const { shopper, code } = await shopperAsking(`${shop.url}/index.html`);
    const { code: untitledCode } = await shopperAsking(`${shop.url}/untitled.html`);
    const agent = await agentAt('/agent/');
    const entry = agent.locator(`.queue-entry[data-code="${code}"]`);
    await entry.waitFor({ timeout: 5000 });
    expect(await entry.locator('.entry-title').textContent()).toBe('Order … for … · Fidelity shop');
    expect(await agent.locator(`.queue-entry[data-code="${untitledCode}"] .entry-title`).textContent()).toBe('Page without a title');

    await entry.click();
    await allow(shopper);
    await agent.frameLocator('#replay-root iframe').getByText('Fidelity shop').waitFor({ timeout: 10_000 });
    const warning = agent.locator('#fidelity-warning');
    await warning.waitFor({ state: 'visible', timeout: 5000 });
    expect(await warning.textContent()).toBe('Some styles or fonts of the shopper’s page could not be shown');
  });

  it('warns about a web font of the shopper’s page that fails to load (its src 404s)', async () => {
    const { shopper, code } = await shopperAsking(`${shop.url}/font.html`);
    const agent = await agentAt(`/agent/?code=${code}`);
    await allow(shopper);
    await agent.frameLocator('#replay-root iframe').getByText('Font shop').waitFor({ timeout: 10_000 });
    const warning = agent.locator('#fidelity-warning');
    await warning.waitFor({ state: 'visible', timeout: 5000 });
    expect(await warning.textContent()).toBe('Some styles or fonts of the shopper’s page could not be shown');
  });

  it('recreates the Replayer at each new checkpoint: one replay iframe after two reloads', async () => {
    const { shopper, code } = await shopperAsking(`${ctx.server.url}/demo/`);
    const agent = await agentAt(`/agent/?code=${code}`);
    await allow(shopper);
    const replay = agent.frameLocator('#replay-root iframe');
    await replay.getByText('Linen Throw Blanket').waitFor({ timeout: 10_000 });
    // No stylesheet of the demo shop fails: no fidelity warning.
    expect(await agent.locator('#fidelity-warning').isVisible()).toBe(false);

    for (const generation of ['first', 'second']) {
      // Tag the current replay iframe, reload the shopper's page, and wait for an untagged one.
      await agent.evaluate((tag) => (document.querySelector<HTMLIFrameElement>('#replay-root iframe')!.dataset['generation'] = tag), generation);
      await shopper.reload();
      await expect
        .poll(() => agent.evaluate(() => document.querySelector<HTMLIFrameElement>('#replay-root iframe')?.dataset['generation'] ?? 'new'), { timeout: 10_000 })
        .toBe('new');
      await replay.getByText('Linen Throw Blanket').waitFor({ timeout: 10_000 });
      expect(await agent.locator('#replay-root iframe').count()).toBe(1);
      expect(await agent.locator('#replay-root .replayer-wrapper').count()).toBe(1);
    }
    await expect.poll(() => agent.locator('#status').textContent()).toContain('Live');
  });
});
