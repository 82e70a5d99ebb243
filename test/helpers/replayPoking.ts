/**
 * Pokes at the replayed page in the agent console the way an attack would need: real (trusted)
 * hovers, clicks and key presses on its elements, and synthetic events dispatched on them. The
 * console normally keeps the replay out of reach (the iframe takes no pointer events); this
 * lets events through first, so the sandbox and CSP alone have to stop every handler.
 */
import type { Page } from 'playwright-core';
import { replayBox } from './consoleDrawing';

/** Synthetic events dispatched on each element (inline handlers would run for any of them). */
const SYNTHETIC_EVENTS = ['click', 'mouseover', 'mouseenter', 'mousedown', 'focus', 'load', 'error', 'toggle', 'submit'];

/** Hovers, clicks, dispatches events on and (when focusable) presses Enter on each replayed element matching `selectors`. */
export async function pokeReplay(agent: Page, selectors: readonly string[]): Promise<void> {
  await agent.addStyleTag({ content: '#replay-root iframe { pointer-events: auto !important; } .stage .canvas-container { display: none !important; }' });
  const replay = agent.frameLocator('#replay-root iframe');
  for (const selector of selectors) {
    const element = replay.locator(selector).first();
    const box = await replayBox(agent, selector);
    const [x, y] = [box.x + box.width / 2, box.y + box.height / 2];
    await agent.mouse.move(x - 5, y - 5);
    await agent.mouse.move(x, y, { steps: 3 });
    await agent.mouse.click(x, y);
    for (const type of SYNTHETIC_EVENTS) await element.dispatchEvent(type, {}, { timeout: 2000 });
    // Keys stay inside the replay: Tab could reach the console's own buttons.
    if (await element.evaluate((e) => e instanceof HTMLElement && e.tabIndex >= 0)) {
      await element.focus();
      await agent.keyboard.press('Enter');
      await agent.keyboard.press('Space');
    }
  }
}
