/**
 * Watches an agent's browser context for any sign that a trap payload ran or the console was
 * moved: trap hits in any frame, trap beacons, trap logs, dialogs, popups, navigations of the
 * console or of any frame to a trap URL, uncaught errors.
 */
import { expect } from 'vitest';
import type { BrowserContext, Frame, Page } from 'playwright-core';
import { installExecutionTrap, TRAP_LOG_PATTERN, TRAP_PATH } from './executionTrap';

/** Everything seen in the agent's browser that would show a payload ran or the console moved. */
export interface AgentWatch {
  page: Page;
  consoleUrl: string;
  /** Trap beacons and logs, dialogs, popups, navigations of the console or to a trap, uncaught errors. */
  incidents: string[];
}

/** True for a trap beacon or a trap page (a URL whose path starts with TRAP_PATH). */
function isTrapUrl(url: string): boolean {
  try {
    return new URL(url).pathname.startsWith(TRAP_PATH);
  } catch {
    return false;
  }
}

/** Opens `url` in a new page of `context` (the agent console, or a control page), with the trap in every frame and everything watched. */
export async function watchAgent(context: BrowserContext, url: string): Promise<AgentWatch> {
  await context.addInitScript(installExecutionTrap);
  const page = await context.newPage();
  const watch: AgentWatch = { page, consoleUrl: '', incidents: [] };
  context.on('request', (request) => isTrapUrl(request.url()) && watch.incidents.push(`request ${request.url()}`));
  context.on('page', (popup) => watch.incidents.push(`popup ${popup.url()}`));
  page.on('dialog', (dialog) => {
    watch.incidents.push(`dialog ${dialog.message()}`);
    void dialog.dismiss();
  });
  page.on('framenavigated', (frame) => {
    if (frame === page.mainFrame() && watch.consoleUrl && frame.url() !== watch.consoleUrl) watch.incidents.push(`console navigated to ${frame.url()}`);
    if (isTrapUrl(frame.url())) watch.incidents.push(`frame navigated to ${frame.url()}`);
  });
  page.on('pageerror', (error) => watch.incidents.push(`uncaught ${error.message}`));
  page.on('console', (message) => TRAP_LOG_PATTERN.test(message.text()) && watch.incidents.push(`console ${message.text()}`));
  await page.goto(url);
  watch.consoleUrl = page.url();
  expect(await page.evaluate(() => Array.isArray(window.__lookalongTrapHits))).toBe(true);
  return watch;
}

/** Trap hits recorded in every frame of the agent's page that can be read (a frame that cannot run script never answers: skipped after a second). */
export async function agentTrapHits(page: Page): Promise<string[]> {
  const read = (frame: Frame): Promise<string[]> =>
    Promise.race([
      frame.evaluate(() => window.__lookalongTrapHits ?? []).catch(() => []),
      new Promise<string[]>((resolve) => setTimeout(() => resolve([]), 1000)),
    ]);
  return (await Promise.all(page.frames().map(read))).flat();
}
