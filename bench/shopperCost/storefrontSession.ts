/**
 * What every shopper-cost run needs (the browser, the storefront, the Lookalong server), and
 * the storefront shared with the console in a real session.
 */
import type { Browser, Page } from 'playwright-core';
import { openSharedSession, type SharedSession } from '../../test/helpers/sharedBrowserSession';
import type { ShopperCostShop } from './fixtureShop';

/** Where the runs happen. */
export interface SessionEnv {
  browser: Browser;
  shop: ShopperCostShop;
  /** Origin of the Lookalong server. */
  lookalongUrl: string;
  /** Agent JWT it accepts. */
  agentToken: string;
}

/** The shopper's viewport (a laptop). */
export const SHOPPER_VIEWPORT = { width: 1280, height: 800 };
/** Selector the storefront matches once built and loaded. */
export const STOREFRONT_READY = 'html[data-fixture-ready="true"]';

/** The storefront with our SDK, shared with the console; `beforeAllow` runs just before the shopper clicks Allow. */
export function shareStorefront(env: SessionEnv, beforeAllow: (pages: { shopper: Page; agent: Page }) => Promise<void>): Promise<SharedSession> {
  return openSharedSession({
    browser: env.browser,
    lookalongUrl: env.lookalongUrl,
    agentToken: env.agentToken,
    pageUrl: env.shop.pageUrl('lookalong'),
    shopperViewport: SHOPPER_VIEWPORT,
    agentViewport: { width: 1400, height: 900 },
    shopperReady: STOREFRONT_READY,
    beforeAllow,
  });
}
