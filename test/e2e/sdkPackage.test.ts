/**
 * The npm package in Chromium (issue 16): a shop page on its own origin imports the BUILT
 * `@lookalong/sdk` (client-sdk/package/dist/index.js, mapped to the bare name by an import map
 * as a bundler would) and calls `await loadLookalong({ server, site: 'demo', lang: 'zh-CN' })`,
 * then `requestHelp()` from its own button. Only `/sdk.js` is fetched from the server on load,
 * the UI chunk when help is requested, and the recorder only after the shopper clicks 允许
 * (invariant 1); the agent then sees the page. Also: bad options, a wrong or dead server, one
 * that never answers, and a script that is not the SDK reject with readable messages; a second
 * call returns the same promise and API; a page that also has the script tag gets that SDK.
 */
import { execFileSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import type { LoadLookalongOptions, LookalongApi, LookalongState } from '../../client-sdk/package/src/index';
import { launchChromium } from '../helpers/chromium';
import { startStaticShop, type StaticShop } from '../helpers/staticShop';
import { startTestServer, type TestServer } from '../helpers/testServer';

const root = fileURLToPath(new URL('../../', import.meta.url));
const fixtures = join(root, 'test/fixtures/npm-shop');
const packageBuild = join(root, 'client-sdk/package/build.mjs');
const packageModule = join(root, 'client-sdk/package/dist/index.js');

/** The methods of `window.Lookalong`, held equal to the `LookalongApi` type the package ships. */
const API_KEYS = ['init', 'on', 'requestHelp', 'stop'] as const;
expectTypeOf<(typeof API_KEYS)[number]>().toEqualTypeOf<keyof LookalongApi>();

/** What index.html's module code records. */
interface ShopLog {
  states: LookalongState[];
  codes: string[];
  samePromise?: boolean;
  sameApi?: boolean;
}

interface ShopWindow {
  shopLog: ShopLog;
  loadLookalong(options: LoadLookalongOptions): Promise<LookalongApi>;
  Lookalong?: LookalongApi;
}

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

/** Calls the lab page's `loadLookalong` and returns `resolved` or the rejection's message. */
function outcomeOf(page: Page, options: LoadLookalongOptions): Promise<string> {
  return page.evaluate(
    (opts) => (window as unknown as ShopWindow).loadLookalong(opts).then(() => 'resolved', (error: Error) => `${error.constructor.name}: ${error.message}`),
    options,
  );
}

/** The `src` of every script tag of the page that points at an `sdk.js`. */
function sdkTags(page: Page): Promise<Array<{ src: string; site?: string; lang?: string }>> {
  return page.evaluate(() =>
    [...document.querySelectorAll<HTMLScriptElement>('script[src]')]
      .filter((s) => s.src.endsWith('/sdk.js'))
      .map((s) => ({ src: s.src, ...(s.dataset['site'] ? { site: s.dataset['site'] } : {}), ...(s.dataset['lang'] ? { lang: s.dataset['lang'] } : {}) })),
  );
}

describe('@lookalong/sdk (npm package) in Chromium', () => {
  let server: TestServer;
  let shop: StaticShop;
  let browser: Browser;

  beforeAll(async () => {
    execFileSync(process.execPath, [packageBuild], { stdio: 'pipe' });
    let lookalongUrl = '';
    shop = await startStaticShop(fixtures, 'http://unused.invalid', {
      route: async (path) => {
        if (path === '/node_modules/@lookalong/sdk/dist/index.js') return { body: await readFile(packageModule), type: 'text/javascript' };
        // A server that never answers (the request hangs until the shop closes).
        if (path === '/hang/sdk.js') return new Promise(() => undefined);
        // A script that is not the SDK.
        if (path === '/not-lookalong/sdk.js') return { body: Buffer.from('window.notLookalong = true;'), type: 'text/javascript' };
        if (!path.endsWith('.html')) return null;
        const html = (await readFile(join(fixtures, path), 'utf8')).replaceAll('{{LOOKALONG}}', lookalongUrl);
        return { body: Buffer.from(html), type: 'text/html; charset=utf-8' };
      },
    });
    // The site key admits the shop's exact origin, nothing else.
    server = await startTestServer({ LOOKALONG_SITES: JSON.stringify({ demo: [shop.url] }) });
    lookalongUrl = server.url;
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await shop?.close();
    await server?.close();
  });

  it('loads the SDK with one tag, shows the code in zh-CN, and fetches the recorder only after 允许', async () => {
    const shopperContext = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
    const agentContext = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    try {
      const shopper = await shopperContext.newPage();
      const fromServer: string[] = [];
      shopper.on('request', (request) => {
        const url = new URL(request.url());
        if (url.origin === server.url) fromServer.push(url.pathname);
      });
      let binaryFramesSent = 0;
      shopper.on('websocket', (ws) => ws.on('framesent', ({ payload }) => void (typeof payload !== 'string' && (binaryFramesSent += 1))));

      await shopper.goto(`${shop.url}/index.html`);
      await expect.poll(() => shopper.locator('#sdk-status').textContent(), { timeout: 15_000 }).toBe('ready');
      const loaded = await shopper.evaluate(() => {
        const w = window as unknown as ShopWindow;
        return { samePromise: w.shopLog.samePromise, sameApi: w.shopLog.sameApi, keys: Object.keys(w.Lookalong ?? {}).sort() };
      });
      expect(loaded).toEqual({ samePromise: true, sameApi: true, keys: [...API_KEYS] });
      expect(await sdkTags(shopper)).toEqual([{ src: `${server.url}/sdk.js`, site: 'demo', lang: 'zh-CN' }]);
      // On load the page took nothing from the server but the loader.
      expect(fromServer).toEqual(['/sdk.js']);

      // The shop's own button → requestHelp() → the code, on the page and in the SDK's widget, in Chinese.
      await shopper.getByRole('button', { name: '获取帮助' }).click();
      await expect.poll(() => shopper.locator('#help-code').textContent(), { timeout: 10_000 }).toMatch(/^\d{6}$/);
      const code = (await shopper.locator('#help-code').textContent())!;
      const widget = shopper.getByRole('region', { name: 'Lookalong' }).filter({ hasText: '您的协助码' });
      await expect.poll(async () => (await widget.textContent())?.replace(/\s/g, ''), { timeout: 5000 }).toContain(code);
      expect(await shopper.evaluate(() => (window as unknown as ShopWindow).shopLog.codes)).toEqual([code]);
      expect(fromServer).toEqual(['/sdk.js', '/sdk-ui.js']);

      // An agent joins: the consent dialog, and still no recorder and no page data.
      const agent = await agentContext.newPage();
      await agent.goto(`${server.url}/agent/?code=${code}&lang=en#token=${server.token()}`);
      const dialog = shopper.getByRole('alertdialog');
      await expect.poll(() => dialog.textContent(), { timeout: 10_000 }).toContain('Alice (Support) 想查看此页面');
      expect(fromServer).toEqual(['/sdk.js', '/sdk-ui.js']);
      expect(binaryFramesSent).toBe(0);

      // 允许 → now the recorder is fetched and the agent sees the shop's page.
      await dialog.getByRole('button', { name: '允许' }).click();
      await expect.poll(() => fromServer, { timeout: 10_000 }).toContain('/sdk-recorder.js');
      expect(fromServer).toEqual(['/sdk.js', '/sdk-ui.js', '/sdk-recorder.js']);
      await agent.frameLocator('#replay-root iframe').getByText('手工陶瓷杯').waitFor({ timeout: 10_000 });
      expect(binaryFramesSent).toBeGreaterThan(0);
      await expect.poll(() => shopper.evaluate(() => (window as unknown as ShopWindow).shopLog.states.at(-1))).toBe('live');

      // The typed API stops it. (After 允许 the SDK is `waiting` again until the relay says `live`.)
      await shopper.evaluate(() => (window as unknown as ShopWindow).Lookalong!.stop());
      await expect.poll(() => shopper.evaluate(() => (window as unknown as ShopWindow).shopLog.states)).toEqual(['waiting', 'consent', 'waiting', 'live', 'ended']);
    } finally {
      await shopperContext.close();
      await agentContext.close();
    }
  });

  it('rejects bad options and wrong servers with readable errors, retries after a failure, and returns the same API on a second call', async () => {
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      const warnings: string[] = [];
      page.on('console', (message) => void (message.type() === 'warning' && message.text().startsWith('[Lookalong]') && warnings.push(message.text())));
      await page.goto(`${shop.url}/lab.html`);
      await page.waitForFunction(() => typeof (window as unknown as ShopWindow).loadLookalong === 'function');

      // Bad options: refused before any tag is added.
      expect(await outcomeOf(page, { server: 'lookalong.example', site: 'demo' })).toBe(
        'Error: [Lookalong] loadLookalong: server must be an http(s) URL such as "https://help.example.com", got "lookalong.example"',
      );
      expect(await outcomeOf(page, { server: 'ftp://lookalong.example', site: 'demo' })).toBe('Error: [Lookalong] loadLookalong: server must be an http(s) URL, got "ftp://lookalong.example"');
      expect(await outcomeOf(page, { server: server.url, site: '  ' })).toBe('Error: [Lookalong] loadLookalong: site must be your non-empty site key');
      expect(await outcomeOf(page, { server: server.url, site: 'demo', timeoutMs: 0 })).toBe('Error: [Lookalong] loadLookalong: timeoutMs must be a positive number of milliseconds');
      expect(await sdkTags(page)).toEqual([]);

      // A wrong server (the shop's own origin: /sdk.js is a 404), a dead one, one that never
      // answers, and one whose /sdk.js is not the SDK; each failed tag is taken out again.
      expect(await outcomeOf(page, { server: shop.url, site: 'demo' })).toBe(
        `Error: [Lookalong] could not load ${shop.url}/sdk.js (server unreachable, wrong URL, or blocked by the page's Content-Security-Policy)`,
      );
      const dead = `http://127.0.0.1:${await closedPort()}`;
      expect(await outcomeOf(page, { server: `${dead}/`, site: 'demo' })).toBe(
        `Error: [Lookalong] could not load ${dead}/sdk.js (server unreachable, wrong URL, or blocked by the page's Content-Security-Policy)`,
      );
      const started = Date.now();
      expect(await outcomeOf(page, { server: `${shop.url}/hang`, site: 'demo', timeoutMs: 500 })).toBe(`Error: [Lookalong] ${shop.url}/hang/sdk.js did not load within 500 ms`);
      expect(Date.now() - started).toBeLessThan(5000);
      expect(await outcomeOf(page, { server: `${shop.url}/not-lookalong`, site: 'demo' })).toBe(
        `Error: [Lookalong] ${shop.url}/not-lookalong/sdk.js loaded but did not define window.Lookalong (is it the Lookalong server? see the console for the SDK's own message)`,
      );
      expect(await sdkTags(page)).toEqual([]);
      expect(await page.evaluate(() => (window as unknown as ShopWindow).Lookalong)).toBeUndefined();

      // After the failures, the right server: two calls, one promise, one tag, the window's API.
      const second = await page.evaluate(async (lookalong) => {
        const w = window as unknown as ShopWindow;
        const first = w.loadLookalong({ server: lookalong, site: 'demo' });
        const again = w.loadLookalong({ server: lookalong, site: 'demo' });
        const [a, b] = await Promise.all([first, again]);
        const other = await w.loadLookalong({ server: lookalong, site: 'another-site' });
        return { samePromise: first === again, sameApi: a === b && a === w.Lookalong && other === a, keys: Object.keys(a).sort() };
      }, server.url);
      expect(second).toEqual({ samePromise: true, sameApi: true, keys: [...API_KEYS] });
      expect(await sdkTags(page)).toEqual([{ src: `${server.url}/sdk.js`, site: 'demo' }]);
      expect(warnings).toEqual(['[Lookalong] loadLookalong was called again with other options; the SDK loaded by the first call is used']);
    } finally {
      await context.close();
    }
  });

  it('resolves at once with the SDK of a script tag already on the page, without adding another', async () => {
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      const fromServer: string[] = [];
      page.on('request', (request) => {
        const url = new URL(request.url());
        if (url.origin === server.url) fromServer.push(url.pathname);
      });
      await page.goto(`${shop.url}/embedded.html`);
      await page.waitForFunction(() => typeof (window as unknown as ShopWindow).loadLookalong === 'function');
      const outcome = await page.evaluate(async (lookalong) => {
        const w = window as unknown as ShopWindow;
        const api = await w.loadLookalong({ server: lookalong, site: 'demo' });
        return api === w.Lookalong;
      }, server.url);
      expect(outcome).toBe(true);
      expect(await sdkTags(page)).toEqual([{ src: `${server.url}/sdk.js`, site: 'demo' }]);
      expect(fromServer).toEqual(['/sdk.js']);
    } finally {
      await context.close();
    }
  });
});
