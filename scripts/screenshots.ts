/**
 * `npm run screenshots`: starts a real server (temp data dir, random port on 127.0.0.1), plays
 * a help session in Chromium — shopper asks for help, agent signs in and joins, shopper allows,
 * agent highlights, points and writes a note — and saves the images of the README and docs/ to docs/:
 * console.png (1400×900), shop-annotated.png (1280×800), review.png (the session's recording on
 * the review page, at Alice's highlight; the shopper switched recording on) and console-zh.png
 * (needs CJK fonts).
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { signAgentToken, type AgentTokenClaims } from '../server/src/auth/agentToken';
import { loadConfig } from '../server/src/config';
import { startLookalongServer, type LookalongServer } from '../server/src/lookalongServer';
import { launchChromium } from '../test/helpers/chromium';
import { drag, highlightElement, pickTool, replayBox } from '../test/helpers/consoleDrawing';

const DOCS = join(import.meta.dirname, '..', 'docs');
const CONSOLE_VIEWPORT = { width: 1400, height: 900 };
const SHOP_VIEWPORT = { width: 1280, height: 800 };
const TIMEOUT_MS = 15_000;

/** A running server with a throw-away data dir and a way to sign agent tokens for it. */
interface ScreenshotServer {
  server: LookalongServer;
  token(claims: AgentTokenClaims): string;
  stop(): Promise<void>;
}

/** Starts the real server as `npm start` does, but on a random port with its data in a temp dir. */
async function startServer(): Promise<ScreenshotServer> {
  const dir = mkdtempSync(join(tmpdir(), 'lookalong-screenshots-'));
  const secret = randomBytes(32).toString('hex');
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    LOOKALONG_JWT_SECRET: secret,
    LOOKALONG_AUDIT_FILE: join(dir, 'audit.jsonl'),
    LOOKALONG_SESSION_STORE_FILE: join(dir, 'sessions.json'),
    LOOKALONG_RECORDINGS: 'demo=30',
    LOOKALONG_RECORDING_KEY: randomBytes(32).toString('hex'),
    LOOKALONG_RECORDINGS_DIR: join(dir, 'recordings'),
  });
  const server = await startLookalongServer(config);
  return {
    server,
    token: (claims) => signAgentToken(claims, secret),
    stop: async () => {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** True when fontconfig knows a font that covers Chinese (otherwise Chromium draws tofu). */
function hasChineseFonts(): boolean {
  try {
    return execFileSync('fc-list', [':lang=zh', 'family'], { encoding: 'utf8' }).trim() !== '';
  } catch {
    return false;
  }
}

/** Opens a page in a fresh browser context of the given viewport. */
async function openPage(browser: Browser, viewport: { width: number; height: number }, url: string): Promise<Page> {
  const page = await (await browser.newContext({ viewport })).newPage();
  page.setDefaultTimeout(TIMEOUT_MS);
  await page.goto(url);
  return page;
}

/** The shopper clicks "Get help" on the demo shop; resolves with the 6-digit code shown. */
async function askForHelp(shopper: Page): Promise<string> {
  await shopper.waitForFunction(() => typeof window.Lookalong?.requestHelp === 'function');
  await shopper.click('#get-help');
  const shown = await shopper.locator('[data-lookalong-ui] .code').textContent();
  return (shown ?? '').replace(/\s/g, '');
}

/** The shopper allows the agent named in the consent dialog (first switching recording on, when `record`). */
async function allow(shopper: Page, agentLabel: string, record = false): Promise<void> {
  const dialog = shopper.getByRole('alertdialog');
  await dialog.getByText(agentLabel).first().waitFor();
  if (record) await dialog.getByRole('checkbox').check();
  await dialog.locator('button.primary').click();
  await dialog.waitFor({ state: 'detached' });
}

/** Waits until the console replays the demo shop and its connection meter has a reading. */
async function waitForLiveReplay(agent: Page): Promise<void> {
  await agent.frameLocator('#replay-root iframe').getByText('Linen Throw Blanket').waitFor();
  await agent.waitForFunction(() => /^(latency|延迟) \d/.test(document.querySelector('#connection-meter')?.textContent ?? ''));
}

/** The shopper rests the pointer on the first "Add to cart"; waits until the agent's replay shows it there. */
async function pointAtProduct(shopper: Page, agent: Page): Promise<void> {
  const button = (await shopper.locator('.add-to-cart').first().boundingBox())!;
  const rest = { x: button.x + button.width * 0.6, y: button.y + button.height * 0.7 };
  // From above, so a later viewer sees a move too; slowly, as rrweb samples moves every ~50 ms.
  for (let lift = 60; lift >= 0; lift -= 15) {
    await shopper.mouse.move(rest.x, rest.y - lift);
    await shopper.waitForTimeout(80);
  }
  // The replayed pointer is placed in the shopper's CSS pixels.
  await agent.waitForFunction((at) => {
    const style = document.querySelector<HTMLElement>('#replay-root .replayer-mouse')?.style;
    return !!style && Math.abs(parseFloat(style.left) - at.x) < 2 && Math.abs(parseFloat(style.top) - at.y) < 2;
  }, rest);
}

/** Highlights the first "Add to cart", draws an arrow to it and writes `note` beside the arrow's tail. */
async function annotate(agent: Page, note: string): Promise<void> {
  await highlightElement(agent, '.product:first-child .add-to-cart');
  const button = await replayBox(agent, '.product:first-child .add-to-cart');
  const head = { x: button.x + button.width + 10, y: button.y + button.height / 2 };
  const tail = { x: head.x + 150, y: head.y + 70 };
  await pickTool(agent, 'arrow');
  await drag(agent, tail, head);
  await pickTool(agent, 'text');
  await agent.mouse.click(tail.x - 20, tail.y + 8);
  await agent.locator('.lookalong-note-input').waitFor();
  await agent.keyboard.type(note);
  await agent.keyboard.press('Enter');
  // Switch the tool off so no draft or hover outline is left in the picture.
  await agent.keyboard.press('Escape');
}

/** Waits until the shopper's page shows `count` marks and has painted them. */
async function waitForMarks(shopper: Page, count: number): Promise<void> {
  await shopper.waitForFunction((n) => document.querySelector('[data-lookalong-ui] > div')?.shadowRoot?.querySelectorAll('[data-mark]').length === n, count);
  await shopper.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
}

/** Saves a viewport screenshot of `page` as docs/`name` and says so. */
async function save(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(DOCS, name) });
  console.log(`saved docs/${name}`);
}

/** A supervisor opens the session's recording on the review page and goes to Alice's highlight. */
async function reviewRecording(browser: Browser, url: string, supervisorToken: string): Promise<Page> {
  const review = await openPage(browser, CONSOLE_VIEWPORT, `${url}/agent/review/#token=${supervisorToken}`);
  await review.getByTestId('recording-row').first().getByRole('button').first().click();
  await review.frameLocator('[data-testid="review-player"] iframe').getByText('Linen Throw Blanket').first().waitFor();
  await review.getByTestId('review-marker').filter({ hasText: /highlight|mark/i }).first().click();
  await review.locator('[data-testid="review-marks"] > *').first().waitFor();
  await review.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
  return review;
}

/** Plays the session and writes the images. */
async function main(): Promise<void> {
  mkdirSync(DOCS, { recursive: true });
  const { server, token, stop } = await startServer();
  const browser = await launchChromium();
  try {
    const shopper = await openPage(browser, SHOP_VIEWPORT, `${server.url}/demo/`);
    const code = await askForHelp(shopper);

    // Alice signs in, picks the waiting shopper from her queue, and is allowed in.
    const alice = await openPage(browser, CONSOLE_VIEWPORT, `${server.url}/agent/#token=${token({ sub: 'dev-alice', name: 'Alice', org: 'Support' })}`);
    await alice.locator(`.queue-entry[data-code="${code}"]`).click();
    await allow(shopper, 'Alice (Support)', true);
    await waitForLiveReplay(alice);
    await pointAtProduct(shopper, alice);
    await annotate(alice, 'Click here to add it to your cart');
    await waitForMarks(shopper, 3);
    await save(alice, 'console.png');
    await save(shopper, 'shop-annotated.png');

    if (hasChineseFonts()) {
      // A second agent watches in Simplified Chinese; the shopper allows them too.
      const li = await openPage(browser, CONSOLE_VIEWPORT, `${server.url}/agent/?code=${code}&lang=zh-CN#token=${token({ sub: 'dev-li', name: '李娜', org: '客服' })}`);
      await allow(shopper, '李娜 (客服)');
      await waitForLiveReplay(li);
      await pointAtProduct(shopper, li);
      await annotate(li, '点这里加入购物车');
      await waitForMarks(shopper, 6);
      await save(li, 'console-zh.png');
    } else {
      console.log('skipped docs/console-zh.png: Chinese needs CJK fonts (sudo apt-get install fonts-noto-cjk), then run again');
    }
    // The shopper stops; a supervisor reviews the recording.
    await shopper.getByRole('button', { name: 'Stop sharing' }).click();
    await save(await reviewRecording(browser, server.url, token({ sub: 'dev-sam', name: 'Sam', org: 'Support', role: 'supervisor' })), 'review.png');
  } finally {
    await browser.close();
    await stop();
  }
}

await main();
