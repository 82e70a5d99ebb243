/**
 * First view: the shopper's page on an emulated uplink (its HTTP and WebSocket traffic, the
 * console's is not), shared in a real session; time from the shopper's click on Allow until
 * the agent console's replay holds the page's last element (`#colophon`, the footer's last
 * line). One clock: both pages run in one browser (`performance.timeOrigin + performance.now()`).
 */
import type { Page } from 'playwright-core';
import { emulateUplink, type Uplink } from './pageEmulation';
import { shareStorefront, type SessionEnv } from './storefrontSession';

/** Longest wait for the replay to show the page's end, ms. */
export const FIRST_VIEW_TIMEOUT_MS = 45_000;

/** Epoch ms (one browser's clock) of the page's first click from now on. */
function markFirstClick(page: Page): Promise<void> {
  return page.evaluate(() => {
    window.addEventListener('click', () => ((window as unknown as { __firstClickAt?: number }).__firstClickAt ??= performance.timeOrigin + performance.now()), { capture: true });
  });
}

/** In the console: epoch ms at which the replay first holds `#colophon` (checked every 20 ms). */
function watchReplayEnd(agent: Page): Promise<void> {
  return agent.evaluate(() => {
    const timer = setInterval(() => {
      const doc = document.querySelector<HTMLIFrameElement>('#replay-root iframe')?.contentDocument;
      if (!doc?.getElementById('colophon')) return;
      (window as unknown as { __replayEndAt?: number }).__replayEndAt = performance.timeOrigin + performance.now();
      clearInterval(timer);
    }, 20);
  });
}

/** Milliseconds from Allow to the page's end in the replay, or null when not shown within FIRST_VIEW_TIMEOUT_MS. */
export async function measureFirstView(env: SessionEnv, link: Uplink): Promise<number | null> {
  const session = await shareStorefront(env, async ({ shopper, agent }) => {
    await emulateUplink(await shopper.context().newCDPSession(shopper), link);
    await watchReplayEnd(agent);
    await markFirstClick(shopper);
  });
  try {
    const shown = await session.agent
      .waitForFunction(() => (window as unknown as { __replayEndAt?: number }).__replayEndAt, null, { timeout: FIRST_VIEW_TIMEOUT_MS, polling: 100 })
      .then((handle) => handle.jsonValue() as Promise<number>)
      .catch(() => null);
    const clickedAt = await session.shopper.evaluate(() => (window as unknown as { __firstClickAt?: number }).__firstClickAt ?? null);
    return shown === null || clickedAt === null ? null : shown - clickedAt;
  } finally {
    await session.close();
  }
}
