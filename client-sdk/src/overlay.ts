/**
 * Draws the agent's validated marks on the shopper's page, inside the SDK's unrecorded
 * shadow root, with `pointer-events: none`. Marks follow their anchor node through scrolling
 * and resizing; marks whose node is gone, or that belong to another page load, are removed.
 * Nothing else is ever done with agent data: text goes in via textContent only.
 */
import type { Annotation, Rect } from '../../protocol/annotation';
import { placeAnnotation } from '../../protocol/annotationGeometry';
import type { AgentPublic } from '../../protocol/messages';
import { el } from './uiHost';

/** Marks currently drawn, and how to remove them. */
export interface AnnotationOverlay {
  show(annotation: Annotation, by: AgentPublic): void;
  /** Outlines these elements for a few seconds ("What can they see?"). */
  outline(elements: Element[]): void;
  clear(): void;
}

interface Mark {
  annotation: Annotation;
  element: HTMLElement;
}

const MAX_MARKS = 50;
const MAX_OUTLINES = 200;
const OUTLINE_MS = 6000;
const RELAYOUT_INTERVAL_MS = 250;

/** Creates the overlay for one recording stream; `resolveNode` maps rrweb mirror ids to nodes. */
export function createAnnotationOverlay(layer: HTMLElement, stream: number, resolveNode: (id: number) => Node | null): AnnotationOverlay {
  const marks = new Map<string, Mark>();
  let outlines: Array<{ target: Element; element: HTMLElement }> = [];
  let outlineTimer: ReturnType<typeof setTimeout> | undefined;
  let frame = 0;

  const placeBox = (element: HTMLElement, box: Rect): void => {
    const style = element.style;
    style.left = `${box.x}px`;
    style.top = `${box.y}px`;
    style.width = `${box.w}px`;
    style.height = `${box.h}px`;
  };
  const removeOutlines = (): void => {
    clearTimeout(outlineTimer);
    for (const { element } of outlines) element.remove();
    outlines = [];
  };

  const nodeBox = (annotation: Annotation): Rect | null | 'gone' => {
    if (!annotation.anchor) return null;
    const node = resolveNode(annotation.anchor.node);
    if (!(node instanceof Element) || !node.isConnected) return 'gone';
    const r = node.getBoundingClientRect();
    return { x: r.left, y: r.top, w: r.width, h: r.height };
  };

  const layout = (): void => {
    frame = 0;
    for (const [id, mark] of marks) {
      const box = nodeBox(mark.annotation);
      if (box === 'gone') {
        mark.element.remove();
        marks.delete(id);
        continue;
      }
      placeBox(mark.element, placeAnnotation(mark.annotation, box, { x: window.scrollX, y: window.scrollY }));
    }
    for (const { target, element } of outlines) {
      const r = target.getBoundingClientRect();
      placeBox(element, { x: r.left, y: r.top, w: r.width, h: r.height });
    }
  };
  const scheduleLayout = (): void => {
    if (!frame) frame = requestAnimationFrame(layout);
  };
  window.addEventListener('scroll', scheduleLayout, { capture: true, passive: true });
  window.addEventListener('resize', scheduleLayout, { passive: true });
  const timer = setInterval(scheduleLayout, RELAYOUT_INTERVAL_MS);

  return {
    show(annotation, by) {
      if (annotation.stream !== stream) return;
      marks.get(annotation.id)?.element.remove();
      if (marks.size >= MAX_MARKS) {
        const oldest = marks.keys().next().value as string;
        marks.get(oldest)?.element.remove();
        marks.delete(oldest);
      }
      const element = el('div', 'mark');
      element.setAttribute('data-mark', annotation.shape);
      element.style.borderColor = annotation.color;
      element.style.background = `${annotation.color}22`;
      const label = el('span', 'mark-label', by.name);
      label.style.background = annotation.color;
      element.append(label);
      layer.append(element);
      marks.set(annotation.id, { annotation, element });
      layout();
    },
    outline(elements) {
      removeOutlines();
      outlines = elements.slice(0, MAX_OUTLINES).map((target) => {
        const element = el('div', 'masked-outline');
        layer.append(element);
        return { target, element };
      });
      layout();
      outlineTimer = setTimeout(removeOutlines, OUTLINE_MS);
    },
    clear() {
      removeOutlines();
      clearInterval(timer);
      cancelAnimationFrame(frame);
      window.removeEventListener('scroll', scheduleLayout, { capture: true });
      window.removeEventListener('resize', scheduleLayout);
      for (const mark of marks.values()) mark.element.remove();
      marks.clear();
    },
  };
}
