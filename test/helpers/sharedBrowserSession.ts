/**
 * A real shared session in one Chromium: the shopper's page in one browser context asks for
 * help, the agent console in another joins by code, the shopper clicks (or, on a touch screen,
 * taps) Allow. Every WebSocket frame of both pages is captured through CDP.
 */
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { captureFrames } from './wireCapture';

/** Viewport size in CSS pixels. */
export interface Viewport {
  width: number;
  height: number;
}

/** Where and how to open the session. */
export interface SharedSessionOptions {
  browser: Browser;
  /** Origin of the Lookalong server (console at /agent/). */
  lookalongUrl: string;
  /** Agent JWT for the console (`#token=`). */
  agentToken: string;
  /** The shop page the shopper opens (it embeds /sdk.js). */
  pageUrl: string;
  shopperViewport: Viewport;
  agentViewport: Viewport;
  /** The console's language (default `en`). */
  consoleLang?: 'en' | 'zh-CN';
  /** Selector the shopper's page must match before asking for help (its own readiness). */
  shopperReady?: string;
  /** More options for the shopper's browser context (a phone: isMobile, hasTouch, userAgent, colorScheme, locale). */
  shopperDevice?: BrowserContextOptions;
  /** The Allow button's accessible name (default `Allow`; `允许` for a zh-CN page). */
  allowLabel?: string;
  /** Runs once the console has the session, just before the shopper clicks Allow (throttling, meters, timestamps). */
  beforeAllow?: (pages: { shopper: Page; agent: Page }) => Promise<void>;
}

/** A consented session and its captured traffic. */
export interface SharedSession {
  shopper: Page;
  agent: Page;
  code: string;
  /** Frames sent and received by the shopper's page / the console, decoded to text. */
  shopperFrames: string[];
  agentFrames: string[];
  close(): Promise<void>;
}

/** Opens the shopper's page, requests help, opens the console with the code and allows it. */
export async function openSharedSession(options: SharedSessionOptions): Promise<SharedSession> {
  const contexts: BrowserContext[] = [];
  const close = async (): Promise<void> => {
    await Promise.all(contexts.map((context) => context.close().catch(() => undefined)));
  };
  try {
    const shopperContext = await options.browser.newContext({ viewport: options.shopperViewport, deviceScaleFactor: 1, ...options.shopperDevice });
    contexts.push(shopperContext);
    const shopper = await shopperContext.newPage();
    const shopperFrames = await captureFrames(shopper);
    await shopper.goto(options.pageUrl);
    if (options.shopperReady) await shopper.locator(options.shopperReady).waitFor({ state: 'attached', timeout: 15_000 });
    await shopper.waitForFunction(() => typeof window.Lookalong?.requestHelp === 'function');
    const { code } = await shopper.evaluate(() => window.Lookalong!.requestHelp());

    const agentContext = await options.browser.newContext({ viewport: options.agentViewport, deviceScaleFactor: 1 });
    contexts.push(agentContext);
    const agent = await agentContext.newPage();
    const agentFrames = await captureFrames(agent);
    await agent.goto(`${options.lookalongUrl}/agent/?code=${code}&lang=${options.consoleLang ?? 'en'}#token=${options.agentToken}`);
    await options.beforeAllow?.({ shopper, agent });
    const allow = shopper.getByRole('alertdialog').getByRole('button', { name: options.allowLabel ?? 'Allow' });
    // A touch screen is tapped, as a shopper on a phone would.
    if (options.shopperDevice?.hasTouch) await allow.tap({ timeout: 10_000 });
    else await allow.click({ timeout: 10_000 });
    await agent.locator('#replay-root iframe').waitFor({ state: 'attached', timeout: 10_000 });
    return { shopper, agent, code, shopperFrames, agentFrames, close };
  } catch (error) {
    await close();
    throw error;
  }
}
