/**
 * Reads what a person sees, from the shopper's page or from the agent's replay of it: visible
 * text (open shadow roots included), element boxes, labels inside an area, load state.
 * The in-page functions declare no named helpers: tsx's keepNames would make them call a
 * `__name` the page does not have.
 */
import type { Page } from 'playwright-core';
import type { Rect } from './pictureMatch';

/** Selector of the agent console's replay iframe. */
export const REPLAY_IFRAME = '#replay-root iframe';

/** Text of a page as rendered. */
export interface PageText {
  /** `body.innerText` plus the innerText of every open shadow root's rendered children. */
  text: string;
  /** innerText of elements whose text the SDK masks by design (selects, textareas, contenteditable, data-lookalong-mask). */
  maskedByDesign: string;
  /** Elements in the document, shadow trees included (the SDK's own UI left out). */
  elements: number;
}

/** Elements whose text the SDK masks by design, whatever it is. */
const MASKED_BY_DESIGN = 'select, textarea, [contenteditable]:not([contenteditable="false"]), [data-lookalong-mask]';

/** The visible text of the shopper's page (`frame` null) or of the replay in the console (`frame` = REPLAY_IFRAME). */
export function pageText(page: Page, frame: string | null): Promise<PageText> {
  return page.evaluate(
    ({ frameSelector, maskedSelector }) => {
      const doc = frameSelector ? document.querySelector<HTMLIFrameElement>(frameSelector)?.contentDocument : document;
      if (!doc?.body) return { text: '', maskedByDesign: '', elements: 0 };
      const parts = [doc.body.innerText];
      const masked: string[] = [];
      const roots: Array<Document | ShadowRoot> = [doc];
      let elements = 0;
      while (roots.length > 0) {
        const root = roots.pop()!;
        for (const element of Array.from(root.querySelectorAll('*'))) {
          if (element.closest('[data-lookalong-ui]')) continue;
          elements += 1;
          if (element.matches(maskedSelector)) masked.push((element as HTMLElement).innerText ?? '');
          const shadow = element.shadowRoot;
          if (!shadow) continue;
          roots.push(shadow);
          for (const child of Array.from(shadow.children)) {
            if (!/^(style|script|link|template)$/.test(child.localName)) parts.push((child as HTMLElement).innerText ?? '');
          }
        }
      }
      return { text: parts.join('\n'), maskedByDesign: masked.join('\n'), elements };
    },
    { frameSelector: frame, maskedSelector: MASKED_BY_DESIGN },
  );
}

/** Viewport boxes (clipped to the viewport, rounded out) of the visible elements matching `selectors` on the shopper's page. */
export function viewportBoxes(page: Page, selectors: readonly string[]): Promise<Rect[]> {
  if (selectors.length === 0) return Promise.resolve([]);
  return page.evaluate((selector) => {
    const boxes: Array<{ x: number; y: number; width: number; height: number }> = [];
    for (const element of Array.from(document.querySelectorAll(selector))) {
      const b = element.getBoundingClientRect();
      const x = Math.max(0, Math.floor(b.left));
      const y = Math.max(0, Math.floor(b.top));
      const right = Math.min(innerWidth, Math.ceil(b.right));
      const bottom = Math.min(innerHeight, Math.ceil(b.bottom));
      if (right > x && bottom > y) boxes.push({ x, y, width: right - x, height: bottom - y });
    }
    return boxes;
  }, selectors.join(', '));
}

/**
 * Labels the replay shows inside `rect` (replay viewport coordinates): the text, generated
 * content (::before/::after), aria-label, title or alt of each element of the replayed
 * document that lies within it.
 */
export function replayLabelsWithin(agent: Page, rect: Rect): Promise<string[]> {
  return agent.evaluate(
    ({ frameSelector, area }) => {
      const doc = document.querySelector<HTMLIFrameElement>(frameSelector)?.contentDocument;
      if (!doc?.body) return [];
      const labels: string[] = [];
      for (const element of Array.from(doc.body.querySelectorAll('*'))) {
        const b = element.getBoundingClientRect();
        const inside = b.width > 0 && b.left >= area.x - 2 && b.top >= area.y - 2 && b.right <= area.x + area.width + 2 && b.bottom <= area.y + area.height + 2;
        if (!inside) continue;
        const view = doc.defaultView;
        const generated = ['::before', '::after'].map((pseudo) => view?.getComputedStyle(element, pseudo).content ?? 'none').filter((content) => /^["'].+["']$/.test(content));
        const label = [(element as HTMLElement).innerText, ...generated, element.getAttribute('aria-label'), element.getAttribute('title'), element.getAttribute('alt')]
          .map((text) => (text ?? '').trim())
          .find((text) => text.length > 0);
        if (label) labels.push(label);
      }
      return labels;
    },
    { frameSelector: REPLAY_IFRAME, area: rect },
  );
}

/** Waits (at most `timeoutMs`) until the replay's fonts and images have finished loading or failing; false on timeout. */
export async function replayLoaded(agent: Page, timeoutMs: number): Promise<boolean> {
  try {
    await agent.waitForFunction(
      (frameSelector) => {
        const doc = document.querySelector<HTMLIFrameElement>(frameSelector)?.contentDocument;
        if (!doc?.body || doc.fonts.status !== 'loaded') return false;
        return Array.from(doc.images).every((img) => img.complete || img.loading === 'lazy');
      },
      REPLAY_IFRAME,
      { timeout: timeoutMs, polling: 100 },
    );
    return true;
  } catch {
    return false;
  }
}

/** Waits (at most `timeoutMs`) until the replayed document's root element has `attribute="value"`; false on timeout. */
export async function replayHasRootAttribute(agent: Page, attribute: string, value: string, timeoutMs: number): Promise<boolean> {
  try {
    await agent.waitForFunction(
      ({ frameSelector, name, expected }) => document.querySelector<HTMLIFrameElement>(frameSelector)?.contentDocument?.documentElement?.getAttribute(name) === expected,
      { frameSelector: REPLAY_IFRAME, name: attribute, expected: value },
      { timeout: timeoutMs, polling: 50 },
    );
    return true;
  } catch {
    return false;
  }
}
