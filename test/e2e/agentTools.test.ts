/**
 * The agent's drawing tools in Chromium, end to end: the real console (toolbox mounted by the
 * session screen) over a live replay of the demo shop, keyboard shortcuts, every tool's mark on
 * the wire and on the shopper's page, Undo, Clear, the shopper hiding marks, the toolbar
 * switching off when the session ends, and picking an element with the keyboard alone.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { Annotation } from '../../protocol/annotation';
import { withServerAndBrowser } from '../helpers/browserTest';
import { intersectionOverUnion } from '../helpers/chromium';
import { drag, replayBox } from '../helpers/consoleDrawing';

type AgentSent = { t: 'annotate'; annotation: Annotation } | { t: 'unannotate'; id: string } | { t: 'clear-marks' } | { t: string };
const mark = (shape: string): string => `[data-lookalong-ui] [data-mark="${shape}"]`;

/** The agent's text frames (control messages), parsed, in send order. */
function captureSent(page: Page): AgentSent[] {
  const sent: AgentSent[] = [];
  page.on('websocket', (ws) =>
    ws.on('framesent', ({ payload }) => {
      if (typeof payload === 'string') sent.push(JSON.parse(payload) as AgentSent);
    }),
  );
  return sent;
}

/** IoU of the first mark matching `markSelector` and the first element matching `elementSelector`. */
async function overlap(shopper: Page, markSelector: string, elementSelector: string): Promise<number> {
  const [m, e] = await Promise.all([shopper.locator(markSelector).first().boundingBox(), shopper.locator(elementSelector).first().boundingBox()]);
  return m && e ? intersectionOverUnion(m, e) : 0;
}

/** The agent's sent annotations (of one shape, when given). */
function annotationsIn(sent: AgentSent[], shape?: string): Annotation[] {
  return sent.flatMap((m) => (m.t === 'annotate' && 'annotation' in m && (!shape || m.annotation.shape === shape) ? [m.annotation] : []));
}

/** Names of the pressed tool buttons. */
function pressedTools(agent: Page): Promise<Array<string | null>> {
  return agent.$$eval('[data-tool]', (els) => els.filter((e) => e.getAttribute('aria-pressed') === 'true').map((e) => e.textContent));
}

describe('agent drawing tools', () => {
  const ctx = withServerAndBrowser();

  /** The demo shop shared with an agent console that watches it live; page errors of the console are collected. */
  async function liveSession(): Promise<{ shopper: Page; agent: Page; sent: AgentSent[]; errors: string[] }> {
    const shopper = await (await ctx.browser.newContext({ viewport: { width: 1280, height: 720 } })).newPage();
    await shopper.goto(`${ctx.server.url}/demo/`);
    await shopper.waitForFunction(() => typeof window.Lookalong?.requestHelp === 'function');
    const { code } = await shopper.evaluate(() => window.Lookalong!.requestHelp());

    const agent = await (await ctx.browser.newContext({ viewport: { width: 1100, height: 800 } })).newPage();
    const errors: string[] = [];
    agent.on('pageerror', (err) => errors.push(String(err)));
    agent.on('console', (message) => message.type() === 'error' && errors.push(message.text()));
    const sent = captureSent(agent);
    await agent.goto(`${ctx.server.url}/agent/?code=${code}#token=${ctx.server.token()}`);
    await shopper.getByRole('alertdialog').getByRole('button', { name: 'Allow' }).click({ timeout: 10_000 });
    await agent.frameLocator('#replay-root iframe').getByText('Linen Throw Blanket').waitFor({ timeout: 10_000 });
    return { shopper, agent, sent, errors };
  }

  it('draws with every tool from the keyboard and pointer, undoes, clears and stops with the session', async () => {
    const { shopper, agent, sent, errors } = await liveSession();
    const annotations = (shape?: string): Annotation[] => annotationsIn(sent, shape);

    // The toolbar: toggle buttons with shortcuts, a colour input, Undo and Clear (nothing to undo yet).
    const toolbar = agent.getByRole('toolbar');
    const tool = (name: string) => toolbar.getByRole('button', { name, exact: true });
    const pressed = () => pressedTools(agent);
    for (const [name, key] of [['Pen', 'P'], ['Highlight', 'H'], ['Arrow', 'A'], ['Text', 'T'], ['Laser', 'L'], ['Element', 'E']] as const) {
      expect(await tool(name).getAttribute('aria-keyshortcuts')).toBe(key);
      expect(await tool(name).getAttribute('aria-pressed')).toBe('false');
    }
    expect(await tool('Undo').getAttribute('aria-keyshortcuts')).toBe('Control+Z Meta+Z');
    expect(await tool('Undo').getAttribute('aria-disabled')).toBe('true');
    expect(await tool('Clear my marks').getAttribute('aria-keyshortcuts')).toBe('Shift+C');
    expect(await toolbar.locator('input[type="color"]').getAttribute('aria-label')).toBe('Colour');

    // Highlight (H): a box dragged around the heading lands on it on the shopper's page.
    await agent.keyboard.press('h');
    expect(await pressed()).toEqual(['Highlight']);
    const heading = await replayBox(agent, 'h1');
    await drag(agent, { x: heading.x - 3, y: heading.y - 3 }, { x: heading.x + heading.width + 3, y: heading.y + heading.height + 3 });
    await shopper.locator(mark('rect')).waitFor({ timeout: 5000 });
    expect(await overlap(shopper, mark('rect'), 'h1')).toBeGreaterThan(0.7);
    expect(annotations('rect')[0]!.anchor).not.toBeNull();

    // Element (E): hover outlines, a click marks the whole "Add to cart" button.
    await agent.keyboard.press('e');
    const button = await replayBox(agent, '.add-to-cart');
    await agent.mouse.move(button.x + button.width / 2, button.y + button.height / 2);
    await agent.mouse.click(button.x + button.width / 2, button.y + button.height / 2);
    await shopper.locator(mark('element')).waitFor({ timeout: 5000 });
    expect(await overlap(shopper, mark('element'), '.add-to-cart')).toBeGreaterThan(0.6);
    expect(annotations('element')[0]!.anchor).toMatchObject({ x: 0, y: 0, w: 1, h: 1 });

    // Arrow (A): a horizontal arrow still gets a box of height ≥ 1 with its points on the middle line.
    const stage = (await agent.locator('#stage').boundingBox())!;
    await agent.keyboard.press('a');
    await drag(agent, { x: stage.x + 60, y: heading.y + heading.height + 40 }, { x: stage.x + 260, y: heading.y + heading.height + 40 });
    await shopper.locator(mark('arrow')).waitFor({ timeout: 5000 });
    const arrow = annotations('arrow')[0]!;
    expect(arrow.box.h).toBeGreaterThanOrEqual(1);
    expect(arrow.points).toEqual([{ x: 0, y: 0.5 }, { x: 1, y: 0.5 }]);

    // Pen (P): a long wavy stroke arrives simplified within the protocol's 400 points.
    await agent.keyboard.press('p');
    await agent.mouse.move(stage.x + 300, stage.y + 200);
    await agent.mouse.down();
    for (let i = 0; i < 500; i++) await agent.mouse.move(stage.x + 300 + i * 0.5, stage.y + 200 + 30 * Math.sin(i / 6));
    await agent.mouse.up();
    await shopper.locator(mark('pen')).waitFor({ timeout: 5000 });
    const pen = annotations('pen')[0]!;
    expect(pen.points!.length).toBeGreaterThanOrEqual(2);
    expect(pen.points!.length).toBeLessThanOrEqual(400);

    // Text (T): from the keyboard, the note input opens where the pointer rests; Enter sends.
    await agent.mouse.move(stage.x + 80, stage.y + 320);
    await agent.keyboard.press('t');
    const note = agent.getByRole('textbox', { name: 'Note for the shopper' });
    await expect.poll(() => note.evaluate((el) => el === document.activeElement)).toBe(true);
    await agent.keyboard.type('Add this one to your cart');
    await agent.keyboard.press('Enter');
    expect(await note.count()).toBe(0);
    await shopper.locator(mark('text')).waitFor({ timeout: 5000 });
    expect(await shopper.locator(`${mark('text')} .mark-note-text`).textContent()).toBe('Add this one to your cart');
    // A click opens another note; Escape drops it unsent.
    await agent.mouse.click(stage.x + 400, stage.y + 400);
    await note.waitFor();
    await agent.keyboard.type('never sent');
    await agent.keyboard.press('Escape');
    expect(await note.count()).toBe(0);
    expect(annotations('text')).toHaveLength(1);

    // Laser (L): while held, one stroke id, at most one message per ~50 ms; never kept.
    await agent.keyboard.press('l');
    await agent.mouse.move(stage.x + 100, stage.y + 450);
    await agent.mouse.down();
    const laserStart = Date.now();
    for (let i = 0; i < 20; i++) {
      await agent.mouse.move(stage.x + 100 + i * 10, stage.y + 450 + i * 2);
      await agent.waitForTimeout(25);
    }
    await agent.mouse.up();
    const laserMs = Date.now() - laserStart;
    await shopper.locator(mark('laser')).first().waitFor({ state: 'attached', timeout: 5000 });
    const lasers = annotations('laser');
    expect(new Set(lasers.map((a) => a.id)).size).toBe(1);
    expect(lasers.length).toBeGreaterThanOrEqual(3);
    expect(lasers.length).toBeLessThanOrEqual(Math.ceil(laserMs / 50) + 2);

    // Undo (Ctrl+Z) takes back the last kept mark (the note), not the laser.
    await agent.keyboard.press('Control+z');
    const noteId = annotations('text')[0]!.id;
    await expect.poll(() => sent.some((m) => m.t === 'unannotate' && 'id' in m && m.id === noteId)).toBe(true);
    await expect.poll(() => shopper.locator(mark('text')).count(), { timeout: 5000 }).toBe(0);
    expect(await shopper.locator(mark('pen')).count()).toBe(1);

    // Escape switches the tool off.
    await agent.keyboard.press('Escape');
    expect(await pressed()).toEqual([]);

    // Clear (Shift+C) removes every mark of this agent.
    await agent.keyboard.press('Shift+C');
    await expect.poll(() => sent.some((m) => m.t === 'clear-marks')).toBe(true);
    await expect.poll(() => shopper.locator('[data-lookalong-ui] [data-mark]').count(), { timeout: 5000 }).toBe(0);
    expect(await tool('Undo').getAttribute('aria-disabled')).toBe('true');

    // A preset colour applies to the next mark (Highlight picked with the mouse this time).
    await toolbar.getByRole('button', { name: 'Colour #1f5eff' }).click();
    await tool('Highlight').click();
    await drag(agent, { x: stage.x + 40, y: stage.y + 40 }, { x: stage.x + 140, y: stage.y + 100 });
    await shopper.locator(mark('rect')).waitFor({ timeout: 5000 });
    expect(annotations('rect').at(-1)!.color).toBe('#1f5eff');
    expect(await tool('Undo').getAttribute('aria-disabled')).toBe('false');

    // The shopper hides every mark: the agent is told and has nothing left to undo.
    await shopper.getByRole('button', { name: 'Hide marks' }).click();
    await agent.locator('#marks-dismissed').waitFor({ timeout: 5000 });
    await expect.poll(() => tool('Undo').getAttribute('aria-disabled')).toBe('true');

    // Once the shopper stops sharing, the tools are off and the shortcuts do nothing.
    await shopper.getByRole('button', { name: 'Stop sharing' }).click();
    await expect.poll(() => tool('Pen').isDisabled(), { timeout: 5000 }).toBe(true);
    const before = sent.length;
    await agent.keyboard.press('h');
    await drag(agent, { x: stage.x + 40, y: stage.y + 40 }, { x: stage.x + 140, y: stage.y + 100 });
    expect(await pressed()).toEqual([]);
    expect(sent.slice(before).filter((m) => m.t === 'annotate')).toHaveLength(0);
    expect(errors).toEqual([]);
  }, 60_000); // every tool in turn, 500 pen moves among them: slow when another browser test runs alongside
  it('marks an element with the keyboard alone: E, arrow keys to the candidate, Enter; Escape leaves', async () => {
    const { shopper, agent, sent, errors } = await liveSession();
    const stage = agent.locator('#stage');
    const announced = agent.locator('#stage [role="status"]');
    const focusedId = () => agent.evaluate(() => document.activeElement?.id ?? '');
    expect(await stage.getAttribute('tabindex')).toBeNull();

    // E from anywhere: the replay takes focus, names itself and announces its first candidate.
    await agent.keyboard.press('e');
    expect(await pressedTools(agent)).toEqual(['Element']);
    await expect.poll(focusedId).toBe('stage');
    expect(await stage.getAttribute('aria-label')).toBe('Shopper’s page. Element tool: arrow keys choose an element, Enter marks it, Escape leaves.');
    expect(await announced.getAttribute('aria-live')).toBe('polite');
    await expect.poll(() => announced.textContent()).toMatch(/^\S+.* \(1 of \d+\)$/);

    // Arrow keys walk the page in document order (wrapping), End and Home jump.
    await agent.keyboard.press('ArrowUp');
    const last = await announced.textContent();
    await agent.keyboard.press('Home');
    await agent.keyboard.press('End');
    expect(await announced.textContent()).toBe(last);
    await agent.keyboard.press('ArrowDown');
    expect(await announced.textContent()).toMatch(/ \(1 of \d+\)$/);
    for (let i = 0; i < 100 && !(await announced.textContent())!.startsWith('button “Add to cart”'); i++) await agent.keyboard.press('ArrowDown');
    expect(await announced.textContent()).toMatch(/^button “Add to cart” \(\d+ of \d+\)$/);

    // Enter marks it as a click would: the whole button, on the shopper's page over that button.
    await agent.keyboard.press('Enter');
    await shopper.locator(mark('element')).waitFor({ timeout: 5000 });
    expect(await overlap(shopper, mark('element'), '.add-to-cart')).toBeGreaterThan(0.7);
    expect(annotationsIn(sent, 'element')).toHaveLength(1);
    expect(annotationsIn(sent, 'element')[0]!.anchor).toMatchObject({ x: 0, y: 0, w: 1, h: 1 });
    expect(await announced.textContent()).toBe('Marked: button “Add to cart”');

    // Escape leaves: the tool is off and the replay is no longer a tab stop.
    await agent.keyboard.press('Escape');
    expect(await pressedTools(agent)).toEqual([]);
    expect(await stage.getAttribute('tabindex')).toBe('-1');
    expect(await stage.getAttribute('role')).toBeNull();

    // From the toolbar: Enter on Element moves focus to the replay, Shift+Tab and Tab go out
    // and back in (a candidate again), Escape returns focus to the Element button.
    const element = agent.getByRole('toolbar').getByRole('button', { name: 'Element', exact: true });
    await element.focus();
    await agent.keyboard.press('Enter');
    await expect.poll(focusedId).toBe('stage');
    await agent.keyboard.press('Shift+Tab');
    expect(await agent.evaluate(() => (document.activeElement as HTMLElement).dataset['tool'])).toBe('element');
    await agent.keyboard.press('Tab');
    await expect.poll(focusedId).toBe('stage');
    await expect.poll(() => announced.textContent()).toMatch(/ \(1 of \d+\)$/);
    await agent.keyboard.press('Escape');
    expect(await agent.evaluate(() => (document.activeElement as HTMLElement).dataset['tool'])).toBe('element');
    expect(annotationsIn(sent, 'element')).toHaveLength(1);
    expect(errors).toEqual([]);
  });
});
