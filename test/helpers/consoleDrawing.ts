/** Drives the agent console's drawing canvas over the live replay, as a person would. */
import type { Page } from 'playwright-core';
import type { ToolName } from '../../agent-viewer/src/tools/shortcuts';
import type { Box } from './chromium';

/** A point on the page, in CSS pixels. */
export interface Point {
  x: number;
  y: number;
}

/** Where an element of the replayed page is on the agent's screen (the replay is scaled). */
export function replayBox(agent: Page, selector: string): Promise<Box> {
  return agent.evaluate((sel) => {
    // Playwright's boundingBox() misplaces elements inside a scaled iframe: measure directly.
    const iframe = document.querySelector<HTMLIFrameElement>('#replay-root iframe')!;
    const frame = iframe.getBoundingClientRect();
    const scale = frame.width / iframe.offsetWidth;
    const b = iframe.contentDocument!.querySelector(sel)!.getBoundingClientRect();
    return { x: frame.left + b.left * scale, y: frame.top + b.top * scale, width: b.width * scale, height: b.height * scale };
  }, selector);
}

/** Presses the mouse at `from`, moves to `to` in `steps`, and releases. */
export async function drag(page: Page, from: Point, to: Point, steps = 8): Promise<void> {
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move(to.x, to.y, { steps });
  await page.mouse.up();
}

/** Turns a drawing tool on by clicking its button (any console language). */
export async function pickTool(agent: Page, tool: ToolName): Promise<void> {
  await agent.locator(`[data-tool="${tool}"]`).click();
}

/** Picks the Highlight tool (unless it is on already) and drags a box a few pixels around the replayed `selector`. */
export async function highlightElement(agent: Page, selector: string): Promise<void> {
  if ((await agent.locator('[data-tool="highlight"]').getAttribute('aria-pressed')) !== 'true') await pickTool(agent, 'highlight');
  const box = await replayBox(agent, selector);
  await drag(agent, { x: box.x - 4, y: box.y - 4 }, { x: box.x + box.width + 4, y: box.y + box.height + 4 });
}
