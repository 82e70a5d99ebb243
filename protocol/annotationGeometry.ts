/**
 * Geometry shared by the agent (turning a drawn box into an anchor) and the shopper overlay
 * (turning an anchor back into a box on a page of any size). Pure functions, no DOM.
 */
import type { Annotation, Rect } from './annotation';

/** Expresses `box` in fractions of `node` (both in the same coordinate space). */
export function relativeToNode(box: Rect, node: Rect): Rect {
  const w = node.w || 1;
  const h = node.h || 1;
  return { x: (box.x - node.x) / w, y: (box.y - node.y) / h, w: box.w / w, h: box.h / h };
}

/**
 * Where a mark goes in viewport coordinates: relative to its anchor node's current box when
 * that node is known, else from document coordinates minus the current scroll.
 */
export function placeAnnotation(annotation: Annotation, nodeBox: Rect | null, scroll: { x: number; y: number }): Rect {
  const { anchor, box } = annotation;
  if (anchor && nodeBox) {
    return { x: nodeBox.x + anchor.x * nodeBox.w, y: nodeBox.y + anchor.y * nodeBox.h, w: anchor.w * nodeBox.w, h: anchor.h * nodeBox.h };
  }
  return { x: box.x - scroll.x, y: box.y - scroll.y, w: box.w, h: box.h };
}
